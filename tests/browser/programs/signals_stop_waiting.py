"""Stop is Ctrl-C for a main thread that waits, too: each wait named on the command line
(`sleep`, `join`, `get`, `acquire`, `recv`) ends in KeyboardInterrupt, `finally` runs and
the traceback prints (status 130)."""
import sys
import threading
import time

wait = sys.argv[1]
if wait == "sleep":
    block = lambda: time.sleep(60)
elif wait == "join":
    sleeper = threading.Thread(target=time.sleep, args=(60,), daemon=True)
    sleeper.start()
    block = sleeper.join
elif wait == "get":
    import queue
    block = queue.Queue().get
elif wait == "acquire":
    lock = threading.Lock()
    lock.acquire()
    block = lock.acquire
elif wait == "recv":
    import multiprocessing
    reader, writer = multiprocessing.Pipe(duplex=False)
    block = reader.recv

print("waiting", flush=True)
try:
    block()
finally:
    print("finally runs")
