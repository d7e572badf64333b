"""Weft's multiprocessing: CPython's package, with the browser as its platform.

Everything but the platform layer is CPython's own code (context, process, queues,
pool, managers, synchronize, spawn, util, reduction). This package supplies:

- `popen_spawn_posix`: processes are new engines on Web Workers, started by the host;
- `connection`: pipes, listeners and `wait()` over the run's kernel channels;
- `sharedctypes`: Value and Array in kernel shared memory;
- `weft_sync`: Event and Barrier as kernel objects (CPython's Barrier needs an mmap
  heap, which a browser does not have);
- `_multiprocessing.SemLock` (top level): kernel semaphores and recursive locks.

The only start method is 'spawn': a browser tab cannot fork.
"""

import signal as _signal
import sys

# No signal is ever delivered here, and the engine's signal.signal() raises
# NotImplementedError. A manager's server process ignores SIGINT before serving, which is
# trivially true here: let ignoring (or defaulting) a signal succeed. (The POSIX signal
# numbers CPython's code names come from _weft_startup.)
if not getattr(_signal.signal, '_weft_tolerant', False):
    def _make_signal(original):
        def signal(signalnum, handler):
            try:
                return original(signalnum, handler)
            except NotImplementedError:
                if handler in (_signal.SIG_IGN, _signal.SIG_DFL):
                    return _signal.SIG_DFL
                raise
        signal.__doc__ = original.__doc__
        signal._weft_tolerant = True
        return signal
    _signal.signal = _make_signal(_signal.signal)

from . import context

_BROWSER_CANNOT_FORK = ("cannot find context for {!r}: a browser cannot fork a process; "
                        "use 'spawn'")


def _get_context(self, method=None):
    if method is None:
        return self
    try:
        ctx = context._concrete_contexts[method]
    except KeyError:
        if method in ('fork', 'forkserver'):
            raise ValueError(_BROWSER_CANNOT_FORK.format(method)) from None
        raise ValueError('cannot find context for %r' % method) from None
    ctx._check_available()
    return ctx


def _event(self):
    '''Returns an event object'''
    from .weft_sync import Event
    return Event(ctx=self.get_context())


def _barrier(self, parties, action=None, timeout=None):
    '''Returns a barrier object'''
    from .weft_sync import Barrier
    return Barrier(parties, action, timeout, ctx=self.get_context())


def _refuse_fd(fd):
    raise ValueError(f"file descriptor {fd} cannot be passed to another process: here each "
                     "process has its own descriptors (multiprocessing.heap's arenas, sockets)")


def _install_platform():
    for method in ('fork', 'forkserver'):
        context._concrete_contexts.pop(method, None)
    context._default_context._default_context = context._concrete_contexts['spawn']
    context.BaseContext.get_context = _get_context
    context.BaseContext.Event = _event
    context.BaseContext.Barrier = _barrier
    context.reduction.DupFd = _refuse_fd


_install_platform()

#
# Copy stuff from default context
#

__all__ = [x for x in dir(context._default_context) if not x.startswith('_')]
globals().update((name, getattr(context._default_context, name)) for name in __all__)

#
# XXX These should not really be documented or public.
#

SUBDEBUG = 5
SUBWARNING = 25

#
# Alias for main module -- will be reset by bootstrapping child processes
#

if '__main__' in sys.modules:
    sys.modules['__mp_main__'] = sys.modules['__main__']
