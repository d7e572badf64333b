"""Weft's multiprocessing.connection: CPython's API over the run's kernel channels.

A `Connection` is one end of a pipe. Its frames travel through kernel channels that
every process of the run can reach by handle, so pickling a Connection (to a child at
spawn, or through a queue) hands over the same pipe. Each end keeps a cross-process
reference count (`weft_refs`) that stands in for the per-process copies of a pipe fd:
when every copy of an end is closed — or its process is gone — the other end's `recv`
drains what was sent and then raises EOFError, and its `send` raises BrokenPipeError.

`Listener` and `Client` connect through an accept channel named by an address string
(or an ('host', port) pair) in a run-wide registry. `wait()` sleeps on the kernel's
change counter, which moves at every channel send or close and every process exit.
"""

__all__ = ['Client', 'Listener', 'Pipe', 'wait']

import errno
import itertools
import operator
import os
import pickle
import struct
import sys
import threading
import time

import _weft

from . import util
from . import weft_refs
from .context import AuthenticationError, BufferTooShort, reduction

_ForkingPickler = reduction.ForkingPickler

# CPython's default pipe buffer; also the ring size of a Pipe's channels.
BUFSIZE = 64 * 1024
# Connections made by Client/Listener (a manager makes many): a smaller ring suffices,
# since a frame of any size streams through.
_CLIENT_BUFSIZE = 4 * 1024

CONNECTION_TIMEOUT = 20.

default_family = 'AF_UNIX'
families = ['AF_INET', 'AF_UNIX']

_mmap_counter = itertools.count()


def arbitrary_address(family):
    """A fresh address of `family` that no listener uses yet."""
    if family == 'AF_INET':
        return ('localhost', 0)     # the port is picked when a Listener binds it
    if family == 'AF_UNIX':
        return f'/tmp/pymp-weft{os.getpid()}/sock-{os.urandom(6).hex()}'
    if family == 'AF_PIPE':
        raise ValueError('Family AF_PIPE is not recognized.')
    raise ValueError('unrecognized family')


def _validate_family(family):
    if family not in families:
        raise ValueError(f'Family {family} is not recognized.')


def address_type(address):
    """The family of an address: 'AF_INET' for (host, port), 'AF_UNIX' for a name."""
    if isinstance(address, tuple):
        return 'AF_INET'
    if isinstance(address, str):
        return 'AF_PIPE' if address.startswith('\\\\') else 'AF_UNIX'
    if isinstance(address, bytes) and util.is_abstract_socket_namespace(address):
        return 'AF_UNIX'
    raise ValueError(f'address type of {address!r} unrecognized')


#
# Pickling messages
#

# The types the pickler saves by itself, before it looks at any dispatch table.
_PLAIN = frozenset({type(None), bool, int, float, str, bytes})
# The most items of a container checked one by one (in Python) for the short way.
_PLAIN_ITEMS = 16


def _plain_pickle(obj, protocol=None):
    """`pickle.dumps(obj, protocol)` if ForkingPickler.dumps would make the same bytes: for
    an object of a _PLAIN type, or a tuple, list or dict of at most _PLAIN_ITEMS of them.
    Otherwise None. ForkingPickler.dumps copies the dispatch tables into a new pickler at
    every call, which here costs a small message several times its pickling."""
    kind = type(obj)
    if kind is tuple or kind is list:
        plain = len(obj) <= _PLAIN_ITEMS and all(type(item) in _PLAIN for item in obj)
    elif kind is dict:
        plain = (len(obj) <= _PLAIN_ITEMS and all(type(key) in _PLAIN for key in obj)
                 and all(type(value) in _PLAIN for value in obj.values()))
    else:
        plain = kind in _PLAIN
    return pickle.dumps(obj, protocol) if plain else None


def _dumps_plain_first(general):
    """ForkingPickler.dumps, taking the short way for its own class's plain messages (a
    queue's feeder thread pickles each item with it)."""
    def dumps(cls, obj, protocol=None):
        data = _plain_pickle(obj, protocol) if cls is _ForkingPickler else None
        return general(cls, obj, protocol) if data is None else memoryview(data)
    dumps.__doc__ = general.__doc__
    dumps._weft_general = general
    return classmethod(dumps)


