# Thread.start() until it returns (CPython's start() waits until the new thread runs):
# the run's first start, then the median of 20 starts one at a time (each joined before
# the next), then 100 threads started back to back and kept alive, twice (the second
# burst after the first one's threads have finished).
import json, statistics, threading, time

def start_one():
    t0 = time.perf_counter()
    t = threading.Thread(target=lambda: None)
    t.start()
    took = time.perf_counter() - t0
    t.join()
    return took

def burst(n=100):
    go = threading.Event()
    threads = [threading.Thread(target=go.wait) for _ in range(n)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    took = time.perf_counter() - t0
    go.set()
    for t in threads:
        t.join()
    return took

first = start_one()
one = statistics.median(start_one() for _ in range(20))
burst_first = burst()
time.sleep(0.2)
burst_next = burst()
print(json.dumps({"first": first, "one": one, "burst_first": burst_first, "burst_next": burst_next}))
