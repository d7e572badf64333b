# The first call of a long-running function against its steady state. Wasm has no
# on-stack replacement: without the engine's warm-up, a first call runs in baseline code.
import json, time

def work(n=2_000_000):
    total = 0
    for i in range(n):
        if i & 1:
            total += i
    return total

def timed():
    start = time.perf_counter()
    work()
    return time.perf_counter() - start

first = timed()
steady = min(timed() for _ in range(3))
print(json.dumps({"first": first, "steady": steady}))
