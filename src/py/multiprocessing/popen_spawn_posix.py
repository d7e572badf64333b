"""Weft's spawn: a child process is a new engine (its own Web Worker and wasm memory)
started by the host, bootstrapped from one pickled payload by `_weft_spawn.main()`.

The payload is what CPython's spawn writes down the child's pipe: the preparation data
(sys.path, argv, the main script to re-run as __mp_main__, ...) and the Process object,
pickled while this Popen is the "spawning popen" so that locks, queues, connections and
shared values may travel in it. It is preceded by a small header: the child's holdings
table (see weft_refs) and the run's listener registry.
"""

import _thread
import io
import threading

import _weft

from . import connection
from . import spawn
from . import util
from . import weft_refs
from .context import reduction, set_spawning_popen

__all__ = ['Popen']

# POSIX numbers: a terminated process reports exit code -signum, as CPython's do.
SIGINT = 2
SIGKILL = 9
SIGTERM = 15


class ProcessSentinel(int):
    """What `Process.sentinel` is here: an int, as on POSIX (the process's pid, as no fd
    stands for a process), that `connection.wait()` finds ready once the process ended."""

    def __new__(cls, pid):
        return super().__new__(cls, pid)

    def _weft_ready(self):
        info = _weft.process_info(int(self))
        return info is None or info[3] == 'exited'


class Popen(object):
    method = 'spawn'

    def __init__(self, process_obj):
        util._flush_std_streams()
        self.returncode = None
        self.finalizer = None
        self._exit_lock = threading.Lock()
        self._launch(process_obj)

    def _launch(self, process_obj):
        prep_data = spawn.get_preparation_data(process_obj._name)
        table = weft_refs.new_table()
        self._table = table
        # Connections pickled into the payload note themselves here for the child.
        self._weft_holdings = weft_refs.TableWriter(table)
        header = {'holdings': table, 'registry': connection._registry_handles()}
        fp = io.BytesIO()
        set_spawning_popen(self)
        try:
            reduction.dump(header, fp)
            reduction.dump(prep_data, fp)
            reduction.dump(process_obj, fp)
        except BaseException:
            weft_refs.sweep(table)
            raise
        finally:
            set_spawning_popen(None)
        try:
            # BlockingIOError(11) when the run has no room for another process.
            self.pid = _weft.process_register(process_obj._name)
        except BaseException:
            weft_refs.sweep(table)
            raise
        self.sentinel = ProcessSentinel(self.pid)
        _start_reaper()
        _weft.process_start(self.pid, fp.getvalue())

    def _exited(self, code):
        with self._exit_lock:
            if self.returncode is None:
                self.returncode = code
                _weft.process_reap(self.pid)
                # Whatever the child still held (it was killed, say) is released now,
                # as the OS closes the fds of a process that died.
                weft_refs.sweep(self._table)
        return self.returncode

    def poll(self, flag=True):
        """The exit code, or None while running; `flag` false waits for the end."""
        if self.returncode is None:
            code = _weft.process_wait(self.pid, 0.0 if flag else None)
            if code is not None:
                self._exited(code)
        return self.returncode

    def wait(self, timeout=None):
        if self.returncode is None:
            if timeout is not None:
                timeout = max(float(timeout), 0.0)
            code = _weft.process_wait(self.pid, timeout)
            if code is None:
                return self.poll()
            self._exited(code)
        return self.returncode

    def _send_signal(self, sig):
        if self.returncode is None:
            _weft.process_terminate(self.pid, sig)
            # The host ends the process at once. As soon as that is recorded, release
            # what it held, so its pipes reach EOF as a killed process's fds do, even
            # for a thread blocked in recv() meanwhile. Like kill(2), don't wait here.
            _reap_soon(self)

    def interrupt(self):
        self._send_signal(SIGINT)

    def terminate(self):
        self._send_signal(SIGTERM)

    def kill(self):
        self._send_signal(SIGKILL)

    def close(self):
        if self.finalizer is not None:
            self.finalizer()


#
# The reaper: a bare thread (invisible to threading.enumerate(), as CPython has no such
# thread) that waits for terminated or killed children to be gone and releases what
# they held. Started with the first child, so that terminate() and kill() never wait.
#

_reaper_started = False
_pending = []
_pending_lock = _thread.allocate_lock()
_wake = _thread.allocate_lock()
_wake.acquire()


def _start_reaper():
    global _reaper_started
    with _pending_lock:
        if _reaper_started:
            return
        _reaper_started = True
    try:
        _thread.start_new_thread(_reaper, ())
    except RuntimeError:
        pass  # no thread to spare: children are released when next polled instead


def _reap_soon(popen):
    with _pending_lock:
        _pending.append(popen)
    try:
        _wake.release()
    except RuntimeError:
        pass  # a wake-up is already pending


def _reaper():
    while True:
        _wake.acquire()
        while True:
            with _pending_lock:
                if not _pending:
                    break
                popen = _pending.pop()
            try:
                popen.wait()
            except BaseException:
                pass
