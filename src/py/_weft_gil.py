"""Threads as the GIL and the timeline see them. `install()` (from `_weft_startup`) wraps
what `threading`, `queue` and `time` block in, so that a blocking call releases the GIL
and shows on the timeline, and starts every thread through `_weft.thread_begin`; before
anything imports them, since `threading` keeps its own references. `begin()`, in each
process, sets up the switch requests in GIL mode (see src/engine/gil.rs)."""

import _imp
import _thread
import builtins
import functools
import gc
import os
import sys
import time

import _weft

# sys.monitoring's optimizer slot: the one a program is least likely to claim.
_TOOL = 5

_get_ident = _thread.get_ident
_blocking = _weft.blocking


class RLock:
    """`_thread.RLock` over `_weft.lock`."""

    __module__ = '_thread'
    __slots__ = ('_block', '_owner', '_count', '__weakref__')

    # CPython's RLock takes (and ignores) any arguments: threading.RLock only warns.
    def __init__(self, *args, **kwargs):
        self._block = _weft.lock()
        self._owner = 0
        self._count = 0

    def acquire(self, blocking=True, timeout=-1):
        me = _get_ident()
        if self._owner == me:
            _weft.acquire_check(blocking, timeout)
            self._count += 1
            return True
        if not self._block.acquire(blocking, timeout):
            return False
        self._owner = me
        self._count = 1
        return True

    __enter__ = acquire

    def release(self):
        if self._owner != _get_ident():
            raise RuntimeError('cannot release un-acquired lock')
        self._count -= 1
        if not self._count:
            self._owner = 0
            self._block.release()

    def __exit__(self, *exc):
        self.release()

    def locked(self):
        return self._block.locked()

    def _is_owned(self):
        return self._owner == _get_ident()

    def _recursion_count(self):
        return self._count if self._owner == _get_ident() else 0

    def _release_save(self):
        if not self._count:
            raise RuntimeError('cannot release un-acquired lock')
        state = (self._count, self._owner)
        self._count = 0
        self._owner = 0
        self._block.release()
        return state

    def _acquire_restore(self, state):
        self._block.acquire()
        self._count, self._owner = state

    def _at_fork_reinit(self):
        self._block._at_fork_reinit()
        self._owner = 0
        self._count = 0

    def __repr__(self):
        return (f'<{"locked" if self.locked() else "unlocked"} {type(self).__module__}.'
                f'{type(self).__qualname__} object owner={self._owner} count={self._count} at {id(self):#x}>')


class _SwitchRequest:
    """Garbage that a thread waiting for the GIL leaves for the holder to collect (see
    src/engine/gil.rs). Only loops hand the GIL over, not calls: RustPython runs some
    Python code (the stdout encoder, say) inside its own locks, and a thread switched
    out there would block every thread that prints."""

    def __del__(self):
        _arm()


_arm = functools.partial(sys.monitoring.set_events, _TOOL, sys.monitoring.events.JUMP)


def _patch_gc():
    # The switch requests need the collector on: gc.disable() stops automatic
    # collections with a gen-0 threshold no program reaches instead, and the gc functions
    # report what the program set.
    get_threshold, set_threshold = gc.get_threshold, gc.set_threshold
    kept = None  # the program's thresholds while it has the collector off

    def disable():
        nonlocal kept
        if kept is None:
            kept = get_threshold()
            set_threshold(2 ** 31 - 1, *kept[1:])

    def enable():
        nonlocal kept
        if kept is not None:
            set_threshold(*kept)
            kept = None

    def isenabled():
        return kept is None

    def get_threshold_kept():
        return kept or get_threshold()

    def set_threshold_kept(*thresholds):
        nonlocal kept
        if kept is None:
            set_threshold(*thresholds)
        else:
            set_threshold(*thresholds)  # the checks and errors of the real one
            kept = get_threshold()
            set_threshold(2 ** 31 - 1, *kept[1:])

    for function in (disable, enable, isenabled, get_threshold_kept, set_threshold_kept):
        name = function.__name__.removesuffix('_kept')
        setattr(gc, name, _weft.standin(getattr(gc, name), function))


def _run_thread(function, args=(), kwargs=None):
    _weft.thread_begin()
    try:
        thread = getattr(function, '__self__', None)
        name = getattr(thread, 'name', None)
        if isinstance(name, str):
            _weft.trace(6, name)
        return function(*args, **(kwargs or {}))
    finally:
        _weft.thread_end()


class _ThreadHandle:
    """`_thread._ThreadHandle` around the native one, whose `join` waits holding the GIL."""

    __module__ = '_thread'
    __slots__ = ('_native',)

    def __init__(self):
        self._native = _NativeHandle()

    @classmethod
    def _around(cls, native):
        handle = cls.__new__(cls)
        handle._native = native
        return handle

    @property
    def ident(self):
        return self._native.ident

    def is_done(self):
        return self._native.is_done()

    def _set_done(self):
        self._native._set_done()

    def join(self, *args, **kwargs):
        if kwargs:
            return self._native.join(*args, **kwargs)  # raises CPython's TypeError
        return _weft.join_thread(self._native, *args)

    def __repr__(self):
        return f'<_thread._ThreadHandle object: ident={self.ident}>'


