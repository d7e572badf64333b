"""`mmap` for Weft, which RustPython's WASI build lacks: anonymous maps, and maps of files
on the in-memory file system, as far as `multiprocessing.heap` and programs use them.

A map is this process's bytes (a bytearray underneath, for the buffer protocol). A map
of a file reads the file when made and, when shared (MAP_SHARED / ACCESS_WRITE), writes
itself back at `flush()` and `close()`, through the descriptor it was given (WASI has no
`dup`), which must stay open until then. Processes have separate memory here, so a map is
never shared between processes: cross-process bytes are `multiprocessing.Value`/`Array`.
"""

import os

error = OSError

PAGESIZE = ALLOCATIONGRANULARITY = 65536     # a wasm page
MAP_SHARED, MAP_PRIVATE, MAP_ANONYMOUS = 1, 2, 32
MAP_ANON = MAP_ANONYMOUS
PROT_READ, PROT_WRITE, PROT_EXEC = 1, 2, 4
ACCESS_DEFAULT, ACCESS_READ, ACCESS_WRITE, ACCESS_COPY = 0, 1, 2, 3
_ACCESS_NAMES = ('ACCESS_DEFAULT', 'ACCESS_READ', 'ACCESS_WRITE', 'ACCESS_COPY')


def _at(fd, offset, io):
    """`io()` with `fd` at `offset`, its position kept (WASI's os has no pread/pwrite)."""
    kept = os.lseek(fd, 0, os.SEEK_CUR)
    os.lseek(fd, offset, os.SEEK_SET)
    try:
        return io()
    finally:
        os.lseek(fd, kept, os.SEEK_SET)


