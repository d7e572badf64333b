"""Plain messages (None, bools, ints, floats, strs, bytes, and small tuples, lists and
dicts of them) take a short way through ForkingPickler.dumps and Connection.send in Weft.
The bytes must be the general way's, and every value must arrive as itself, through a
Pipe and a Queue, both ways between processes; anything else keeps its reducers."""
import io
import math
import multiprocessing as mp
from multiprocessing.reduction import ForkingPickler


class Count(int):
    pass


class Point:
    def __init__(self, x):
        self.x = x


def reduce_point(point):
    return Point, (point.x * 10,)   # visible: the reducer ran


ForkingPickler.register(Point, reduce_point)

VALUES = [
    None, True, False, 0, -1, 2 ** 100, -(2 ** 70), 1.5, -0.0, math.inf, math.nan, '',
    'héllo ✓', b'', b'\x00\xff', (), (1, 'a', None), [1, 2.0, b'x'], {'a': 1, 2: None},
    {'k': [1]}, list(range(16)), list(range(17)), (Count(3),), [[1], [1]], ('same',) * 3,
    {1.5: True}, (Point(1),), [Point(2)], {'p': Point(3)},
]


def general(obj):
    buf = io.BytesIO()
    ForkingPickler(buf).dump(obj)
    return buf.getvalue()


def show(value):
    """repr with each item's type, where == alone would not tell 1 from True or nan from nan."""
    if isinstance(value, Point):
        return f'Point({value.x})'
    if isinstance(value, (tuple, list)):
        return f'{type(value).__name__}[{", ".join(show(v) for v in value)}]'
    if isinstance(value, dict):
        return '{' + ', '.join(f'{show(k)}: {show(v)}' for k, v in value.items()) + '}'
    return f'{type(value).__name__}:{value!r}'


def echo(conn, queue):
    while (item := conn.recv()) != 'end':
        conn.send(item)
        queue.put(item)
    queue.put('end')


if __name__ == '__main__':
    for value in VALUES:
        with ForkingPickler.dumps(value) as data:
            print(type(data).__name__, bytes(data) == general(value), show(ForkingPickler.loads(data)))
    parent, child = mp.Pipe()
    queue = mp.Queue()
    worker = mp.Process(target=echo, args=(child, queue))
    worker.start()
    for value in VALUES:
        parent.send(value)
        print('pipe', show(parent.recv()))
    parent.send('end')
    while (item := queue.get()) != 'end':
        print('queue', show(item))
    worker.join()
    parent.send_bytes(b'whole')
    parent.send_bytes(b'0123456789', 2, 3)
    parent.send_bytes(bytearray(b'array'))
    print([child.recv_bytes() for _ in range(3)])
