"""Every item put on one multiprocessing.Queue is got exactly once, with producers and
consumers in several processes and several threads of each at once."""
import multiprocessing as mp
import threading

PRODUCERS, THREADS, ITEMS, CONSUMERS = 3, 2, 200, 3


def produce(queue, p):
    def put(t):
        for i in range(ITEMS):
            queue.put((p, t, i))
    threads = [threading.Thread(target=put, args=(t,)) for t in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def consume(queue, results):
    got = []
    lock = threading.Lock()

    def take():
        while (item := queue.get()) is not None:
            with lock:
                got.append(item)
    threads = [threading.Thread(target=take) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results.put(got)


if __name__ == '__main__':
    queue, results = mp.Queue(), mp.Queue()
    consumers = [mp.Process(target=consume, args=(queue, results)) for _ in range(CONSUMERS)]
    producers = [mp.Process(target=produce, args=(queue, p)) for p in range(PRODUCERS)]
    for process in consumers + producers:
        process.start()
    for process in producers:
        process.join()
    for _ in range(2 * CONSUMERS):
        queue.put(None)     # one per consumer thread
    got = [item for _ in consumers for item in results.get()]
    for process in consumers:
        process.join()
    expected = {(p, t, i) for p in range(PRODUCERS) for t in range(THREADS) for i in range(ITEMS)}
    print(len(got), len(set(got)), set(got) == expected)