_general_dumps = getattr(_ForkingPickler.dumps, '_weft_general', _ForkingPickler.dumps.__func__)
_ForkingPickler.dumps = _dumps_plain_first(_general_dumps)


#
# Connection
#

def _byte_window(buf, offset, size):
    """The bytes of `buf` that send_bytes(buf, offset, size) sends, checked as CPython does."""
    view = memoryview(buf)
    if view.itemsize != 1 or view.ndim != 1:
        view = view.cast('B')
    length = view.nbytes
    if offset < 0:
        raise ValueError("offset is negative")
    if offset > length:
        raise ValueError("buffer length < offset")
    if size is None:
        return view[offset:]
    if size < 0:
        raise ValueError("size is negative")
    if offset + size > length:
        raise ValueError("buffer length < offset + size")
    return view[offset:offset + size]


class Connection:
    """One end of a pipe, reached by handle from any process of the run.

    `end` is (reference semaphore, channel read from, channel written to); a one-way
    end has None for the direction it lacks.
    """

    _handle = None      # the end's reference semaphore while open: unique, so the "fd"

    def __init__(self, end, readable=True, writable=True, *, _recorded=None):
        if not isinstance(end, (tuple, list)):
            # CPython's Connection(fd): no end has a descriptor here, so one given by
            # number stays unusable (its calls raise EBADF), as a stale fd would.
            handle = operator.index(end)
            if handle < 0:
                raise ValueError("invalid handle")
            end, _recorded = (None, None, None), False
        else:
            handle = end[0]
        if not (readable or writable):
            raise ValueError(
                "at least one of `readable` and `writable` must be True")
        self._end = tuple(end)
        self._ref, self._rch, self._wch = self._end
        self._readable = readable
        self._writable = writable
        self._recorded = weft_refs.record(*self._end) if _recorded is None else _recorded
        self._handle = handle

    # State

    @property
    def closed(self):
        """Whether close() was called."""
        return self._handle is None

    @property
    def readable(self):
        """Whether this end receives."""
        return self._readable

    @property
    def writable(self):
        """Whether this end sends."""
        return self._writable

    def fileno(self):
        """The end's handle (an int), while it is open."""
        self._check_closed()
        return self._handle

    def _check_closed(self):
        if self._handle is None:
            raise OSError("handle is closed")

    def _check_readable(self):
        if not self._readable:
            raise OSError("connection is write-only")

    def _check_writable(self):
        if not self._writable:
            raise OSError("connection is read-only")

    def _ready_to(self, receive):
        self._check_closed()
        if self._ref is None:
            raise OSError(errno.EBADF, 'Bad file descriptor')
        if receive:
            self._check_readable()
        else:
            self._check_writable()

    # Closing: this process lets go of its reference to the end.

    def close(self):
        """Close this end (in this process; copies elsewhere stay open)."""
        if self._handle is None:
            return
        try:
            self._close()
        finally:
            self._handle = None

    def _close(self, _forget=weft_refs.forget, _release=weft_refs.release):
        if self._ref is None:
            return
        if self._recorded and not _forget(*self._end):
            return  # this process's exit sweep released it already
        _release(*self._end)

    def __del__(self):
        try:
            if self._handle is not None:
                self._close()
        except Exception:
            pass

    def _detach(self):
        """Forget the end without releasing it (its reference goes with the caller)."""
        self._handle = None

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, exc_tb):
        self.close()

    def __repr__(self):
        state = 'closed' if self._handle is None else f'handle={self._handle}'
        return f'<{type(self).__module__}.{type(self).__qualname__} {state}>'

    # Sending

    def send(self, obj):
        """Send an object, pickled."""
        self._ready_to(receive=False)
        data = _plain_pickle(obj)
        self._send_bytes(_ForkingPickler.dumps(obj) if data is None else data)

    def send_bytes(self, buf, offset=0, size=None):
        """Send a bytes-like object as one message, or `size` bytes of it from `offset`."""
        self._ready_to(receive=False)
        whole = type(buf) is bytes and offset == 0 and size is None
        self._send_bytes(buf if whole else _byte_window(buf, offset, size))

    def _send_bytes(self, data):
        # Blocks while the channel is full; BrokenPipeError once every reader is gone.
        _weft.channel_send(self._wch, data, None)

    # Receiving

    def recv(self):
        """Receive an object sent with send()."""
        self._ready_to(receive=True)
        return _ForkingPickler.loads(self._recv_bytes())

    def recv_bytes(self, maxlength=None):
        """Receive one message as bytes; OSError if it is longer than `maxlength`."""
        self._ready_to(receive=True)
        if maxlength is not None and maxlength < 0:
            raise ValueError("negative maxlength")
        data = self._recv_bytes()
        if maxlength is not None and len(data) > maxlength:
            # As CPython: the stream is out of step now, so stop reading from it.
            if self._writable:
                self._readable = False
            else:
                self.close()
            raise OSError("bad message length")
        return data

    def recv_bytes_into(self, buf, offset=0):
        """Receive one message into a writable buffer at byte `offset`; returns its size."""
        self._ready_to(receive=True)
        with memoryview(buf) as view:
            target = view.cast('B') if view.itemsize != 1 or view.ndim != 1 else view
            if offset < 0:
                raise ValueError("negative offset")
            if offset > target.nbytes:
                raise ValueError("offset too large")
            data = self._recv_bytes()
            if offset + len(data) > target.nbytes:
                raise BufferTooShort(data)
            target[offset:offset + len(data)] = data
            return len(data)

    def _recv_bytes(self, maxsize=None):
        try:
            return _weft.channel_recv(self._rch, None)
        except EOFError:
            raise EOFError from None    # every writer closed, and all was read

    def poll(self, timeout=0.0):
        """Whether a message (or end of file) is ready, waiting up to `timeout` seconds
        (None: until there is)."""
        self._ready_to(receive=True)
        return self._poll(timeout)

    def _poll(self, timeout):
        return _weft.channel_poll(self._rch, None if timeout is None else max(float(timeout), 0.0))

    def _weft_ready(self):
        """For wait(): a message (or end of file) is ready to receive."""
        self._check_closed()
        return self._readable and _weft.channel_poll(self._rch, 0.0)

    # Pickling hands the unpickling process its own reference to the same end.

    def __reduce__(self):
        self._check_closed()
        weft_refs.incref(self._ref)
        writer = getattr(_spawning_popen(), '_weft_holdings', None)
        noted_for_child = writer is not None and writer.record(*self._end)
        return rebuild_connection, (self._end, self._readable, self._writable,
                                    writer.handle if noted_for_child else None)


