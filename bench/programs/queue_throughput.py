# Small objects through a multiprocessing.Queue, from a child to its parent: the first
# round of N right after the child starts, and the best of later rounds (steady state;
# pipe_latency.py says why they differ in Weft).
import json, multiprocessing as mp, time

N, ROUNDS = 5000, 4

def produce(requests, q):
    while (n := requests.get()) is not None:
        for i in range(n):
            q.put((i, 'x'))
        q.put(None)

def items_per_second(requests, q):
    start = time.perf_counter()
    requests.put(N)
    count = 0
    while q.get() is not None:
        count += 1
    assert count == N
    return N / (time.perf_counter() - start)

if __name__ == '__main__':
    mp.set_start_method('spawn')
    requests, q = mp.Queue(), mp.Queue()
    p = mp.Process(target=produce, args=(requests, q))
    p.start()
    rounds = [items_per_second(requests, q) for _ in range(ROUNDS)]
    requests.put(None)
    p.join()
    print(json.dumps({"first_items_per_second": rounds[0], "items_per_second": max(rounds[1:])}))
