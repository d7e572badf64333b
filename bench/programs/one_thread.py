# The lessons' busy loop on the main thread alone, other threads alive but idle: what
# the GIL's bookkeeping costs a program that does not switch.
import json, threading, time

def lesson_loop(n=3_000_000):
    for _ in range(n):
        x = 1 + 1

def timed():
    start = time.perf_counter()
    lesson_loop()
    return time.perf_counter() - start

lesson_loop(100_000)
alone = min(timed() for _ in range(3))
idle = threading.Event()
waiter = threading.Thread(target=idle.wait)
waiter.start()
with_idle_thread = min(timed() for _ in range(3))
idle.set()
waiter.join()
print(json.dumps({"alone": alone, "with_idle_thread": with_idle_thread}))