_ConnectionBase = Connection


def _spawning_popen():
    from .context import get_spawning_popen
    return get_spawning_popen()


def reduce_connection(conn):
    return conn.__reduce__()


def rebuild_connection(end, readable, writable, recorded_in=None):
    # Recorded in our holdings table by the parent at spawn: already noted there.
    recorded = recorded_in is not None and recorded_in == weft_refs.table()
    return Connection(end, readable, writable, _recorded=True if recorded else None)


reduction.register(Connection, reduce_connection)


def _new_end(rch, wch):
    return (weft_refs.new_ref(), rch, wch)


def Pipe(duplex=True):
    """Two connected ends. Duplex: both send and receive (a channel each way);
    otherwise the first only receives and the second only sends."""
    if not duplex:
        chan = _weft.channel_new(BUFSIZE)
        return (Connection(_new_end(chan, None), writable=False),
                Connection(_new_end(None, chan), readable=False))
    left_to_right = _weft.channel_new(BUFSIZE)
    right_to_left = _weft.channel_new(BUFSIZE)
    return (Connection(_new_end(right_to_left, left_to_right)),
            Connection(_new_end(left_to_right, right_to_left)))


#
# The address registry: names (and ports) of listeners, shared by the whole run
#

_REG_ENTRIES = 64
_REG_ENTRY = 128
_REG_NAME_MAX = _REG_ENTRY - 8
_REG = struct.Struct('<II')        # accept channel + 1 (0: free), name length
_registry = None                   # (mutex semaphore, table), made once per run
_registry_lock = threading.Lock()


