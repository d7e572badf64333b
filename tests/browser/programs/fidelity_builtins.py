# The functions Weft stands in for look like the originals and pickle by reference.
# (Not their docs: RustPython is built without docstrings.)
import _imp
import _thread
import builtins
import gc
import os
import pickle
import re
import sys
import threading
import time


def shown(f):
    # RustPython names a built-in method's object by its type's bare name ('lock object').
    text = re.sub(r' of .* at 0x[0-9a-f]+', '', repr(f))
    return f'{f.__module__}.{f.__qualname__} {f.__name__} {text}'


for f in (time.sleep, builtins.input, _imp.acquire_lock, _thread.allocate_lock, _thread.start_new_thread,
          gc.disable, gc.set_threshold, sys.setswitchinterval, os.getpid):
    print(shown(f), pickle.loads(pickle.dumps(f)) is f)

lock = threading.Lock()
print(shown(lock.acquire), shown(lock.release))
print(re.sub(r'0x[0-9a-f]+', '0x...', repr(lock)), re.sub(r'0x[0-9a-f]+', '0x...', repr(threading.RLock())))
print(sys.stdin.readline.__name__)
