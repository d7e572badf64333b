"""A process whose Worker traps while its other threads write, hold a lock or allocate
kernel objects, for `npm run stress`.

    faults.py PLACE WHO

The trap is real: a thread fills its process's memory (Python's MemoryError, caught),
then allocates small objects until the engine's allocator aborts, which traps its
Worker. PLACE is write (two threads print in a loop meanwhile), lock (the trapping
thread holds a multiprocessing Lock) or kernel (two threads create locks, events and
values in the run's shared segment in a loop). WHO is child (its parent must see exit
code 1, then use the kernel and print) or main (the whole run ends as crashed).
"""
import multiprocessing as mp
import sys
import threading


def exhaust():
    blocks = []
    try:
        while True:
            blocks.append(bytearray(16 << 20))
    except MemoryError:
        pass
    small = []
    while True:
        small.append([0] * 100)


def write():
    while True:
        print("writing " * 8)


def kernel():
    while True:
        mp.Lock(), mp.Event(), mp.Value("i", 1)


def hold(lock):
    with lock:
        exhaust()


def wait(event):
    event.wait()


def trap(place, lock):
    if place == "lock":
        hold(lock)
    for _ in range(2):
        threading.Thread(target=globals()[place], daemon=True).start()
    exhaust()


if __name__ == "__main__":
    place, who = sys.argv[1], sys.argv[2]
    lock = mp.Lock()
    if who == "main":
        mp.Process(target=wait, args=(mp.Event(),), daemon=True).start()    # taken down too
        trap(place, lock)
    p = mp.Process(target=trap, args=(place, lock))
    p.start()
    p.join(60)
    print("exitcode", p.exitcode)
    print("lock left held", not lock.acquire(timeout=0.5))
    fresh, q = mp.Lock(), mp.Queue()
    q.put("ping")
    print("kernel works", fresh.acquire(timeout=5) and q.get(timeout=10) == "ping")
    print("parent continues")
