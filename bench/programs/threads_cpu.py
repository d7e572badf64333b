# Two CPU-bound tasks, one after the other, then on two threads at once: the lessons'
# busy loop (`x = 1 + 1`), and a loop that allocates a new int object every iteration.
# Each is measured cold (the run's first threads) and warm (threads already used).
import json, threading, time

def lesson_loop(n=3_000_000):
    for _ in range(n):
        x = 1 + 1

def allocating_loop(n=1_500_000):
    total = 0
    for i in range(n):
        total += i % 7

def on_two_threads(task):
    start = time.perf_counter()
    threads = [threading.Thread(target=task) for _ in range(2)]
    for t in threads: t.start()
    for t in threads: t.join()
    return time.perf_counter() - start

def ratios(task):
    start = time.perf_counter()
    task(); task()
    sequential = time.perf_counter() - start
    cold = on_two_threads(task)
    warm = min(on_two_threads(task) for _ in range(3))
    return {"cold": cold / sequential, "warm": warm / sequential}

lesson_loop(100_000)  # the first call of a function runs in baseline code (no OSR)
print(json.dumps({"lesson": ratios(lesson_loop), "allocating": ratios(allocating_loop)}))
