# Small objects through a multiprocessing.Queue, from a child to its parent.
import json, multiprocessing as mp, time

N = 5000

def produce(q):
    for i in range(N):
        q.put((i, 'x'))
    q.put(None)

if __name__ == '__main__':
    mp.set_start_method('spawn')
    q = mp.Queue()
    p = mp.Process(target=produce, args=(q,))
    p.start()
    assert q.get() == (0, 'x')
    start = time.perf_counter()
    count = 1
    while q.get() is not None:
        count += 1
    elapsed = time.perf_counter() - start
    p.join()
    assert count == N
    print(json.dumps({"items_per_second": (N - 1) / elapsed}))
