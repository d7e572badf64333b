# Two CPU-bound tasks, one after the other, then on two threads at once.
import json, threading, time

def spin(n=1_500_000):
    total = 0
    for i in range(n):
        total += i % 7
    return total

start = time.perf_counter()
spin(); spin()
sequential = time.perf_counter() - start

start = time.perf_counter()
threads = [threading.Thread(target=spin) for _ in range(2)]
for t in threads: t.start()
for t in threads: t.join()
parallel = time.perf_counter() - start

print(json.dumps({"sequential": sequential, "parallel": parallel}))
