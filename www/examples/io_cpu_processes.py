# The same four tasks, waiting (I/O-bound) or computing (CPU-bound), run one by one,
# in threads and in processes. Processes never share a GIL, but cost more to start:
# the pool starts its four workers before the timing.
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor


def wait_for_io(_):
    time.sleep(0.4)


def compute(_):
    return sum(i * i for i in range(300_000))


def timed(run):
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


if __name__ == "__main__":
    for label, task in (("I/O-bound", wait_for_io), ("CPU-bound", compute)):
        one_by_one = timed(lambda: [task(i) for i in range(4)])
        with ThreadPoolExecutor(4) as threads:
            in_threads = timed(lambda: list(threads.map(task, range(4))))
        with ProcessPoolExecutor(4) as processes:
            list(processes.map(abs, range(4)))  # start the worker processes
            in_processes = timed(lambda: list(processes.map(task, range(4))))
        print(f"{label}: one by one {one_by_one:.2f} s, "
              f"threads {in_threads:.2f} s, processes {in_processes:.2f} s")
