"""Weft's `_multiprocessing`: the native half of CPython's multiprocessing.synchronize.

`SemLock` is a semaphore or recursive mutex that every process of the run can use: it
lives in the run's shared kernel segment (`_weft`), and its handle is an int, so pickling
it to a child (CPython's `SemLock.__getstate__` / `_rebuild`) hands over the same object.

Kinds, as CPython numbers them: 0 RECURSIVE_MUTEX (a kernel rlock, owned by one thread
of one process), 1 SEMAPHORE (a kernel semaphore, bounded when `maxvalue` is not
SEM_VALUE_MAX; a Lock is a semaphore bounded at 1). `name` is always None: there are no
named POSIX semaphores to unlink, so synchronize.py never starts a resource tracker.
"""

import threading

import _weft

__all__ = ['SemLock', 'sem_unlink', 'flags']

RECURSIVE_MUTEX = 0
SEMAPHORE = 1

# What Linux reports for sem_getvalue's limit; CPython exposes it on the class.
SEM_VALUE_MAX = 2147483647

flags = {}


def sem_unlink(name):
    """Named semaphores do not exist here; nothing to remove."""
    return None


def _kernel_timeout(block, timeout):
    # CPython: a non-blocking acquire ignores the timeout; a negative one means 0.
    if not block:
        return 0.0
    if timeout is None:
        return None
    timeout = float(timeout)
    return timeout if timeout > 0 else 0.0


class SemLock:
    """A cross-process semaphore or recursive mutex, with CPython's `_multiprocessing.SemLock` API."""

    SEM_VALUE_MAX = SEM_VALUE_MAX

    def __init__(self, kind, value, maxvalue, name, unlink):
        if kind not in (RECURSIVE_MUTEX, SEMAPHORE):
            raise ValueError("unrecognized kind")
        if value < 0 or value > maxvalue:
            raise ValueError("invalid value")
        if kind == RECURSIVE_MUTEX:
            handle = _weft.rlock_new()
        else:
            bound = None if maxvalue >= SEM_VALUE_MAX else maxvalue
            handle = _weft.semaphore_new(value, bound)
        self._setup(handle, kind, maxvalue)

    def _setup(self, handle, kind, maxvalue):
        self.handle = handle
        self.kind = kind
        self.maxvalue = maxvalue
        self.name = None
        # For a semaphore, like CPython: how many times this process's `last_tid`
        # thread acquired it without releasing (what Condition and repr look at).
        self._count_ = 0
        self._last_tid = 0

    @classmethod
    def _rebuild(cls, handle, kind, maxvalue, name):
        self = cls.__new__(cls)
        self._setup(handle, kind, maxvalue)
        return self

    def acquire(self, block=True, timeout=None):
        wait = _kernel_timeout(block, timeout)
        if self.kind == RECURSIVE_MUTEX:
            return _weft.rlock_acquire(self.handle, wait)
        if not _weft.semaphore_acquire(self.handle, wait):
            return False
        self._count_ += 1
        self._last_tid = threading.get_ident()
        return True

    def release(self):
        if self.kind == RECURSIVE_MUTEX:
            _weft.rlock_release(self.handle)
            return
        # Raises ValueError('semaphore or lock released too many times') past maxvalue.
        _weft.semaphore_release(self.handle)
        self._count_ -= 1

    def __enter__(self):
        return self.acquire()

    def __exit__(self, *args):
        return self.release()

    def _count(self):
        if self.kind == RECURSIVE_MUTEX:
            return _weft.rlock_count(self.handle)
        return self._count_

    def _is_mine(self):
        if self.kind == RECURSIVE_MUTEX:
            return _weft.rlock_is_mine(self.handle)
        return self._count_ > 0 and self._last_tid == threading.get_ident()

    def _get_value(self):
        if self.kind == RECURSIVE_MUTEX:
            return 0 if self._is_zero() else 1
        return _weft.semaphore_value(self.handle)

    def _is_zero(self):
        if self.kind == SEMAPHORE:
            return _weft.semaphore_value(self.handle) == 0
        if _weft.rlock_count(self.handle) > 0:
            return True
        if _weft.rlock_acquire(self.handle, 0.0):
            _weft.rlock_release(self.handle)
            return False
        return True

    def _after_fork(self):
        self._count_ = 0

    def __repr__(self):
        kind = 'RECURSIVE_MUTEX' if self.kind == RECURSIVE_MUTEX else 'SEMAPHORE'
        return f'<_multiprocessing.SemLock {kind} handle={self.handle} maxvalue={self.maxvalue}>'
