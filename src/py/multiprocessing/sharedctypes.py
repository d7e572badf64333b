"""Weft's multiprocessing.sharedctypes: Value and Array in the run's shared memory.

CPython keeps these as ctypes objects in an mmap heap. Here the storage is kernel
shared bytes that every process of the run reaches by handle, packed with `struct` in
the layout and sizes of CPython on 64-bit Linux ('l' is 8 bytes, 'u' 4), and the objects
behave as the ctypes ones do: integers wrap to their width, `c_char` is a 1-byte bytes,
char arrays have `.value` and `.raw`. Types are given as typecodes ('i', 'd', 'c', ...)
or as ctypes simple types (`src/py/ctypes/`, which also converts the values).

As in CPython, these objects travel to child processes only through inheritance (as
Process arguments, while spawning); pickling one otherwise raises RuntimeError.
"""

import struct
import weakref

import _weft
from ctypes import _TYPES, _from_item, _to_item

from . import context
from .context import assert_spawning

__all__ = ['RawValue', 'RawArray', 'Value', 'Array', 'copy', 'synchronized']


def _typecode(typecode_or_type):
    code = typecode_or_type
    if not isinstance(code, str):
        code = getattr(typecode_or_type, '_type_', None)
        if not isinstance(code, str):
            raise TypeError('this type has no size')
    if code not in _TYPES:
        raise TypeError('this type has no size')
    return code


class _Shared:
    """Storage: a kernel shared-bytes object, or a window of one."""

    @classmethod
    def _at(cls, handle, offset=0):
        self = cls.__new__(cls)
        self._handle = handle
        self._offset = offset
        return self

    def _read(self, offset, n):
        return _weft.shared_read(self._handle, self._offset + offset, n)

    def _write(self, offset, data):
        _weft.shared_write(self._handle, self._offset + offset, data)


#
# Raw values
#

class _RawValue(_Shared):
    _code = None

    def __init__(self, *args):
        if len(args) > 1:
            raise TypeError(f'__init__ expected at most 1 argument, got {len(args)}')
        self._handle = _weft.shared_new(self._struct.size)
        self._offset = 0
        if args:
            self.value = args[0]

    @property
    def value(self):
        return _from_item(self._code, self._struct.unpack(self._read(0, self._struct.size))[0])

    @value.setter
    def value(self, value):
        self._write(0, self._struct.pack(_to_item(self._code, value)))

    def __repr__(self):
        return f'{type(self).__name__}({self.value!r})'

    def __reduce__(self):
        assert_spawning(self)
        return _rebuild_value, (self._code, self._handle, self._offset)


_value_types = {}


def _value_type(code):
    cls = _value_types.get(code)
    if cls is None:
        name, fmt, size = _TYPES[code]
        cls = type(name, (_RawValue,), {'_code': code, '_struct': struct.Struct('<' + fmt),
                                        '__module__': __name__})
        _value_types[code] = cls
    return cls


def _rebuild_value(code, handle, offset):
    return _value_type(code)._at(handle, offset)


#
# Raw arrays
#

class _RawArray(_Shared):
    _code = None
    _length = 0

    def __init__(self, *items):
        if len(items) > self._length:
            raise IndexError('indices must be integers')
        self._handle = _weft.shared_new(max(self._length * self._item.size, 1))
        self._offset = 0
        if items:
            self[0:len(items)] = items

    def __len__(self):
        return self._length

    def _index(self, i):
        try:
            i = i.__index__()
        except AttributeError:
            raise TypeError('indices must be integers') from None
        if i < 0:
            i += self._length
        if not 0 <= i < self._length:
            raise IndexError('invalid index')
        return i

    def _items(self, start, stop):
        size = self._item.size
        data = self._read(start * size, (stop - start) * size)
        unpack = self._item.unpack_from
        code = self._code
        return [_from_item(code, unpack(data, k * size)[0]) for k in range(stop - start)]

    def _join(self, items):
        if self._code == 'c':
            return b''.join(items)
        if self._code == 'u':
            return ''.join(items)
        return items

    def __getitem__(self, key):
        if isinstance(key, slice):
            start, stop, step = key.indices(self._length)
            if step == 1:
                return self._join(self._items(start, max(start, stop)))
            everything = self._items(0, self._length)
            return self._join(everything[start:stop:step])
        return self._items(self._index(key), self._index(key) + 1)[0]

    def __setitem__(self, key, value):
        size = self._item.size
        if isinstance(key, slice):
            start, stop, step = key.indices(self._length)
            positions = range(start, stop, step)
            values = list(value)
            if len(values) != len(positions):
                raise ValueError('Can only assign sequence of same size')
            packed = [self._item.pack(_to_item(self._code, v)) for v in values]
            if step == 1:
                if packed:
                    self._write(start * size, b''.join(packed))
            else:
                for pos, data in zip(positions, packed):
                    self._write(pos * size, data)
            return
        i = self._index(key)
        self._write(i * size, self._item.pack(_to_item(self._code, value)))

    def __iter__(self):
        return iter(self._items(0, self._length))

    def __repr__(self):
        return f'<{__name__}.{type(self).__name__} object at {id(self):#x}>'

    def __reduce__(self):
        assert_spawning(self)
        return _rebuild_array, (self._code, self._length, self._handle, self._offset)

    # Character arrays ('c': bytes, 'u': str)

    def _text(self):
        whole = self[:]
        end = whole.find(b'\0' if self._code == 'c' else '\0')
        return whole if end < 0 else whole[:end]

    def _set_text(self, value):
        if self._code == 'c':
            if not isinstance(value, (bytes, bytearray)):
                raise TypeError(f'bytes expected instead of {type(value).__name__} instance')
            if len(value) > self._length:
                raise ValueError('byte string too long')
            data = bytes(value) + (b'\0' if len(value) < self._length else b'')
            self._write(0, data)
        else:
            if not isinstance(value, str):
                raise TypeError(f'unicode string expected instead of {type(value).__name__} instance')
            if len(value) > self._length:
                raise ValueError('string too long')
            chars = list(value) + (['\0'] if len(value) < self._length else [])
            self[0:len(chars)] = chars


