# Lock argument checks, for every lock a program meets: which exception each bad call
# raises, before any waiting and whether or not the lock is held already.
import threading
import _thread

TOO_LARGE = (1e100, _thread.TIMEOUT_MAX + 1)


def outcome(call):
    try:
        return repr(call())
    except Exception as e:
        return type(e).__name__


for name, make in [('Lock', threading.Lock), ('RLock', threading.RLock), ('_thread.RLock', _thread.RLock),
                   ('_PyRLock', threading._PyRLock), ('Condition', threading.Condition)]:
    lock = make()
    for held in (False, True):
        print(name, 'held' if held else 'free',
              outcome(lambda: lock.acquire(timeout=-5)),
              outcome(lambda: lock.acquire(False, timeout=1)),
              [outcome(lambda: lock.acquire(timeout=t)) for t in TOO_LARGE])
        if not held:
            print('  TIMEOUT_MAX takes it:', lock.acquire(timeout=_thread.TIMEOUT_MAX))

try:
    threading.Lock().acquire(False, 1)
except ValueError as e:
    print(e)