class mmap(bytearray):
    """mmap(fileno, length[, flags[, prot[, access[, offset]]]])"""

    def __new__(cls, *args, **kwargs):
        return super().__new__(cls)

    def __init__(self, fileno, length, flags=MAP_SHARED, prot=PROT_WRITE | PROT_READ,
                 access=ACCESS_DEFAULT, offset=0, *, trackfd=True):
        if length < 0:
            raise OverflowError("memory mapped length must be positive")
        if offset < 0:
            raise OverflowError("memory mapped offset must be positive")
        if offset % ALLOCATIONGRANULARITY:
            raise OSError(22, "Invalid argument")
        if access != ACCESS_DEFAULT and (flags != MAP_SHARED or prot != PROT_WRITE | PROT_READ):
            raise ValueError("mmap can't specify both access and flags, prot.")
        if access not in (ACCESS_DEFAULT, ACCESS_READ, ACCESS_WRITE, ACCESS_COPY):
            raise ValueError("mmap invalid access parameter.")
        self._shown = access  # repr names what was asked for, as CPython's does
        if access == ACCESS_DEFAULT:
            access = ACCESS_WRITE if prot & PROT_WRITE and flags & MAP_SHARED else (
                ACCESS_COPY if prot & PROT_WRITE else ACCESS_READ)
        self._access, self._offset, self._pos, self._fd = access, offset, 0, None
        if fileno == -1:
            super().__init__(length)
        else:
            size = os.fstat(fileno).st_size
            if length == 0:
                if offset >= size:
                    raise ValueError("mmap offset is greater than file size")
                length = size - offset
            elif offset + length > size:
                raise ValueError("mmap length is greater than file size")
            super().__init__(_at(fileno, offset, lambda: os.read(fileno, length)))
            # The map writes back through the caller's descriptor (WASI has no dup), so it
            # must stay open until the map is closed.
            self._fd = fileno
        self._open = True

    # State

    def _check(self):
        if not self._open:
            raise ValueError("mmap closed or invalid")

    def _check_writable(self):
        self._check()
        if self._access == ACCESS_READ:
            raise TypeError("mmap can't modify a readonly memory map.")

    @property
    def closed(self):
        return not self._open

    def close(self):
        if not self._open:
            return
        self.flush()
        try:
            bytearray.clear(self)
        except BufferError:
            raise BufferError("cannot close exported pointers exist") from None
        self._open = False
        self._fd = None

    def flush(self, offset=0, size=None):
        self._check()
        if self._fd is not None and self._access == ACCESS_WRITE:
            end = len(self) if size is None else offset + size
            data = bytes(super().__getitem__(slice(offset, end)))
            _at(self._fd, self._offset + offset, lambda: os.write(self._fd, data))

    def __enter__(self):
        self._check()
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass

    def __repr__(self):
        name = type(self).__module__ + '.' + type(self).__qualname__
        if not self._open:
            return f'<{name} closed=True>'
        return (f'<{name} closed=False, access={_ACCESS_NAMES[self._shown]}, '
                f'length={len(self)}, pos={self._pos}, offset={self._offset}>')

    # Sizes: a map never changes size through the bytearray's own operations.

    def size(self):
        self._check()
        if self._fd is None:
            return len(self)
        return os.fstat(self._fd).st_size

    def __len__(self):
        self._check()
        return super().__len__()

    def resize(self, newsize):
        self._check_writable()
        raise SystemError("mmap: resizing not available--no mremap()")

    def _no_resize(self, *args, **kwargs):
        raise TypeError("mmap can't resize")

    append = extend = insert = pop = remove = clear = __iadd__ = __imul__ = __delitem__ = _no_resize

    # Items and slices are bytes, as a map's are.

    def __getitem__(self, key):
        self._check()
        item = super().__getitem__(key)
        return bytes(item) if isinstance(key, slice) else item

    def __setitem__(self, key, value):
        self._check_writable()
        if isinstance(key, slice):
            start, stop, step = key.indices(len(self))
            if len(range(start, stop, step)) != len(value):
                raise IndexError("mmap slice assignment is wrong size")
        elif not -len(self) <= key < len(self):
            raise IndexError("mmap index out of range")
        super().__setitem__(key, value)

    __eq__ = object.__eq__
    __ne__ = object.__ne__
    __hash__ = None

    # The file-like side: a position, reads, writes.

    def tell(self):
        self._check()
        return self._pos

    def seek(self, pos, whence=os.SEEK_SET):
        self._check()
        base = {os.SEEK_SET: 0, os.SEEK_CUR: self._pos, os.SEEK_END: len(self)}.get(whence)
        if base is None:
            raise ValueError("unknown seek type")
        if not 0 <= base + pos <= len(self):
            raise ValueError("seek out of range")
        self._pos = base + pos
        return self._pos

    def read(self, n=None):
        self._check()
        end = len(self) if n is None or n < 0 else min(len(self), self._pos + n)
        data = bytes(super().__getitem__(slice(self._pos, end)))
        self._pos = max(self._pos, end)
        return data

    def read_byte(self):
        self._check()
        if self._pos >= len(self):
            raise ValueError("read byte out of range")
        self._pos += 1
        return super().__getitem__(self._pos - 1)

    def readline(self):
        self._check()
        end = super().find(b'\n', self._pos)
        return self.read(len(self) - self._pos if end < 0 else end + 1 - self._pos)

    def write(self, data):
        self._check_writable()
        data = memoryview(data).cast('B')
        if self._pos + len(data) > len(self):
            raise ValueError("data out of range")
        super().__setitem__(slice(self._pos, self._pos + len(data)), data)
        self._pos += len(data)
        return len(data)

    def write_byte(self, byte):
        self._check_writable()
        if self._pos >= len(self):
            raise ValueError("write byte out of range")
        super().__setitem__(self._pos, byte)
        self._pos += 1

    def find(self, sub, start=None, end=None):
        self._check()
        return super().find(sub, self._pos if start is None else start, end)

    def rfind(self, sub, start=None, end=None):
        self._check()
        return super().rfind(sub, self._pos if start is None else start, end)

    def move(self, dest, src, count):
        self._check_writable()
        if min(dest, src, count) < 0 or max(dest, src) + count > len(self):
            raise ValueError("source, destination, or count out of range")
        super().__setitem__(slice(dest, dest + count), super().__getitem__(slice(src, src + count)))
