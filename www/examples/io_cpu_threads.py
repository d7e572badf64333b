# Threads help when tasks wait (I/O-bound): the waits overlap.
# Whether they help when tasks compute (CPU-bound) depends on the GIL.
import threading
import time


def wait_for_io():
    time.sleep(0.4)  # like waiting for a web page or a disk


def compute():
    sum(i * i for i in range(150_000))  # pure computation


def timed(task, threads):
    start = time.perf_counter()
    if threads:
        workers = [threading.Thread(target=task) for _ in range(4)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
    else:
        for _ in range(4):
            task()
    return time.perf_counter() - start


for label, task in (("I/O-bound", wait_for_io), ("CPU-bound", compute)):
    one_by_one = timed(task, threads=False)
    together = timed(task, threads=True)
    print(f"{label}: 4 tasks one by one {one_by_one:.2f} s, in 4 threads {together:.2f} s "
          f"({one_by_one / together:.1f}x)")
