"""Exactly-once delivery through one multiprocessing Queue or Pipe shared by many
producers and consumers, in processes and threads, for `npm run stress`.

    exactly_once.py KIND ITEMS PRODUCERS CONSUMERS

KIND is queue or pipe. A pipe's ends are shared with no lock of ours: Weft's frames never
interleave (src/kernel/channel.rs), so several receivers are safe, as they are not on
CPython, whose recv reads a frame in two reads.
PRODUCERS and CONSUMERS are PxT: P processes of T threads each, or with P = 0, T threads
of the main process. Producer n sends (n, 0) … (n, ITEMS // producers - 1); once every
producer has finished, main sends one None per consumer thread. Each consumer thread
writes what it got as one line (`got p:s p:s …`) and main ends with `expect PRODUCERS PER_PRODUCER`,
for the driver to find what was lost or duplicated.
"""
import multiprocessing as mp
import os
import sys
import threading


def send(end, item):
    (end.put if hasattr(end, "put") else end.send)(item)


def receive(end):
    return end.get() if hasattr(end, "get") else end.recv()


def produce(n, end, count):
    for seq in range(count):
        send(end, (n, seq))


def consume(n, end):
    got = []
    while (item := receive(end)) is not None:
        got.append(item)
    # One write, so lines of concurrent consumers never mix (print writes in pieces).
    os.write(1, ("got " + " ".join(f"{p}:{s}" for p, s in got) + "\n").encode())


def threads(first, count, target, *args):
    group = [threading.Thread(target=target, args=(first + i, *args)) for i in range(count)]
    for t in group:
        t.start()
    for t in group:
        t.join()


def start(spec, target, *args):
    """Starts spec = (processes, threads) of `target`; returns what to join."""
    procs, per = spec
    workers = ([mp.Process(target=threads, args=(i * per, per, target, *args)) for i in range(procs)]
               or [threading.Thread(target=threads, args=(0, per, target, *args))])
    for w in workers:
        w.start()
    return workers


if __name__ == "__main__":
    kind, items = sys.argv[1], int(sys.argv[2])
    producing, consuming = (tuple(int(n) for n in arg.split("x")) for arg in sys.argv[3:5])
    if kind == "queue":
        tx = rx = mp.Queue()
    else:
        rx, tx = mp.Pipe(duplex=False)
    producers = max(producing[0], 1) * producing[1]
    consumers = start(consuming, consume, rx)
    for w in start(producing, produce, tx, items // producers):
        w.join()
    for _ in range(max(consuming[0], 1) * consuming[1]):
        send(tx, None)
    for w in consumers:
        w.join()
    print("expect", producers, items // producers)
