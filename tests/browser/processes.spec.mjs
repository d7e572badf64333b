// multiprocessing.Process: real processes (a Worker and a wasm memory each), with
// CPython's API, names, pids, exit codes and errors.
import { test, expect, py, sameAsCPython } from './fixtures.mjs';

// Runs `source` in Weft and in native CPython (spawn start method where the source asks
test('Process start, join, is_alive, exitcode, name, pid', async ({ python }) => {
  await sameAsCPython(python, py`
    import multiprocessing as mp
    def work(n):
        print("child got", n, mp.current_process().name)
    if __name__ == "__main__":
        mp.set_start_method("spawn")
        p = mp.Process(target=work, args=(7,))
        print(p.name, p.is_alive(), p.exitcode, p.pid, p.daemon)
        p.start()
        p.join()
        print(p.is_alive(), p.exitcode, isinstance(p.pid, int), p.pid == p.ident)
        q = mp.Process(target=work, kwargs={"n": 8}, name="worker-8")
        q.start(); q.join()
        print(q.name, q.exitcode, mp.current_process().name)
  `);
});

test('a Process subclass overriding run()', async ({ python }) => {
  await sameAsCPython(python, py`
    import multiprocessing as mp
    class Greeter(mp.Process):
        def __init__(self, who):
            super().__init__()
            self.who = who
        def run(self):
            print(f"{self.name} greets {self.who}")
    if __name__ == "__main__":
        mp.set_start_method("spawn")
        for who in ("ann", "bob"):
            g = Greeter(who)
            g.start()
            g.join()
  `);
});

test('pids agree across processes: os.getpid, os.getppid, parent_process', async ({ python }) => {
  const result = await python.run(py`
    import multiprocessing as mp, os
    def grandchild(q):
        q.put(("grandchild", os.getpid(), os.getppid(), mp.parent_process().pid, mp.current_process().name))
    def child(q):
        me = mp.current_process()
        q.put(("child", os.getpid(), os.getppid(), mp.parent_process().pid, me.name, me.pid,
               mp.parent_process().name))
        g = mp.Process(target=grandchild, args=(q,))
        g.start()
        q.put(("child started", g.pid))
        g.join()
    if __name__ == "__main__":
        q = mp.Queue()
        p = mp.Process(target=child, args=(q,))
        p.start()
        c = q.get(timeout=20)
        started = q.get(timeout=20)
        g = q.get(timeout=20)
        p.join()
        main = os.getpid()
        print("main has no parent:", mp.parent_process() is None)
        print("child pid:", c[1] == p.pid, c[5] == p.pid, "ppid:", c[2] == main, c[3] == main, c[6])
        print("grandchild pid:", g[1] == started[1], "ppid:", g[2] == p.pid, g[3] == p.pid, g[4])
        print("distinct:", len({main, p.pid, g[1]}) == 3, c[4])
  `);
  expect(result.stderr).toBe('');
  expect(result.stdout).toBe(
    'main has no parent: True\n' +
      'child pid: True True ppid: True True MainProcess\n' +
      'grandchild pid: True ppid: True True Process-1:1\n' +
      'distinct: True Process-1\n',
  );
});

test('current_process, active_children, join(timeout) and daemon', async ({ python }) => {
  await sameAsCPython(python, py`
    import multiprocessing as mp, time
    def nap(t):
        time.sleep(t)
    if __name__ == "__main__":
        mp.set_start_method("spawn")
        print(mp.current_process().name, mp.active_children())
        p = mp.Process(target=nap, args=(3,), daemon=True)
        print(p.daemon)
        p.start()
        start = time.monotonic()
        p.join(0.3)
        waited = time.monotonic() - start
        print("still alive:", p.is_alive(), p.exitcode, 0.25 < waited < 2)
        print("children:", [c is p for c in mp.active_children()])
        try:
            p.daemon = False
        except AssertionError as e:
            print("AssertionError:", e)
        p.terminate()
        p.join()
        print("after:", p.is_alive(), mp.active_children())
  `);
});

test('terminate() ends a process with -15 and kill() with -9, at once', async ({ python }) => {
  const result = await python.run(py`
    import multiprocessing as mp, time
    def spin():
        while True:
            pass
    def nap():
        time.sleep(30)
    if __name__ == "__main__":
        for target, stop in ((spin, "terminate"), (nap, "terminate"), (spin, "kill")):
            p = mp.Process(target=target)
            p.start()
            time.sleep(0.5)
            print(p.is_alive(), end=" ")
            start = time.monotonic()
            getattr(p, stop)()
            p.join()
            print(stop, p.exitcode, time.monotonic() - start < 2, repr(p).split(" ", 4)[4])
        p.terminate()  # already ended: no error
        print(p.exitcode)
  `);
  expect(result.stderr).toBe('');
  expect(result.stdout).toBe(
    'True terminate -15 True stopped exitcode=-SIGTERM>\n' +
      'True terminate -15 True stopped exitcode=-SIGTERM>\n' +
      'True kill -9 True stopped exitcode=-SIGKILL>\n' +
      '-9\n',
  );
});

