# Threads that keep the first spare Workers busy, then a burst of starts beyond them, then
# starts one at a time, each joined before the next (in Weft on the Worker, and the wasm
# instance, the last one left): every thread runs exactly once and with a threading.local
# of its own, and a file one leaves open does not disturb the next.
import threading

hold = threading.Event()
holders = [threading.Thread(target=hold.wait) for _ in range(4)]
for t in holders:
    t.start()

counts = [0] * 40
lock = threading.Lock()


def work(i):
    with lock:
        counts[i] += 1


burst = [threading.Thread(target=work, args=(i,)) for i in range(40)]
for t in burst:
    t.start()
print("alive during the burst:", threading.active_count() >= 5)
for t in burst:
    t.join()
print("burst ran once each:", counts == [1] * 40)
hold.set()
for t in holders:
    t.join()

seen = []
fresh = []
local = threading.local()


def one(i):
    fresh.append(not hasattr(local, "mine"))
    local.mine = i
    open("/dev/null").close()
    open("/dev/null")  # left open: the next thread starts with its own descriptors
    seen.append(i)


for i in range(30):
    t = threading.Thread(target=one, args=(i,))
    t.start()
    t.join()
print("one at a time:", seen == list(range(30)), "fresh locals:", all(fresh))
print("active:", threading.active_count())
