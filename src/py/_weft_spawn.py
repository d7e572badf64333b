"""The start of a spawned multiprocessing child: what CPython's `spawn._main` does, with
the payload the parent's Popen left for this process (see
multiprocessing/popen_spawn_posix.py). The engine calls `main()` and exits with the
code it returns.
"""

import atexit
import sys


def _release_holdings():
    # After multiprocessing.util's exit function (registered later, so run earlier) has
    # flushed this process's queues: release the pipe ends it still holds, as the OS
    # closes a process's fds at exit.
    weft_refs = sys.modules.get('multiprocessing.weft_refs')
    if weft_refs is not None:
        weft_refs.sweep_self()


atexit.register(_release_holdings)


# Everything a child needs before its payload arrives: imported while the page keeps
# this process warm, waiting for a job. (After the atexit registration above, so that
# multiprocessing.util's exit function runs before _release_holdings.)
import io
import types

import _weft

from multiprocessing import connection, process, spawn, weft_refs
from multiprocessing.context import reduction
from multiprocessing.popen_spawn_posix import ProcessSentinel


def main():
    payload = _weft.process_payload()
    # spawn.prepare() replaces __main__ with the re-run main script (__mp_main__).
    if '__main__' not in sys.modules:
        sys.modules['__main__'] = types.ModuleType('__main__')

    stream = io.BytesIO(payload)
    header = reduction.pickle.load(stream)
    weft_refs.install(header['holdings'])
    connection._set_registry(header['registry'])

    process.current_process()._inheriting = True
    try:
        preparation_data = reduction.pickle.load(stream)
        spawn.prepare(preparation_data)
        self = reduction.pickle.load(stream)
    finally:
        del process.current_process()._inheriting
    # The timeline heard nothing from this process while it waited for its job.
    for state, label in ((0, ''), (1, ''), (6, 'MainThread'), (7, self.name)):
        _weft.trace(state, label)
    exitcode = self._bootstrap(parent_sentinel=ProcessSentinel(_weft.ppid()))
    # The status the OS would report (CPython's child exits through sys.exit).
    return exitcode & 0xff
