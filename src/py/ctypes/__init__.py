"""ctypes' simple C types, for `multiprocessing.Value`/`Array` and for programs that
keep numbers in C widths. The engine cannot load C libraries (there is no libffi for
wasm), so foreign functions, pointers and structures are missing and say so.

Values behave as CPython's: integers wrap to their width, `c_char` holds one byte,
sizes are those of 64-bit Linux.
"""

import struct as _struct

# typecode -> (ctypes name, struct format, size), as CPython's typecode_to_type on
# 64-bit Linux.
_TYPES = {
    'c': ('c_char', 'c', 1), 'u': ('c_wchar', 'I', 4),
    'b': ('c_byte', 'b', 1), 'B': ('c_ubyte', 'B', 1),
    'h': ('c_short', 'h', 2), 'H': ('c_ushort', 'H', 2),
    'i': ('c_int', 'i', 4), 'I': ('c_uint', 'I', 4),
    'l': ('c_long', 'q', 8), 'L': ('c_ulong', 'Q', 8),
    'q': ('c_long', 'q', 8), 'Q': ('c_ulong', 'Q', 8),
    'f': ('c_float', 'f', 4), 'd': ('c_double', 'd', 8),
    '?': ('c_bool', '?', 1),
}
_SIGNED = set('bhilq')


def _to_item(code, value):
    """A Python value as ctypes would store it (wrapped to the C type), for struct."""
    if code == 'c':
        if isinstance(value, (bytes, bytearray)) and len(value) == 1:
            return bytes(value)
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 256:
            return bytes((value,))
        raise TypeError('one character bytes, bytearray or integer expected')
    if code == '?':
        return bool(value)
    if code == 'u':
        if isinstance(value, str) and len(value) == 1:
            return ord(value)
        raise TypeError('one character unicode string expected')
    if code in 'fd':
        if isinstance(value, (int, float)) or hasattr(value, '__float__'):
            return float(value)
        raise TypeError(f'must be real number, not {type(value).__name__}')
    if isinstance(value, float):
        raise TypeError("'float' object cannot be interpreted as an integer")
    try:
        value = value.__index__()
    except AttributeError:
        raise TypeError(f"'{type(value).__name__}' object cannot be interpreted as an integer") from None
    bits = 8 * _TYPES[code][2]
    value &= (1 << bits) - 1
    if code in _SIGNED and value >= 1 << (bits - 1):
        value -= 1 << bits
    return value


def _from_item(code, item):
    if code == 'u':
        return chr(item)
    return item




def _default(code):
    return {'c': b'\x00', 'u': '\x00', '?': False, 'f': 0.0, 'd': 0.0}.get(code, 0)


class _SimpleCData:
    _type_ = None
    __slots__ = ('_value',)

    def __init__(self, value=None):
        self.value = _default(self._type_) if value is None else value

    @property
    def value(self):
        return self._value

    @value.setter
    def value(self, value):
        code = self._type_
        item = _to_item(code, value)
        if code in 'fd':
            item = _struct.unpack(code, _struct.pack(code, item))[0]
        self._value = _from_item(code, item)

    def __repr__(self):
        return f'{type(self).__name__}({self.value!r})'

    def __bool__(self):
        return bool(self.value)

    def __eq__(self, other):
        # ctypes compares by identity, not by value.
        return self is other

    __hash__ = object.__hash__


def _simple(name, code):
    return type(name, (_SimpleCData,), {'_type_': code, '__slots__': (), '__module__': __name__})


# c_char, c_wchar, c_byte, c_ubyte, c_short, c_ushort, c_int, c_uint, c_long, c_ulong,
# c_float, c_double, c_bool: one class per C type of the table ('q' names c_long again).
for _code, (_name, _format, _size) in _TYPES.items():
    if _name not in globals():
        globals()[_name] = _simple(_name, _code)
del _code, _name, _format, _size
# As on 64-bit Linux, where these are the same classes.
c_longlong, c_ulonglong = c_long, c_ulong
c_size_t, c_ssize_t = c_ulong, c_long
c_int8, c_uint8, c_int16, c_uint16 = c_byte, c_ubyte, c_short, c_ushort
c_int32, c_uint32, c_int64, c_uint64 = c_int, c_uint, c_long, c_ulong


def sizeof(obj_or_type):
    code = getattr(obj_or_type, '_type_', None)
    if code not in _TYPES:
        raise TypeError('this type has no size')
    return _TYPES[code][2]


alignment = sizeof


def __getattr__(name):
    raise AttributeError(
        f"module 'ctypes' has no attribute {name!r}: Weft's ctypes has the simple C types "
        f"only, no foreign functions, pointers or structures (a browser cannot load C libraries)")
