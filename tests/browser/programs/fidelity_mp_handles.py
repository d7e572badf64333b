"""What multiprocessing hands a program as OS handles, as CPython's spawn does: a process
sentinel is an int that connection.wait() watches; each thread has a native id, unique
across processes; a Connection made from a bad handle refuses it; a child killed by a
fault reports -SIGSEGV."""
import faulthandler
import multiprocessing as mp
import signal
import threading
from multiprocessing.connection import Connection, wait


def native_id(queue):
    queue.put(threading.get_native_id())


def wait_for(event):
    event.wait()


def main():
    event = mp.Event()
    p = mp.Process(target=wait_for, args=(event,))
    p.start()
    sentinel = p.sentinel
    print("sentinel", isinstance(sentinel, int), wait([sentinel], timeout=0) == [])
    event.set()
    p.join()
    print("ended", wait([sentinel], timeout=10) == [sentinel])

    queue = mp.Queue()
    child = mp.Process(target=native_id, args=(queue,))
    child.start()
    theirs = queue.get()
    child.join()
    ids = []
    workers = [threading.Thread(target=lambda: ids.append(threading.get_native_id())) for _ in range(2)]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    mine = threading.get_native_id()
    print("native ids", type(mine).__name__, mine == threading.main_thread().native_id,
          len({mine, theirs, *ids}))

    try:
        Connection(-1)
    except ValueError as e:
        print("ValueError:", e)
    stale = Connection(44977608)
    try:
        stale.poll()    # CPython's answer depends on its OS: any, but no crash
    except OSError:
        pass
    print("stale handle", stale.fileno())
    stale._handle = None

    crashed = mp.Process(target=faulthandler._sigsegv)
    crashed.start()
    crashed.join()
    print("crashed", crashed.exitcode == -signal.SIGSEGV)


if __name__ == "__main__":
    main()
