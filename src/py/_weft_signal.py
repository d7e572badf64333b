"""Signal handlers for a platform whose `_signal` has none (WASI): `signal.signal` and
`getsignal` keep them here; `raise_signal` and `_thread.interrupt_main` deliver them to
the main thread (src/engine/signals.rs), as CPython's do for signals raised within the
process. None arrive from outside a tab. SIGINT's default handler raises
KeyboardInterrupt."""

import os
import _thread

import _weft
from _weft_hooks import after_import

SIG_DFL, SIG_IGN = 0, 1
# The POSIX numbers CPython's code names (asyncio.run, multiprocessing's exit codes).
NUMBERS = {'SIGHUP': 1, 'SIGINT': 2, 'SIGQUIT': 3, 'SIGILL': 4, 'SIGTRAP': 5, 'SIGABRT': 6,
           'SIGBUS': 7, 'SIGFPE': 8, 'SIGKILL': 9, 'SIGUSR1': 10, 'SIGSEGV': 11, 'SIGUSR2': 12,
           'SIGPIPE': 13, 'SIGALRM': 14, 'SIGTERM': 15, 'SIGCHLD': 17, 'SIGSTOP': 19}
_UNCATCHABLE = (NUMBERS['SIGKILL'], NUMBERS['SIGSTOP'])

_handlers = {}
_nsig = 65


def _check(signalnum):
    if not 1 <= signalnum < _nsig:
        raise ValueError("signal number out of range")


def _is_disposition(handler):
    return type(handler) is int and handler in (SIG_DFL, SIG_IGN)


def signal(signalnum, handler, /):
    """Sets the handler for `signalnum`; returns the previous one."""
    if _thread.get_ident() != _thread._get_main_thread_ident():
        raise ValueError("signal only works in main thread of the main interpreter")
    _check(signalnum)
    if not (_is_disposition(handler) or callable(handler)):
        raise TypeError("signal handler must be signal.SIG_IGN, signal.SIG_DFL, or a callable object")
    if signalnum in _UNCATCHABLE:
        raise OSError(22, "Invalid argument")
    previous = getsignal(signalnum)
    _handlers[signalnum] = handler
    return previous


def getsignal(signalnum, /):
    _check(signalnum)
    return _handlers.get(signalnum, SIG_DFL)


def default_action(signum):
    """What SIG_DFL does when `raise_signal` sends a signal: end the process, as killed by it."""
    import sys
    sys.stdout.flush()
    sys.stderr.flush()
    if _weft.pid() == 1:
        os._exit(128 + signum)      # what a shell reports for a death by signal
    _weft.process_terminate(_weft.pid(), signum)   # the parent sees exitcode -signum
    never = _thread.allocate_lock()
    never.acquire()
    never.acquire()     # until the page ends this process


def install():
    """Completes `_signal` before `signal` wraps it (its Signals enum reads the names)."""
    global _nsig
    import _signal
    _nsig = getattr(_signal, 'NSIG', _nsig)
    for name, number in NUMBERS.items():
        if not hasattr(_signal, name):
            setattr(_signal, name, number)
    _handlers[NUMBERS['SIGINT']] = _signal.default_int_handler
    for function in (signal, getsignal):
        function.__module__ = '_signal'
        setattr(_signal, function.__name__, function)
    _signal.raise_signal = _weft.raise_signal
    _signal.valid_signals = lambda: set(range(1, _nsig))
    _thread.interrupt_main = _weft.interrupt_main
    after_import('faulthandler', _patch_faulthandler)


def _patch_faulthandler(faulthandler):
    """Its crash helpers, which tests use to kill a process, end it as the fault would
    (RustPython's return): by the signal's default action, whatever the handler."""
    for name, signame in (('_sigsegv', 'SIGSEGV'), ('_sigabrt', 'SIGABRT'), ('_sigfpe', 'SIGFPE')):
        def crash(release_gil=False, _signum=NUMBERS[signame]):
            default_action(_signum)
        crash.__name__ = crash.__qualname__ = name
        crash.__module__ = 'faulthandler'
        setattr(faulthandler, name, crash)