def _registry_handles():
    """The run's registry; the main process makes it, children get it at spawn."""
    global _registry
    with _registry_lock:
        if _registry is None:
            _registry = (_weft.semaphore_new(1, 1), _weft.shared_new(_REG_ENTRIES * _REG_ENTRY))
        return _registry


def _set_registry(handles):
    global _registry
    _registry = handles


def _address_key(address):
    if type(address) == tuple:
        return 'inet:%s' % (address[1],)
    if isinstance(address, bytes):
        address = os.fsdecode(address)
    return 'unix:' + address


def _registry_entries(table):
    data = _weft.shared_read(table, 0, _REG_ENTRIES * _REG_ENTRY)
    for i in range(_REG_ENTRIES):
        at = i * _REG_ENTRY
        chan, length = _REG.unpack_from(data, at)
        name = data[at + 8:at + 8 + length].decode() if chan else None
        yield i, chan - 1 if chan else None, name


def _register(key, chan):
    name = key.encode()
    if len(name) > _REG_NAME_MAX:
        raise OSError(errno.ENAMETOOLONG, 'AF_UNIX path too long')
    mutex, table = _registry_handles()
    _weft.semaphore_acquire(mutex, None)
    try:
        free = None
        for i, c, n in _registry_entries(table):
            if c is None:
                if free is None:
                    free = i
            elif n == key:
                raise OSError(errno.EADDRINUSE, 'Address already in use')
        if free is None:
            raise OSError(errno.ENOBUFS, 'No buffer space available')
        _weft.shared_write(table, free * _REG_ENTRY, _REG.pack(chan + 1, len(name)) + name)
    finally:
        _weft.semaphore_release(mutex)


def _unregister(key, chan):
    mutex, table = _registry_handles()
    _weft.semaphore_acquire(mutex, None)
    try:
        for i, c, n in _registry_entries(table):
            if c == chan and n == key:
                _weft.shared_write(table, i * _REG_ENTRY, bytes(_REG_ENTRY))
    finally:
        _weft.semaphore_release(mutex)


def _lookup(key):
    mutex, table = _registry_handles()
    _weft.semaphore_acquire(mutex, None)
    try:
        for i, c, n in _registry_entries(table):
            if c is not None and n == key:
                return c
        return None
    finally:
        _weft.semaphore_release(mutex)


#
# Listener and Client
#

def _bind(address, family, accept):
    """Names `accept` in the registry; returns the address as the Listener reports it."""
    if family != 'AF_INET':
        _register(_address_key(address), accept)
        return address
    host, port = address
    host = {'': '0.0.0.0', 'localhost': '127.0.0.1'}.get(host, host)
    if port:
        _register(_address_key(address), accept)
        return (host, port)
    for port in range(49152, 65536):        # the dynamic range, as an OS would pick
        try:
            _register(_address_key((host, port)), accept)
            return (host, port)
        except OSError as e:
            if e.errno != errno.EADDRINUSE:
                raise
    raise OSError(errno.EADDRINUSE, 'Address already in use')


