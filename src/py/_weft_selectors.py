"""Socket pairs and a selector for a platform without sockets: what asyncio's event loop
needs to sleep and to be woken from other threads (`call_soon_threadsafe`).

A `socket.socketpair()` end here is a pair of kernel channels (`_weft`); the selector
waits on the run's change epoch, which every channel send and close advances, so an
idle event loop sleeps without polling."""

import errno
import selectors
import socket
import time

import _weft

# Far above any descriptor the WASI host hands out, so the two never collide.
_FD_BASE = 1 << 24


class ChannelSocket:
    """One end of `socketpair()`: bytes sent at one end are received at the other."""

    def __init__(self, rx, tx, family=socket.AF_UNIX, type=socket.SOCK_STREAM, proto=0):
        self._rx, self._tx = rx, tx
        self._pending = b''
        self._timeout = None
        self._closed = False
        self.family, self.type, self.proto = family, type, proto

    def fileno(self):
        return -1 if self._closed else _FD_BASE + self._rx

    def setblocking(self, flag):
        self._timeout = None if flag else 0.0

    def settimeout(self, value):
        self._timeout = value

    def gettimeout(self):
        return self._timeout

    def _check_open(self):
        if self._closed:
            raise OSError(errno.EBADF, 'Bad file descriptor')

    def send(self, data, flags=0):
        self._check_open()
        data = bytes(data)
        if not _weft.channel_send(self._tx, data, self._timeout):
            raise BlockingIOError(errno.EAGAIN, 'Resource temporarily unavailable')
        return len(data)

    sendall = send

    def _ready(self):
        return bool(self._pending) or _weft.channel_poll(self._rx, 0.0)

    def recv(self, bufsize, flags=0):
        self._check_open()
        if not self._pending:
            try:
                frame = _weft.channel_recv(self._rx, self._timeout)
            except EOFError:
                return b''
            if frame is None:
                if self._timeout == 0.0:
                    raise BlockingIOError(errno.EAGAIN, 'Resource temporarily unavailable')
                raise TimeoutError('timed out')
            self._pending = frame
        data, self._pending = self._pending[:bufsize], self._pending[bufsize:]
        return data

    def close(self):
        if not self._closed:
            self._closed = True
            _weft.channel_close(self._tx)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self):
        return f'<weft socketpair end fd={self.fileno()}>'


def socketpair(family=socket.AF_UNIX, type=socket.SOCK_STREAM, proto=0):
    a, b = _weft.channel_new(), _weft.channel_new()
    return ChannelSocket(a, b, family, type, proto), ChannelSocket(b, a, family, type, proto)


class ChannelSelector(selectors._BaseSelectorImpl):
    """Waits for `ChannelSocket`s. Other descriptors (files) are always ready, as
    `select()` reports regular files."""

    def select(self, timeout=None):
        deadline = None if timeout is None else time.monotonic() + max(timeout, 0.0)
        while True:
            epoch = _weft.change_epoch()
            ready = [(key, events) for key, events in map(self._readiness, self._fd_to_key.values()) if events]
            if ready:
                return ready
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                return []
            _weft.change_wait(epoch, left)

    @staticmethod
    def _readiness(key):
        sock = key.fileobj
        if not isinstance(sock, ChannelSocket):
            sock = _SOCKETS.get(key.fd)
        if sock is None:
            return key, key.events
        events = key.events & selectors.EVENT_WRITE
        if key.events & selectors.EVENT_READ and sock._ready():
            events |= selectors.EVENT_READ
        return key, events


# asyncio registers the self-pipe by descriptor number; find the socket from it.
_SOCKETS = {}


def _tracked_socketpair(*args, **kwargs):
    pair = socketpair(*args, **kwargs)
    for end in pair:
        _SOCKETS[end.fileno()] = end
    return pair


def install(_asyncio=None):
    socket.socketpair = _tracked_socketpair
    selectors.DefaultSelector = ChannelSelector
