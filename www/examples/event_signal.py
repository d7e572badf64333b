# An Event is a flag threads can wait for: set() wakes every waiting thread at once.
import threading
import time

start = threading.Event()
finish = threading.Event()
laps_run = {}


def runner(name):
    start.wait()  # blocks until the main thread calls start.set()
    laps = 0
    while not finish.wait(timeout=0.1):  # False after each 0.1 s timeout, True once set
        laps += 1
    laps_run[name] = laps


runners = [threading.Thread(target=runner, args=(f"runner-{n}",)) for n in (1, 2, 3)]
for r in runners:
    r.start()

time.sleep(0.3)
print("main: after 0.3 s the runners are still waiting:", laps_run == {} and all(r.is_alive() for r in runners))
print("main: go!")
start.set()
time.sleep(0.55)
print("main: stop!")
finish.set()
for r in runners:
    r.join()
for name, laps in sorted(laps_run.items()):
    print(f"{name} ran {laps} laps in about 0.55 s")