class Listener(object):
    """A named place other processes of the run connect to with Client(address).

    Each Client sends the far end of a fresh duplex pipe through the listener's accept
    channel; accept() takes the next one (and runs the authkey challenge both ways).
    """

    def __init__(self, address=None, family=None, backlog=1, authkey=None):
        if family is None:
            family = address_type(address) if address else default_family
        _validate_family(family)
        if authkey is not None and not isinstance(authkey, bytes):
            raise TypeError('authkey should be a byte string')
        self._authkey = authkey
        self._accept = _weft.channel_new(4096)
        self._address = _bind(address or arbitrary_address(family), family, self._accept)
        self._last_accepted = None
        self._open = True
        # Like a socket file, the name is removed at exit; the channel stays open, so a
        # thread still blocked in accept() stays blocked instead of failing in a loop.
        self._unbind = util.Finalize(self, _unregister,
                                     args=(_address_key(self._address), self._accept),
                                     exitpriority=0)

    @property
    def address(self):
        return self._address

    @property
    def last_accepted(self):
        """Who connected last (the client's pid, as 'pid-N')."""
        return self._last_accepted

    def accept(self):
        """Waits for the next Client and returns the Connection to it."""
        if not self._open:
            raise OSError('listener is closed')
        try:
            request = _weft.channel_recv(self._accept, None)
        except EOFError:
            raise OSError(errno.EINVAL, 'Invalid argument') from None
        end, self._last_accepted = pickle.loads(request)
        conn = Connection(end)
        if self._authkey is not None:
            deliver_challenge(conn, self._authkey)
            answer_challenge(conn, self._authkey)
        return conn

    def close(self):
        """Stops listening: the address is free again, and new clients are refused."""
        if not self._open:
            return
        self._open = False
        try:
            _weft.channel_close(self._accept)
        finally:
            self._unbind()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, exc_tb):
        self.close()


def Client(address, family=None, authkey=None):
    """A Connection to the Listener at `address` (after the authkey challenge)."""
    family = family or address_type(address)
    _validate_family(family)
    conn = _connect(address, family)
    if authkey is not None:
        if not isinstance(authkey, bytes):
            raise TypeError('authkey should be a byte string')
        answer_challenge(conn, authkey)
        deliver_challenge(conn, authkey)
    return conn


def _connect(address, family):
    accept = _lookup(_address_key(address))
    if accept is None:
        if family == 'AF_INET':
            raise ConnectionRefusedError(errno.ECONNREFUSED, 'Connection refused')
        raise FileNotFoundError(errno.ENOENT, 'No such file or directory')
    up = _weft.channel_new(_CLIENT_BUFSIZE)
    down = _weft.channel_new(_CLIENT_BUFSIZE)
    server_end = _new_end(up, down)
    client = Connection(_new_end(down, up))
    try:
        _weft.channel_send(accept, pickle.dumps((server_end, _peer_name())), None)
    except BrokenPipeError:
        weft_refs.release(*server_end)
        client.close()
        raise ConnectionRefusedError(errno.ECONNREFUSED, 'Connection refused') from None
    return client


def _peer_name():
    return 'pid-%d' % os.getpid()


#
# Authentication: CPython's challenge-response protocol (HMAC over a random message,
# the digest named in a '{name}' prefix).
#

MESSAGE_LENGTH = 40
_CHALLENGE = b'#CHALLENGE#'
_WELCOME = b'#WELCOME#'
_FAILURE = b'#FAILURE#'
_ALLOWED_DIGESTS = frozenset({b'md5', b'sha256', b'sha384', b'sha3_256', b'sha3_384'})


def _split_response(message):
    """(digest name, MAC) of a '{digest}MAC' message; ('', message) for legacy MD5."""
    if len(message) in (16, 20):
        return '', message
    if message.startswith(b'{'):
        close = message.find(b'}', 1, 2 + max(map(len, _ALLOWED_DIGESTS)))
        if close > 0 and message[1:close] in _ALLOWED_DIGESTS:
            return message[1:close].decode('ascii'), message[close + 1:]
    raise AuthenticationError(
        'unsupported message length, missing digest prefix, '
        f'or unsupported digest: {message=}')


def _mac(authkey, message, digest):
    import hmac
    try:
        return hmac.new(authkey, message, digest).digest()
    except ValueError:
        raise AuthenticationError(f'{digest=} unsupported') from None


def _check_authkey(authkey):
    if not isinstance(authkey, bytes):
        raise ValueError(
            "Authkey must be bytes, not {0!s}".format(type(authkey)))


def _create_response(authkey, message):
    """The answer to a challenge `message`: its MAC, under the digest it names."""
    digest = _split_response(message)[0]
    if digest:
        return b'{%s}%s' % (digest.encode('ascii'), _mac(authkey, message, digest))
    return _mac(authkey, message, 'md5')


