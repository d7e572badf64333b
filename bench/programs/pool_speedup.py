# A CPU-bound map, serially and on Pool(2).
import json, multiprocessing as mp, time

def work(n):
    total = 0
    for i in range(n):
        total += i & 7
    return total

if __name__ == '__main__':
    mp.set_start_method('spawn')
    tasks = [400_000] * 8
    with mp.Pool(2) as pool:
        pool.map(work, [1, 1])  # workers started and warm before timing
        start = time.perf_counter()
        parallel_result = pool.map(work, tasks)
        parallel = time.perf_counter() - start
    start = time.perf_counter()
    serial_result = list(map(work, tasks))
    serial = time.perf_counter() - start
    assert parallel_result == serial_result
    print(json.dumps({"speedup": serial / parallel}))
