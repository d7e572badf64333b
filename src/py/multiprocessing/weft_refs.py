"""Cross-process reference counts for connection ends: what file descriptors give CPython.

A pipe end in CPython is an fd that each process holds its own copy of; the other side
sees end-of-file only when every copy is closed, including those of processes that died.
Here a `Connection` end is a kernel channel pair shared by the whole run, so it carries a
reference count instead (a kernel semaphore used as an atomic counter): each Connection
object holds one reference, pickling one adds a reference "in flight" that the
unpickling process takes over, and when the count reaches zero the end's channels close
(the peer's `recv` drains and then raises EOFError; its `send` raises BrokenPipeError).

Each child process also has a *holdings* table in shared memory listing the references
it holds. A child releases what is left in it when it exits (after the atexit flush of
its queues), and the parent releases it again when it sees the child gone — which
covers a child that was terminated or killed, like the OS closing a dead process's fds.
"""

import struct
import threading

import _weft

__all__ = ['new_ref', 'incref', 'release', 'record', 'forget', 'install',
           'new_table', 'TableWriter', 'sweep', 'sweep_self', 'table']

SLOTS = 128
_SLOT = struct.Struct('<III')      # ref, read channel + 1, write channel + 1 (0: none)

_lock = threading.Lock()
_table = None       # this process's holdings table; None in the main process
_slots = {}         # (ref, rch, wch) -> [slot indexes] recorded in _table
_free = []          # free slot indexes of _table
_swept = False      # the exit sweep ran: nothing is recorded any more


def table():
    return _table


def new_ref():
    """A new end with one reference, held by the caller."""
    return _weft.semaphore_new(1, None)


def incref(ref):
    _weft.semaphore_release(ref)


def _close_channels(rch, wch):
    if rch is not None:
        _weft.channel_close(rch)
    if wch is not None and wch != rch:
        _weft.channel_close(wch)


def release(ref, rch, wch):
    """Drops one reference; the last one closes the end's channels."""
    if not _weft.semaphore_acquire(ref, 0.0):
        return  # already at zero: nothing left to release
    if _weft.semaphore_value(ref) == 0:
        _close_channels(rch, wch)


def _pack(ref, rch, wch):
    return _SLOT.pack(ref, 0 if rch is None else rch + 1, 0 if wch is None else wch + 1)


def _unpack(data):
    ref, r, w = _SLOT.unpack(data)
    return ref, (r - 1 if r else None), (w - 1 if w else None)


def record(ref, rch, wch):
    """Notes that this process holds one reference. Returns False when it could not (the
    main process has no table; a full table): the reference is held all the same."""
    if _table is None:
        return False
    with _lock:
        if _swept or not _free:
            return False
        index = _free.pop()
        _weft.shared_write(_table, index * _SLOT.size, _pack(ref, rch, wch))
        _slots.setdefault((ref, rch, wch), []).append(index)
        return True


def forget(ref, rch, wch):
    """Un-notes one reference this process recorded, before releasing it. Returns False
    when it is no longer there (the exit sweep released it): do not release it again."""
    with _lock:
        indexes = _slots.get((ref, rch, wch))
        if not indexes:
            return False
        index = indexes.pop()
        if not indexes:
            del _slots[(ref, rch, wch)]
        _weft.shared_write(_table, index * _SLOT.size, bytes(_SLOT.size))
        _free.append(index)
        return True


def install(handle):
    """In a child: adopts the holdings table its parent made, with the references the
    parent already recorded for it (those pickled into its spawn payload)."""
    global _table
    data = _weft.shared_read(handle, 0, SLOTS * _SLOT.size)
    with _lock:
        _table = handle
        _slots.clear()
        _free.clear()
        for index in reversed(range(SLOTS)):
            entry = data[index * _SLOT.size:(index + 1) * _SLOT.size]
            if entry == bytes(_SLOT.size):
                _free.append(index)
            else:
                _slots.setdefault(_unpack(entry), []).append(index)


def new_table():
    """A holdings table for a child about to be spawned."""
    return _weft.shared_new(SLOTS * _SLOT.size)


class TableWriter:
    """The parent's side of a child's table: records references pickled for the child."""

    def __init__(self, handle):
        self.handle = handle
        self.next = 0
        self.lock = threading.Lock()

    def record(self, ref, rch, wch):
        with self.lock:
            if self.next >= SLOTS:
                return False
            _weft.shared_write(self.handle, self.next * _SLOT.size, _pack(ref, rch, wch))
            self.next += 1
            return True


def sweep(handle):
    """Releases every reference left in a holdings table and empties it. The parent calls
    it once its child has exited; a child calls it on its own table at exit."""
    data = _weft.shared_read(handle, 0, SLOTS * _SLOT.size)
    _weft.shared_write(handle, 0, bytes(SLOTS * _SLOT.size))
    for index in range(SLOTS):
        entry = data[index * _SLOT.size:(index + 1) * _SLOT.size]
        if entry != bytes(_SLOT.size):
            release(*_unpack(entry))


def sweep_self():
    """At a child's exit: release what it still holds, as the OS closes a process's fds."""
    global _swept
    if _table is None:
        return
    with _lock:
        _swept = True
        _slots.clear()
        _free.clear()
    sweep(_table)