class _WideCharArray(_RawArray):
    """An array of characters (typecode 'u'): `.value` reads and writes it as text."""

    @property
    def value(self):
        return self._text()

    @value.setter
    def value(self, value):
        self._set_text(value)


class _CharArray(_WideCharArray):
    """An array of bytes (typecode 'c'): `.value` as text, `.raw` as the bytes."""

    @property
    def raw(self):
        return self[:]

    @raw.setter
    def raw(self, value):
        if not isinstance(value, (bytes, bytearray)):
            raise TypeError(f'a bytes-like object is required, not {type(value).__name__!r}')
        if len(value) > self._length:
            raise ValueError('byte string too long')
        self._write(0, bytes(value))


_array_types = {}


def _array_type(code, length):
    cls = _array_types.get((code, length))
    if cls is None:
        name, fmt, size = _TYPES[code]
        base = {'c': _CharArray, 'u': _WideCharArray}.get(code, _RawArray)
        cls = type(f'{name}_Array_{length}', (base,),
                   {'_code': code, '_length': length, '_item': struct.Struct('<' + fmt),
                    '__module__': __name__})
        _array_types[(code, length)] = cls
    return cls


def _rebuild_array(code, length, handle, offset):
    return _array_type(code, length)._at(handle, offset)


#
# Public functions
#

def RawValue(typecode_or_type, *args):
    """A shared value with no lock."""
    return _value_type(_typecode(typecode_or_type))(*args)


def RawArray(typecode_or_type, size_or_initializer):
    """A shared array with no lock, of a length or of the items given."""
    code = _typecode(typecode_or_type)
    if isinstance(size_or_initializer, int):
        if size_or_initializer < 0:
            raise ValueError('Array length must be >= 0')
        return _array_type(code, size_or_initializer)()
    length = len(size_or_initializer)  # TypeError for what has no len(), as CPython's
    return _array_type(code, length)(*size_or_initializer)


def Value(typecode_or_type, *args, lock=True, ctx=None):
    """A shared value guarded by `lock` (a new RLock by default; none if False)."""
    return _locked(RawValue(typecode_or_type, *args), lock, ctx)


def Array(typecode_or_type, size_or_initializer, *, lock=True, ctx=None):
    """A shared array guarded by `lock` (a new RLock by default; none if False)."""
    return _locked(RawArray(typecode_or_type, size_or_initializer), lock, ctx)


def _locked(obj, lock, ctx):
    if lock is False:
        return obj
    if lock in (True, None):
        ctx = ctx or context._default_context.get_context()
        lock = ctx.RLock()
    if not hasattr(lock, 'acquire'):
        raise AttributeError("%r has no method 'acquire'" % lock)
    return synchronized(obj, lock, ctx=ctx)


def copy(obj):
    '''A new raw object in shared memory with the same type and contents as `obj`.'''
    if isinstance(obj, SynchronizedBase):
        obj = obj.get_obj()
    new_obj = type(obj).__new__(type(obj))
    size = obj._struct.size if isinstance(obj, _RawValue) else obj._length * obj._item.size
    new_obj._handle = _weft.shared_new(max(size, 1))
    new_obj._offset = 0
    new_obj._write(0, obj._read(0, size))
    return new_obj


def synchronized(obj, lock=None, ctx=None):
    assert not isinstance(obj, SynchronizedBase), 'object already synchronized'
    ctx = ctx or context._default_context.get_context()
    if isinstance(obj, _CharArray):
        return SynchronizedString(obj, lock, ctx)
    elif isinstance(obj, _RawArray):
        return SynchronizedArray(obj, lock, ctx)
    elif isinstance(obj, _RawValue):
        return Synchronized(obj, lock, ctx)
    raise TypeError('synchronized() needs a shared value or array from this module')


#
# Synchronized wrappers: the raw object plus the lock that guards each access to it
#

def _guarded(name):
    def get(self):
        with self._lock:
            return getattr(self._obj, name)

    def set(self, value):
        with self._lock:
            setattr(self._obj, name, value)

    return property(get, set, doc=f'The shared {name}, read and written under the lock.')


class SynchronizedBase(object):

    def __init__(self, obj, lock=None, ctx=None):
        self._obj = obj
        self._lock = lock or (ctx or context._default_context.get_context()).RLock()
        self.acquire = self._lock.acquire
        self.release = self._lock.release

    def get_obj(self):
        return self._obj

    def get_lock(self):
        return self._lock

    def __enter__(self):
        return self._lock.__enter__()

    def __exit__(self, *exc):
        return self._lock.__exit__(*exc)

    def __reduce__(self):
        assert_spawning(self)       # only as a Process argument, as in CPython
        return synchronized, (self._obj, self._lock)

    def __repr__(self):
        return f'<{type(self).__name__} wrapper for {self._obj}>'


class Synchronized(SynchronizedBase):
    value = _guarded('value')


class SynchronizedArray(SynchronizedBase):

    def __len__(self):
        return len(self._obj)

    def __getitem__(self, key):
        with self._lock:
            return self._obj[key]

    def __setitem__(self, key, value):
        with self._lock:
            self._obj[key] = value


class SynchronizedString(SynchronizedArray):
    value = _guarded('value')
    raw = _guarded('raw')