test('exit codes: sys.exit(n), sys.exit(None), sys.exit("msg"), close()', async ({ python }) => {
  await sameAsCPython(python, py`
    import multiprocessing as mp, sys, time
    def leave(code):
        sys.exit(code)
    def nap():
        time.sleep(0.5)
    if __name__ == "__main__":
        mp.set_start_method("spawn")
        for code in (0, 3, None, -1, 256):
            p = mp.Process(target=leave, args=(code,))
            p.start(); p.join()
            print(code, p.exitcode)
        p = mp.Process(target=nap)
        p.start()
        try:
            p.close()
        except ValueError as e:
            print("ValueError:", e)
        p.join()
        p.close()
        for attempt in (p.is_alive, p.start, lambda: p.exitcode):
            try:
                attempt()
            except ValueError as e:
                print("ValueError:", e)
        print(repr(p).replace(str(p._parent_pid), "PID"))
  `);
});

test('an exception in a child prints "Process Process-1:" and its traceback; exit code 1', async ({ python }) => {
  const result = await python.run(py`
    import multiprocessing as mp
    def boom():
        raise ValueError("bad thing")
    if __name__ == "__main__":
        p = mp.Process(target=boom)
        p.start()
        p.join()
        print("exitcode", p.exitcode)
  `);
  expect(result.exitCode).toBe(0);
  expect(result.stdout).toBe('exitcode 1\n');
  expect(result.stderr).toMatch(/^Process Process-1:\nTraceback \(most recent call last\):\n/);
  expect(result.stderr).toContain('in boom\n    raise ValueError("bad thing")\n');
  expect(result.stderr).toMatch(/\nValueError: bad thing\n$/);
});

test('a target that cannot be pickled fails in start(), as in CPython', async ({ python }) => {
  const result = await python.run(py`
    import multiprocessing as mp, threading, pickle
    def show(x):
        print(x)
    if __name__ == "__main__":
        for args in ((lambda: 1,), (threading.Lock(),)):
            p = mp.Process(target=show, args=args)
            try:
                p.start()
            except Exception as e:
                print(type(e).__name__, str(e).startswith(("Can't pickle", "cannot pickle")))
        p = mp.Process(target=lambda: None)
        try:
            p.start()
        except pickle.PicklingError as e:
            print("PicklingError", "<lambda>" in str(e))
        try:
            pickle.dumps(mp.Lock())
        except RuntimeError as e:
            print("RuntimeError:", e)
        print(mp.active_children())
  `);
  expect(result.stderr).toBe('');
  expect(result.stdout).toBe(
    'PicklingError True\n' +
      'TypeError True\n' +
      'PicklingError True\n' +
      'RuntimeError: Lock objects should only be shared between processes through inheritance\n' +
      '[]\n',
  );
});

test('an unguarded start at module level gives the bootstrapping RuntimeError in the child', async ({ python }) => {
  const result = await python.run(py`
    import multiprocessing as mp
    def f():
        print("never printed")
    p = mp.Process(target=f)
    p.start()
    p.join()
    print("exitcode", p.exitcode)
  `);
  expect(result.exitCode).toBe(0);
  // The parent runs to the end; the child, re-running the module as __mp_main__, fails.
  expect(result.stdout).toBe('exitcode 1\n');
  expect(result.stderr).toContain(
    'RuntimeError: \n' +
      '        An attempt has been made to start a new process before the\n' +
      '        current process has finished its bootstrapping phase.\n',
  );
  expect(result.stderr).toContain("if __name__ == '__main__':\n                freeze_support()");
});

test('the main module is re-run as __mp_main__ in the child', async ({ python }) => {
  const result = await python.run(py`
    import multiprocessing as mp
    print("module level:", __name__)
    def f():
        print("in child:", __name__)
    if __name__ == "__main__":
        p = mp.Process(target=f)
        p.start()
        p.join()
  `);
  expect(result.stderr).toBe('');
  expect(result.stdout).toBe('module level: __main__\nmodule level: __mp_main__\nin child: __mp_main__\n');
});

test('output of concurrent children arrives a whole line at a time', async ({ python }) => {
  const result = await python.run(py`
    import multiprocessing as mp
    def talk(i):
        for n in range(200):
            print(f"child {i} line {n:03d} " + "x" * 60)
    if __name__ == "__main__":
        ps = [mp.Process(target=talk, args=(i,)) for i in range(3)]
        for p in ps: p.start()
        for p in ps: p.join()
        print("done")
  `);
  expect(result.stderr).toBe('');
  const lines = result.stdout.split('\n').filter(Boolean);
  expect(lines.at(-1)).toBe('done');
  const body = lines.slice(0, -1);
  expect(body).toHaveLength(600);
  for (const line of body) expect(line).toMatch(/^child [0-2] line \d{3} x{60}$/);
  for (let i = 0; i < 3; i++) {
    const mine = body.filter((l) => l.startsWith(`child ${i} `)).map((l) => Number(l.split(' ')[3]));
    expect(mine).toEqual([...Array(200).keys()]);
  }
});

