"""Under the GIL, another thread runs while this one waits in select.select() and
os.read(): those waits let go of the GIL. The main thread reads nothing of `count`
between taking `before` and its wait, and hands the GIL over only at loop jumps, so
`count` can change across a wait only if the wait let go of it."""
import os
import select
import threading

count = 0
stop = False


def spin():
    global count
    while not stop:
        count += 1


t = threading.Thread(target=spin)
t.start()
while True:
    before = count
    select.select([], [], [], 0.02)
    if count != before:
        break
print("another thread ran during select.select")
stop = True
t.join()

waiting = threading.Event()


def announce():
    waiting.wait()
    print("another thread ran during os.read", flush=True)


t = threading.Thread(target=announce)
t.start()
waiting.set()
print("read", os.read(0, 100))
t.join()
