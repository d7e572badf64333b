# threading.Lock and RLock as CPython 3.13 has them: Lock is the type `_thread.lock`,
# which takes no arguments and no subclasses; RLock() only warns about arguments.
import threading
import types
import warnings

print(threading.Lock, type(threading.Lock()), 'Lock' in threading.__all__)
print(isinstance(threading.Lock | None, types.UnionType))
for args, kwargs in (((1,), {}), ((), {'a': 1})):
    try:
        threading.Lock(*args, **kwargs)
    except TypeError:
        print('Lock', args, kwargs, 'TypeError')
try:
    class MyLock(threading.Lock):
        pass
except TypeError as e:
    print(e)
try:
    threading.Lock().acquire(timeout=-5)
except ValueError as e:
    print(e)

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter('always')
    rlock = threading.RLock(1)
print(type(rlock), [w.category.__name__ for w in caught])


class CustomRLock(threading._CRLock):
    def __init__(self, a, *, b):
        super().__init__()


print(CustomRLock(1, b=2).acquire())
