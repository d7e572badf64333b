"""Under the GIL, the main thread waits in SimpleQueue.get() while other threads have to
run bytecode before anything is put: the wait must let go of the GIL. Then the get
variants and their errors, which CPython prints the same."""
import _queue
import queue
import threading

q = queue.SimpleQueue()
print(type(q) is _queue.SimpleQueue, queue.Empty is _queue.Empty)


def produce(tag):
    q.put((tag, sum(range(200_000))))


for tag, get in [("blocking", q.get), ("with a timeout", lambda: q.get(timeout=3600))]:
    t = threading.Thread(target=produce, args=(tag,))
    t.start()
    print(get())
    t.join()

# Many threads at once, each waiting for the one before it.
n = 20
links = [queue.SimpleQueue() for _ in range(n + 1)]


def relay(i):
    links[i + 1].put(links[i].get() + 1)


workers = [threading.Thread(target=relay, args=(i,)) for i in range(n)]
for w in workers:
    w.start()
links[0].put(0)
print("relayed", links[n].get())
for w in workers:
    w.join()

for call in (lambda: q.get(False), q.get_nowait, lambda: q.get(timeout=0.01), lambda: q.get(block=False, timeout=5)):
    try:
        call()
    except queue.Empty as e:
        print("Empty", repr(e))
try:
    q.get(timeout=-1)
except ValueError as e:
    print("ValueError:", e)
q.put(1, block=False, timeout=3)
q.put_nowait(2)
print(q.qsize(), q.empty(), bool(q), q.get(), q.get(), q.empty())
print(queue.SimpleQueue[int])
