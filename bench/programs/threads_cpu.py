# Two CPU-bound tasks, one after the other, then on two threads at once: the lessons'
# busy loop (`x = 1 + 1`), and a loop that allocates a new int object every iteration.
# Each is measured cold (the run's first threads) and warm (threads already used). This
# machine's speed jumps by up to 1.6x for tenths of a second at a time, so warm compares
# the fastest of eleven interleaved runs of each (order alternating), as timeit does.
import json, threading, time

def lesson_loop(n=1_500_000):
    for _ in range(n):
        x = 1 + 1

def allocating_loop(n=750_000):
    total = 0
    for i in range(n):
        total += i % 7

def on_two_threads(task):
    start = time.perf_counter()
    threads = [threading.Thread(target=task) for _ in range(2)]
    for t in threads: t.start()
    for t in threads: t.join()
    return time.perf_counter() - start

def one_after_other(task):
    start = time.perf_counter()
    task(); task()
    return time.perf_counter() - start

def ratios(task, pairs=11):
    cold = on_two_threads(task) / one_after_other(task)
    times = {on_two_threads: [], one_after_other: []}
    for i in range(pairs):
        for way in sorted(times, key=lambda way: (way is on_two_threads) == i % 2):
            times[way].append(way(task))
    return {"cold": cold, "warm": min(times[on_two_threads]) / min(times[one_after_other])}

lesson_loop(100_000)  # the first call of a function runs in baseline code (no OSR)
print(json.dumps({"lesson": ratios(lesson_loop), "allocating": ratios(allocating_loop)}))
