"""Run once in every Weft process before the user's code: on import, what every process
sets up alike (a child made from a template has it from the template's memory, see
src/engine/template.rs); then `begin()`, what belongs to this process alone."""
import _thread
import errno
import os
import posix
import sys

import _weft
from _weft_hooks import after_import

# The console shows output as it is written, like a terminal: flush at each newline.
sys.stdout.reconfigure(line_buffering=True)
sys.stderr.reconfigure(line_buffering=True)

# The Stop thread's start, before _weft_gil's: `threading` must not count that thread.
_start_new_thread = _thread.start_new_thread

# Threads run under the GIL (unless the run is free-threaded) and report their states to
# the timeline.
import _weft_gil

_weft_gil.install()

# Process ids come from the run's process table, so parents and children agree.
os.getpid = posix.getpid = _weft.standin(os.getpid, _weft.pid)
os.getppid = _weft.ppid  # WASI has none to stand in for
__import__('_weft_waitpid').install()

# No sockets in a browser: asyncio's event loop gets socket pairs and a selector made of
# kernel channels.
after_import('asyncio', lambda asyncio: __import__('_weft_selectors').install())


def _no_sockets(socket):
    # RustPython's WASI socket takes no arguments and makes an unusable object; here making
    # one fails as on a host without networking. socketpair() is asyncio's (above).
    socket.has_ipv6 = False

    def __new__(cls, *args, **kwargs):
        raise OSError(errno.ENOTSUP, 'Operation not supported: a browser tab has no sockets')

    socket.socket.__new__ = staticmethod(__new__)


after_import('socket', _no_sockets)

# No sockets for HTTP either: urllib.request's http: and https: go through the browser.
after_import('urllib.request', lambda request: __import__('_weft_urllib').install(request))

# The frozen PyPI packages have no dist-info: importlib.metadata learns their versions.
after_import('importlib.metadata', lambda metadata: __import__('_weft_packages').install())


# WASI's `_signal` has no handlers and names no signals; ours deliver those raised within
# the process (`_thread.interrupt_main`, `signal.raise_signal`).
__import__('_weft_signal').install()

# The standard library modules a tab cannot have say why on import.
__import__('_weft_stdlib').install()


def _length_hint_any_default(operator):
    # RustPython's length_hint takes its default as an unsigned size; CPython takes any
    # int, and tqdm.contrib.concurrent passes -1 to mean "no length known".
    native = operator.length_hint

    def length_hint(obj, default=0, /):
        if default < 0 and not hasattr(type(obj), '__len__') and not hasattr(type(obj), '__length_hint__'):
            return default
        return native(obj, max(default, 0))

    operator.length_hint = _weft.standin(native, length_hint)


after_import('operator', _length_hint_any_default)


def begin(resumed):
    """`resumed`: this process is a copy of a template, made in another run."""
    if resumed:
        # os.environ (whose data is posix.environ) is the template's. (Nothing there holds
        # a random state: the template has not imported `random`, which
        # tests/browser/process_start.spec.mjs checks.)
        posix.environ.clear()
        posix.environ.update(_weft.environ())
    # Stop must end busy threads at once: this thread parks them all when the page stops
    # the run.
    _start_new_thread(_weft.halt_on_stop, ())
    _weft_gil.begin()
