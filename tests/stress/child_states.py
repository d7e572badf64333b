"""A child ended from outside in one state, for `npm run stress`.

    child_states.py STATE HOW WAIT_MS

STATE is one of STATES; HOW is terminate or kill; the parent waits until the child is in
that state, WAIT_MS more, then ends it and checks that join returns and that it goes on.
"starting" ends the child right after start(), before it can say it is ready.
"""
import multiprocessing as mp
import sys
import time


def spinning():
    while True:
        pass


def queue_get(q):
    q.get()


def pipe_recv(reader, writer):
    reader.recv()           # the writer travels along: with every copy of it closed, EOFError


def lock_acquire(lock):
    lock.acquire()          # the parent holds it


def event_wait(event):
    event.wait()            # never set


def printing():
    while True:
        print("printing " * 10)


def allocating():
    while True:
        lists = [list(range(200)) for _ in range(2000)]
        del lists


def kernel_calls():
    # Small objects only: queues and pipes take 64 KiB of the run's segment each.
    while True:
        mp.Lock(), mp.RLock(), mp.Event(), mp.Semaphore(2), mp.Value("i", 1)


def held_lock():
    lock = mp.Lock()
    lock.acquire()
    return lock


# state: (what the child runs, the arguments the parent makes for it)
STATES = {
    "starting": (spinning, lambda: ()),
    "spinning": (spinning, lambda: ()),
    "queue_get": (queue_get, lambda: (mp.Queue(),)),
    "pipe_recv": (pipe_recv, lambda: mp.Pipe()),
    "lock_acquire": (lock_acquire, lambda: (held_lock(),)),
    "event_wait": (event_wait, lambda: (mp.Event(),)),
    "printing": (printing, lambda: ()),
    "allocating": (allocating, lambda: ()),
    "kernel_calls": (kernel_calls, lambda: ()),
}


def child(ready, target, args):
    ready.set()
    target(*args)


if __name__ == "__main__":
    state, how, wait_ms = sys.argv[1], sys.argv[2], int(sys.argv[3])
    target, make_args = STATES[state]
    ready = mp.Event()
    p = mp.Process(target=child, args=(ready, target, make_args()))
    p.start()
    if state != "starting":
        print("ready", ready.wait(30), flush=True)
        time.sleep(wait_ms / 1000)
    getattr(p, how)()
    p.join(10)
    print("exitcode", p.exitcode, "joined", not p.is_alive())
    print("parent continues")