test('the program waits for non-daemon children at exit and ends daemon ones', async ({ python }) => {
  const result = await python.run(py`
    import multiprocessing as mp, time
    def late():
        time.sleep(0.5)
        print("late child finished")
    def forever():
        while True:
            time.sleep(0.05)
    if __name__ == "__main__":
        mp.Process(target=late).start()
        mp.Process(target=forever, daemon=True).start()
        print("main done")
  `, { timeout: 60 });
  expect(result.stderr).toBe('');
  expect(result.stdout).toBe('main done\nlate child finished\n');
  expect(result.exitCode).toBe(0);
});

test('killing children while they print leaves the rest of the run printing', async ({ python }) => {
  // A killed child may be in the middle of a write to the run's output: the run must not
  // wait on it (the whole run froze when one died holding the output lock).
  const result = await python.run(py`
    import multiprocessing as mp, time
    def chatter():
        while True:
            print("chatter")
    if __name__ == "__main__":
        for i in range(16):
            p = mp.Process(target=chatter)
            p.start()
            time.sleep(0.2)
            p.kill() if i % 2 else p.terminate()
            p.join()
            print("round", i, p.exitcode)
        print("done")
  `, { timeout: 80 });
  const ours = result.stdout.split('\n').filter((line) => line !== 'chatter');
  const rounds = Array.from({ length: 16 }, (_, i) => `round ${i} ${i % 2 ? -9 : -15}`);
  expect(ours).toEqual([...rounds, 'done', '']);
  expect(result.stderr).toBe('');
});

test('starting processes in a loop hits the process limit with BlockingIOError, not a hang', async ({ python }) => {
  const result = await python.run(py`
    import multiprocessing as mp
    def wait_for(e):
        e.wait()
    if __name__ == "__main__":
        e = mp.Event()
        started = []
        try:
            for i in range(1000):
                p = mp.Process(target=wait_for, args=(e,))
                p.start()
                started.append(p)
        except OSError as err:
            print(type(err).__name__, err.errno, err.strerror, isinstance(err, BlockingIOError))
        print("started some:", len(started) > 4)
        e.set()
        for p in started:
            p.join()
        print(set(p.exitcode for p in started))
        p = mp.Process(target=wait_for, args=(e,))
        p.start(); p.join()
        print("room again:", p.exitcode)
  `, { timeout: 85 });
  expect(result.stderr).toBe('');
  expect(result.stdout).toBe(
    'BlockingIOError 11 Resource temporarily unavailable True\nstarted some: True\n{0}\nroom again: 0\n',
  );
});

test('start methods: only spawn; fork and forkserver raise ValueError', async ({ python }) => {
  const result = await python.run(py`
    import multiprocessing as mp, os
    print(mp.get_all_start_methods(), mp.get_start_method(allow_none=True), mp.get_start_method())
    ctx = mp.get_context("spawn")
    print(ctx.get_start_method(), ctx.Process.__name__, mp.get_context().get_start_method())
    for method in ("fork", "forkserver"):
        for attempt in (mp.get_context, mp.set_start_method):
            try:
                attempt(method, force=True) if attempt is mp.set_start_method else attempt(method)
            except ValueError as e:
                print("ValueError:", e)
    try:
        mp.get_context("threads")
    except ValueError as e:
        print("ValueError:", e)
    try:
        mp.set_start_method("spawn")
    except RuntimeError as e:
        print("RuntimeError:", e)
    mp.set_start_method("spawn", force=True)
    print(mp.get_start_method(), mp.cpu_count() == os.cpu_count() >= 1)
  `);
  expect(result.stderr).toBe('');
  const noFork = (m) => `ValueError: cannot find context for '${m}': a browser cannot fork a process; use 'spawn'\n`;
  expect(result.stdout).toBe(
    "['spawn'] None spawn\n" +
      'spawn SpawnProcess spawn\n' +
      noFork('fork') + noFork('fork') + noFork('forkserver') + noFork('forkserver') +
      "ValueError: cannot find context for 'threads'\n" +
      'RuntimeError: context has already been set\n' +
      'spawn True\n',
  );
});

test('cpu_count() is the browser hardware concurrency', async ({ python }) => {
  const result = await python.run(py`
    import multiprocessing as mp, os
    print(mp.cpu_count(), os.process_cpu_count())
  `);
  const cores = await python.page.evaluate(() => navigator.hardwareConcurrency);
  expect(result.stdout).toBe(`${cores} ${cores}\n`);
});

test('a child that runs out of memory dies alone with a clear message; its parent sees exit code 1', async ({ python }) => {
  const result = await python.run(py`
    import multiprocessing as mp
    def hog():
        blocks = []
        while True:
            blocks.append(bytearray(16 * 1024 * 1024))
    if __name__ == "__main__":
        p = mp.Process(target=hog)
        p.start()
        p.join()
        print("child exit code", p.exitcode)
        print("parent still running")
  `);
  expect(result.stdout).toBe('child exit code 1\nparent still running\n');
  // Either Python raises MemoryError in the child, or the host reports its trap.
  expect(result.stderr).toMatch(/MemoryError/);
  expect(result.exitCode).toBe(0);
});
