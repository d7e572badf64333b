"""A blocked thread's timeline label holds the repr of the object it waits on, and a repr
can wait too: a Future's takes the Future's lock. Here the setter thread queues for that
lock while the main thread holds it, so describing its wait calls `repr(future)`, which
waits for the same lock. Weft used to describe that inner wait too, and each level the
next, until the native stack overflowed. Weft only: CPython never calls the repr."""
import threading
from concurrent.futures import Future

described = threading.Event()


class Watched(Future):
    def __repr__(self):
        described.set()
        return super().__repr__()


future = Watched()
future._condition.acquire()
setter = threading.Thread(target=future.set_result, args=(42,), name="setter")
setter.start()
described.wait()
future._condition.release()
setter.join()
print(future.result())
