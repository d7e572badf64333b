"""Event and Barrier for multiprocessing, as kernel objects shared by the whole run.

CPython builds its multiprocessing Barrier on threading.Barrier with its state in an
mmap heap, which a browser cannot provide; the kernel has a Barrier with
threading.Barrier's semantics (fill, drain, break on timeout or abort, reset). Event is
a kernel event too. Both travel to child processes by handle, and, as CPython's do,
only through inheritance (as Process arguments), not through queues.
"""

import threading
import time

import _weft

from . import context

__all__ = ['Event', 'Barrier']


def _timeout(timeout):
    return None if timeout is None else max(float(timeout), 0.0)


class Event(object):

    def __init__(self, *, ctx=None):
        self._handle = _weft.event_new()

    def is_set(self):
        return _weft.event_is_set(self._handle)

    def set(self):
        _weft.event_set(self._handle)

    def clear(self):
        _weft.event_clear(self._handle)

    def wait(self, timeout=None):
        return _weft.event_wait(self._handle, _timeout(timeout))

    def __getstate__(self):
        context.assert_spawning(self)
        return self._handle

    def __setstate__(self, state):
        self._handle = state

    def __repr__(self):
        set_status = 'set' if self.is_set() else 'unset'
        return f"<{type(self).__qualname__} at {id(self):#x} {set_status}>"


class Barrier(object):
    """threading.Barrier's API across processes. With an `action`, the last party to
    arrive runs it before any party leaves `wait()` (a second kernel barrier holds the
    others until it is done); if it raises, the barrier breaks."""

    def __init__(self, parties, action=None, timeout=None, *, ctx=None):
        if parties < 1:
            raise ValueError("parties must be >= 1")
        handles = (_weft.barrier_new(parties),
                   _weft.barrier_new(parties) if action is not None else None)
        self.__setstate__((parties, action, timeout, handles))

    def __getstate__(self):
        context.assert_spawning(self)
        return (self._parties, self._action, self._timeout, self._handles)

    def __setstate__(self, state):
        self._parties, self._action, self._timeout, self._handles = state

    def wait(self, timeout=None):
        if timeout is None:
            timeout = self._timeout
        timeout = _timeout(timeout)
        arrive, leave = self._handles
        deadline = None if timeout is None else time.monotonic() + timeout
        index = _weft.barrier_wait(arrive, timeout)
        if leave is not None:
            if index == self._parties - 1:
                try:
                    self._action()
                except:
                    self.abort()
                    raise
            remaining = None if deadline is None else max(deadline - time.monotonic(), 0.0)
            _weft.barrier_wait(leave, remaining)
        return index

    def reset(self):
        for h in self._handles:
            if h is not None:
                _weft.barrier_reset(h)

    def abort(self):
        for h in self._handles:
            if h is not None:
                _weft.barrier_abort(h)

    @property
    def parties(self):
        return self._parties

    @property
    def n_waiting(self):
        return _weft.barrier_n_waiting(self._handles[0])

    @property
    def broken(self):
        return any(_weft.barrier_broken(h) for h in self._handles if h is not None)

    def __repr__(self):
        cls = self.__class__
        if self.broken:
            return f"<{cls.__module__}.{cls.__qualname__} at {id(self):#x}: broken>"
        return (f"<{cls.__module__}.{cls.__qualname__} at {id(self):#x}:"
                f" waiters={self.n_waiting}/{self.parties}>")


# Errors a Barrier raises, for code that looks for them here.
BrokenBarrierError = threading.BrokenBarrierError