def _verify_challenge(authkey, message, response):
    """Raises AuthenticationError unless `response` answers `message` under `authkey`."""
    import hmac
    digest, mac = _split_response(response)
    expected = _mac(authkey, message, digest or 'md5')
    if len(expected) != len(mac):
        raise AuthenticationError(
            f'expected {digest or "md5"!r} of length {len(expected)} got {len(mac)}')
    if not hmac.compare_digest(expected, mac):
        raise AuthenticationError('digest received was wrong')


def deliver_challenge(connection, authkey: bytes, digest_name='sha256'):
    _check_authkey(authkey)
    message = b'{%s}%s' % (digest_name.encode('ascii'), os.urandom(MESSAGE_LENGTH))
    connection.send_bytes(_CHALLENGE + message)
    response = connection.recv_bytes(256)  # an honest answer is short
    try:
        _verify_challenge(authkey, message, response)
    except AuthenticationError:
        connection.send_bytes(_FAILURE)
        raise
    connection.send_bytes(_WELCOME)


def answer_challenge(connection, authkey: bytes):
    _check_authkey(authkey)
    message = connection.recv_bytes(256)  # an honest challenge is short
    if not message.startswith(_CHALLENGE):
        raise AuthenticationError(
            f'Protocol error, expected challenge: {message=}')
    message = message[len(_CHALLENGE):]
    if len(message) < 20:
        raise AuthenticationError(f'challenge too short: {len(message)} bytes')
    connection.send_bytes(_create_response(authkey, message))
    if connection.recv_bytes(256) != _WELCOME:
        raise AuthenticationError('digest sent was rejected')


#
# Connections with another serializer (managers' 'xmlrpclib')
#

class ConnectionWrapper(object):
    """A Connection that sends and receives with another serializer."""

    def __init__(self, conn, dumps, loads):
        self._conn = conn
        self._dumps = dumps
        self._loads = loads

    def __getattr__(self, name):
        if name in ('fileno', 'close', 'poll', 'recv_bytes', 'send_bytes'):
            return getattr(self._conn, name)
        raise AttributeError(name)

    def send(self, obj):
        self._conn.send_bytes(self._dumps(obj))

    def recv(self):
        return self._loads(self._conn.recv_bytes())


def _xml_dumps(obj):
    from xmlrpc import client
    return client.dumps((obj,), allow_none=True).encode('utf-8')


def _xml_loads(data):
    from xmlrpc import client
    params, _method = client.loads(data.decode('utf-8'))
    return params[0]


class XmlListener(Listener):
    def accept(self):
        return ConnectionWrapper(super().accept(), _xml_dumps, _xml_loads)


def XmlClient(*args, **kwds):
    return ConnectionWrapper(Client(*args, **kwds), _xml_dumps, _xml_loads)


#
# wait()
#

def _ready(obj):
    try:
        ready = obj._weft_ready
    except AttributeError:
        raise TypeError(f'wait() cannot wait on {obj!r}') from None
    return ready()


def wait(object_list, timeout=None):
    '''
    Wait till an object in object_list is ready/readable.

    Returns list of those objects in object_list which are ready/readable:
    connections with a message (or end of file), process sentinels of
    processes that have ended.
    '''
    object_list = list(object_list)
    if timeout is not None:
        timeout = max(float(timeout), 0.0)
        deadline = time.monotonic() + timeout
    if len(object_list) == 1 and type(object_list[0]) is Connection:
        conn = object_list[0]
        conn._check_closed()
        if conn._readable and _weft.channel_poll(conn._rch, timeout):
            return object_list
        if conn._readable:
            return []
    while True:
        # Read the epoch before looking, so a change after the look still wakes us.
        epoch = _weft.change_epoch()
        ready = [o for o in object_list if _ready(o)]
        if ready:
            return ready
        if timeout is None:
            remaining = None
        else:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return []
        _weft.change_wait(epoch, remaining)
