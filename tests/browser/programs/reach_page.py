# Everything a program can try in order to reach the page that runs it: a bridge module
# to JavaScript, native calls, the environment, every file it can see, and HTTP to the
# page's own origin and to another one (with the cookies and the HTTP authentication the
# page holds there, if they were sent). Reads the two origins from stdin and prints what
# it found as JSON.
import json
import os
import sys
import urllib.error
import urllib.request

origin, other = input().split()
found = {}


def attempt(name, fn):
    try:
        found[name] = fn()
    except Exception as err:
        found[name] = f"{type(err).__name__}: {err}"


def get(url):
    try:
        with urllib.request.urlopen(url) as response:
            return [response.status, response.read().decode()]
    except urllib.error.HTTPError as err:
        return [err.code, err.read().decode()]


def files():
    # The standard library's served modules (under sys._stdlib_dir) are the engine's own:
    # only whether that is all they are (with the bytecode the run's imports wrote).
    seen, stdlib = {}, []
    for top, _, names in os.walk("/"):
        for name in names:
            path = os.path.join(top, name)
            if path.startswith(sys._stdlib_dir + "/"):
                stdlib.append(path)
                continue
            with open(path, "rb") as f:
                seen[path] = f.read().decode("utf-8", "replace")
    return {"own": seen, "stdlib: only modules": len(stdlib) > 100 and all(p.endswith(".py") or "/__pycache__/" in p for p in stdlib)}


for module in ("js", "pyodide", "_js", "browser", "document"):
    attempt(f"import {module}", lambda module=module: sorted(vars(__import__(module))))
attempt("ctypes.CDLL", lambda: repr(__import__("ctypes").CDLL(None)))
attempt("os.system", lambda: os.system("cat /etc/passwd"))
attempt("subprocess", lambda: __import__("subprocess").run(["ls"], capture_output=True).stdout.decode())
attempt("environ", lambda: dict(os.environ))
attempt("files", files)
attempt("/etc/passwd", lambda: open("/etc/passwd").read())
attempt("page", lambda: get(origin + "runner/"))
attempt("private", lambda: get(origin + "net/private"))
attempt("headers", lambda: json.loads(get(origin + "net/headers")[1]))
attempt("headers elsewhere", lambda: json.loads(get(other + "net/headers?cors=1")[1]))
print(json.dumps(found, indent=1))
