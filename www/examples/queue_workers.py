# Worker threads take jobs from a queue.Queue; None tells a worker to stop.
# task_done() and join() let the main thread wait until every job is handled.
import queue
import threading
import time

jobs = queue.Queue()
results = queue.Queue()


def worker():
    name = threading.current_thread().name
    while True:
        n = jobs.get()  # blocks until a job is there
        if n is None:
            jobs.task_done()
            return
        time.sleep(0.05)  # pretend to wait for I/O
        results.put((n, n * n, name))
        jobs.task_done()


workers = [threading.Thread(target=worker, name=f"worker-{k}") for k in (1, 2, 3)]
for w in workers:
    w.start()
for n in range(1, 10):
    jobs.put(n)
for _ in workers:
    jobs.put(None)  # one stop signal per worker

jobs.join()  # returns when task_done() has been called for every put()
done = sorted(results.get() for _ in range(results.qsize()))
for n, square, name in done:
    print(f"{n}² = {square:2} (by {name})")
print("jobs done:", len(done))
print("jobs per worker:", {w.name: sum(1 for *_, by in done if by == w.name) for w in workers})
