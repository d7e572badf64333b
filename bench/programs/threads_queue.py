# 50 producer and 50 consumer threads over one queue, 10 000 items in all, for
# queue.SimpleQueue and queue.Queue: the wall time from the first start to the last join.
import json, queue, threading, time

PRODUCERS = CONSUMERS = 50
ITEMS = 10_000

def run(q):
    per = ITEMS // PRODUCERS
    got = []

    def produce(base):
        for i in range(base, base + per):
            q.put(i)

    def consume():
        while (item := q.get()) is not None:
            got.append(item)

    t0 = time.perf_counter()
    consumers = [threading.Thread(target=consume) for _ in range(CONSUMERS)]
    producers = [threading.Thread(target=produce, args=(n * per,)) for n in range(PRODUCERS)]
    for t in consumers + producers:
        t.start()
    for t in producers:
        t.join()
    for _ in consumers:
        q.put(None)
    for t in consumers:
        t.join()
    took = time.perf_counter() - t0
    assert sorted(got) == list(range(ITEMS)), 'lost or duplicated items'
    return took

print(json.dumps({"simple_queue": run(queue.SimpleQueue()), "queue": run(queue.Queue())}))
