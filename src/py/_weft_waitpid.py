"""`os.waitpid` and the wait-status functions, which WASI's `os` lacks, over the run's
process table: a process may wait for its own children (multiprocessing's), by pid. The
status encodes an exit code or a signal as POSIX does, so `os.waitstatus_to_exitcode`
gives what `Process.exitcode` gives."""

import errno
import os

import _weft

WNOHANG = 1


def waitpid(pid, options):
    """(pid, status) once child `pid` has ended; (0, 0) with WNOHANG while it runs. Only
    a pid names a child here: -1 and process groups are not supported."""
    info = _weft.process_info(pid) if pid > 0 else None
    if info is None or info[1] != _weft.pid():
        raise ChildProcessError(errno.ECHILD, os.strerror(errno.ECHILD))
    code = _weft.process_wait(pid, 0.0 if options & WNOHANG else None)
    if code is None:
        return 0, 0
    return pid, (code & 0xff) << 8 if code >= 0 else -code


def WIFEXITED(status):
    return status & 0x7f == 0


def WEXITSTATUS(status):
    return (status >> 8) & 0xff


def WIFSIGNALED(status):
    return status & 0x7f not in (0, 0x7f)


def WTERMSIG(status):
    return status & 0x7f


def WIFSTOPPED(status):
    return status & 0xff == 0x7f


def waitstatus_to_exitcode(status):
    if WIFEXITED(status):
        return WEXITSTATUS(status)
    if WIFSIGNALED(status):
        return -WTERMSIG(status)
    raise ValueError(f"invalid wait status: {status}")


def install():
    for function in (waitpid, WIFEXITED, WEXITSTATUS, WIFSIGNALED, WTERMSIG, WIFSTOPPED, waitstatus_to_exitcode):
        if not hasattr(os, function.__name__):
            function.__module__ = 'posix'
            setattr(os, function.__name__, function)
    if not hasattr(os, 'WNOHANG'):
        os.WNOHANG = WNOHANG
