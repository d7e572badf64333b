"""The runtime's warm-up, run as `-m _weft_warmup` while the page is idle
(`Runtime.warmup` in www/runtime/runtime.js): it exercises the interpreter's hot paths
long enough for V8 to tier them up, since wasm has no on-stack replacement and a long
first call would otherwise stay in baseline code; in two threads too, as objects shared
between threads take other paths; and a child process's round trip, whose code (spawn,
pickling, queues, a child's bootstrap) a program's first Process.start() would otherwise
compile."""

import multiprocessing
import threading


def spin(n):
    total = 0
    for i in range(n):
        if i % 3 == 0 or i % 5 == 0:
            total += i * i
    return total


def spins():
    for _ in range(20):
        spin(20000)


def answer(queue):
    queue.put(spin(1000))


if __name__ == '__main__':
    spins()
    threads = [threading.Thread(target=spins) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    queue = multiprocessing.Queue()
    child = multiprocessing.Process(target=answer, args=(queue,))
    child.start()
    assert queue.get() == spin(1000)
    child.join()