_NativeHandle = _thread._ThreadHandle


def _joinable_through_run_thread(start):
    def start_joinable_thread(function, handle=None, daemon=True):
        if handle is None:
            handle = _ThreadHandle()
        elif type(handle) is not _ThreadHandle:
            raise TypeError("'handle' must be a _ThreadHandle")
        start(functools.partial(_run_thread, function), handle=handle._native, daemon=daemon)
        return handle
    return _weft.standin(start, start_joinable_thread)


def _handle_of(make):
    def make_thread_handle(ident):
        return _ThreadHandle._around(make(ident))
    return _weft.standin(make, make_thread_handle)


def _run_new_thread(function, args, kwargs):
    """`_run_thread` for `_thread.start_new_thread`, whose uncaught exception goes to
    sys.unraisablehook naming `function`, as CPython's does (the engine's would name us)."""
    try:
        _run_thread(function, args, kwargs)
    except SystemExit:
        pass
    except BaseException as exc:
        _weft.unraisable(exc, f'Exception ignored in thread started by {function!r}')


def _through_run_thread(start):
    # start_new_thread(function, args[, kwargs]): the arguments travel with _run_new_thread.
    def start_new_thread(function, args, kwargs=None):
        return start(_run_new_thread, (function, args, kwargs))
    return _weft.standin(start, start_new_thread)


class _Stdin:
    """sys.stdin, whose reads wait for the console without the GIL (input() reads
    through it too)."""

    def __init__(self, stdin):
        self._stdin = stdin
        for name in ('read', 'readline', 'readlines'):
            setattr(self, name, _weft.releasing(getattr(stdin, name), False, f'sys.stdin.{name}'))

    def __getattr__(self, name):
        return getattr(self._stdin, name)

    def __iter__(self):
        return self

    def __next__(self):
        line = self.readline()
        if not line:
            raise StopIteration
        return line


def _patch_select(select):
    # Its timeout sleeps (descriptors here are always ready).
    select.select = _weft.releasing(select.select, True, 'select.select')


def get_native_id():
    """The calling thread's id among all the run's processes (a kernel owner id): CPython's
    is the OS's thread id, which WASI has none of."""
    return _weft.owner()


get_native_id.__module__ = '_thread'


def install():
    _thread.allocate_lock = _weft.standin(_thread.allocate_lock, _weft.lock)
    _thread.LockType = _thread.lock = _weft.lock
    _thread.RLock = RLock
    _thread.start_joinable_thread = _joinable_through_run_thread(_thread.start_joinable_thread)
    _thread._ThreadHandle = _ThreadHandle
    _thread._make_thread_handle = _handle_of(_thread._make_thread_handle)
    _thread.start_new_thread = _thread.start_new = _through_run_thread(_thread.start_new_thread)
    _thread.get_native_id = get_native_id
    _thread._shutdown = _weft.releasing(_thread._shutdown, False, 'threading._shutdown (waiting for threads)')
    _imp.acquire_lock = _weft.releasing(_imp.acquire_lock, False, 'import lock')
    time.sleep = _weft.sleeper(time.sleep)
    # Reading stdin waits for the console; writing waits while the output ring is full.
    os.read = _weft.releasing(os.read, False, 'os.read')
    os.write = _weft.releasing(os.write, False, 'os.write')
    if sys.stdin is not None:
        sys.stdin = _Stdin(sys.stdin)
    builtins.input = _weft.standin(builtins.input, _weft.input)

    from _weft_hooks import after_import
    after_import('select', _patch_select)


def begin():
    """This process's GIL (in GIL mode) and its main thread's start on the timeline."""
    _weft.thread_begin()
    _weft.trace(6, 'MainThread')
    if _weft.pid() == 1:
        _weft.trace(7, 'MainProcess')
    if os.environ.get('WEFT_GIL', '1') != '0':
        sys.monitoring.use_tool_id(_TOOL, 'weft GIL')
        sys.monitoring.register_callback(_TOOL, sys.monitoring.events.JUMP, _weft.gil_check)
        _weft.gil_enable(_SwitchRequest, functools.partial(sys.monitoring.set_events, _TOOL, 0))
        _patch_gc()
        setinterval = sys.setswitchinterval

        def setswitchinterval(interval):
            setinterval(interval)
            _weft.gil_set_interval(sys.getswitchinterval())

        sys.setswitchinterval = _weft.standin(setinterval, setswitchinterval)
        _weft.gil_set_interval(sys.getswitchinterval())
    enabled = _weft.gil_enabled()
    sys._is_gil_enabled = _weft.standin(sys._is_gil_enabled, lambda: enabled)


