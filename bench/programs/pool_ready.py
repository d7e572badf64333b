# Pool(4) until all four workers are up: each worker's initializer waits on a barrier of
# four, so the first map returns only once every worker has started.
import json, multiprocessing as mp, time

if __name__ == '__main__':
    mp.set_start_method('spawn')
    barrier = mp.Barrier(4)
    start = time.perf_counter()
    with mp.Pool(4, initializer=barrier.wait) as pool:
        pool.map(abs, range(4), chunksize=1)
        ready = time.perf_counter() - start
    print(json.dumps({"seconds": ready}))
