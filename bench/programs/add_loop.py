# The lesson's CPU-bound task (seed s003-24r), `x = 1 + 1` in a `for` loop, at 3 M
# iterations in one process: the bare cost of a loop iteration.
import json, time

def some_task():
    for _ in range(3_000_000):
        x = 1 + 1

start = time.perf_counter()
some_task()
print(json.dumps({"seconds": time.perf_counter() - start}))
