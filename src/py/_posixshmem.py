"""`_posixshmem` for Weft: named POSIX shared memory cannot exist here. Each process has
its own wasm memory, and a `memoryview` (what `SharedMemory.buf` is) can only see its own
process's memory, so no block of bytes is visible to two processes as a buffer. The
module imports (multiprocessing's resource tracker needs it to), and opening a block
says why it fails; `multiprocessing.Value`/`Array` share bytes between processes."""

import errno

_WHY = "named shared memory is not available in Weft: each process has its own memory (use multiprocessing.Value or Array)"


def shm_open(path, flags, mode=0o777):
    raise OSError(errno.ENOSYS, _WHY, path)


def shm_unlink(path):
    raise OSError(errno.ENOSYS, _WHY, path)
