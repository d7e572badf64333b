// multiprocessing.Pool: CPython's pool.py unchanged, its workers real processes.
import { test, expect, py, sameAsCPython } from './fixtures.mjs';

test('map, starmap, imap and imap_unordered, with chunksize', async ({ python }) => {
  await sameAsCPython(python, py`
    import multiprocessing as mp
    def square(x):
        return x * x
    def power(x, y):
        return x ** y
    if __name__ == "__main__":
        mp.set_start_method("spawn")
        with mp.Pool(3) as pool:
            print(pool.map(square, range(10)))
            print(pool.map(square, range(25), chunksize=4))
            print(pool.map(square, []))
            print(pool.starmap(power, [(2, 3), (3, 2), (10, 0)]))
            print(list(pool.imap(square, range(8))))
            print(list(pool.imap(square, range(30), chunksize=7)))
            print(sorted(pool.imap_unordered(square, range(20))))
            print(sorted(pool.imap_unordered(square, range(20), chunksize=3)))
            it = pool.imap(square, [5, 6])
            print(next(it), it.next(timeout=10))
  `);
});

test('apply, apply_async, map_async, starmap_async, callbacks and AsyncResult', async ({ python }) => {
  await sameAsCPython(python, py`
    import multiprocessing as mp, time
    def square(x):
        return x * x
    def add(a, b=0):
        return a + b
    def nap(t):
        time.sleep(t)
        return t
    if __name__ == "__main__":
        mp.set_start_method("spawn")
        got = []
        with mp.Pool(2) as pool:
            print(pool.apply(add, (1,), {"b": 2}))
            r = pool.apply_async(square, (7,), callback=got.append)
            print(r.get(timeout=20), r.ready(), r.successful())
            m = pool.map_async(square, range(5), callback=got.append)
            m.wait(20)
            print(m.ready(), m.get())
            s = pool.starmap_async(add, [(1, 2), (3, 4)])
            print(s.get(timeout=20))
            slow = pool.apply_async(nap, (1.5,))
            print(slow.ready())
            try:
                slow.successful()
            except ValueError as e:
                print("ValueError:", str(e).endswith("not ready"))
            try:
                slow.get(timeout=0.1)
            except mp.TimeoutError:
                print("multiprocessing.TimeoutError", mp.TimeoutError is mp.context.TimeoutError)
            slow.wait(0.1)
            print(slow.ready(), slow.get(timeout=20), slow.ready())
        print(got)
  `);
});

test('an exception in a task is re-raised by get(), with the worker traceback as its cause', async ({ python }) => {
  const result = await python.run(py`
    import multiprocessing as mp
    def fail(x):
        if x == 3:
            raise ValueError(f"no {x}")
        return x
    if __name__ == "__main__":
        errors = []
        with mp.Pool(2) as pool:
            try:
                pool.map(fail, range(5))
            except ValueError as e:
                print("ValueError:", e)
                print(type(e.__cause__).__name__, "raise ValueError" in str(e.__cause__))
            r = pool.apply_async(fail, (3,), error_callback=errors.append)
            r.wait(20)
            print(r.ready(), r.successful(), errors)
            try:
                r.get()
            except ValueError as e:
                print("ValueError:", e)
            print(pool.map(fail, [1, 2]))
  `);
  expect(result.stderr).toBe('');
  expect(result.stdout).toBe(
    'ValueError: no 3\n' +
      'RemoteTraceback True\n' +
      "True False [ValueError('no 3')]\n" +
      'ValueError: no 3\n' +
      '[1, 2]\n',
  );
});

test('initializer and initargs run once in every worker', async ({ python }) => {
  await sameAsCPython(python, py`
    import multiprocessing as mp
    state = {}
    def setup(base, tag):
        state["base"] = base
        state["tag"] = tag
    def use(x):
        return state["tag"], state["base"] + x
    if __name__ == "__main__":
        mp.set_start_method("spawn")
        with mp.Pool(2, initializer=setup, initargs=(100, "w")) as pool:
            print(pool.map(use, range(5)))
        print(state)
  `);
});

test('maxtasksperchild replaces workers; tasks run in distinct processes', async ({ python }) => {
  const result = await python.run(py`
    import multiprocessing as mp, os
    def pid(_):
        return os.getpid()
    if __name__ == "__main__":
        with mp.Pool(2, maxtasksperchild=1) as pool:
            pids = [pool.apply(pid, (i,)) for i in range(6)]
        print(len(set(pids)), os.getpid() not in pids)
        with mp.Pool(2) as pool:
            pids = pool.map(pid, range(6), chunksize=1)
        print(len(set(pids)) <= 2, os.getpid() not in pids)
  `, { timeout: 85 });
  expect(result.stderr).toBe('');
  expect(result.stdout).toBe('6 True\nTrue True\n');
});

test('close and join, terminate, and a pool that is not running', async ({ python }) => {
  await sameAsCPython(python, py`
    import multiprocessing as mp, time
    def nap(t):
        time.sleep(t)
        return t
    if __name__ == "__main__":
        mp.set_start_method("spawn")
        pool = mp.Pool(2)
        r = pool.map_async(nap, [0.2, 0.2, 0.2])
        try:
            pool.join()
        except ValueError as e:
            print("ValueError:", e)
        pool.close()
        pool.join()
        print(r.ready(), r.get())
        try:
            pool.apply(nap, (0,))
        except ValueError as e:
            print("ValueError:", e)
        pool = mp.Pool(2)
        slow = pool.apply_async(nap, (30,))
        time.sleep(0.5)
        start = time.monotonic()
        pool.terminate()
        pool.join()
        print("terminated quickly:", time.monotonic() - start < 5, slow.ready())
        with mp.Pool(1) as pool:
            print(pool.apply(nap, (0,)))
        try:
            pool.map(nap, [0])
        except ValueError as e:
            print("ValueError:", e)
  `);
});

test('Pool() defaults to cpu_count() workers and runs tasks in parallel', async ({ python }) => {
  const result = await python.run(py`
    import multiprocessing as mp, os, time
    def nap(t):
        time.sleep(t)
        return os.getpid()
    if __name__ == "__main__":
        with mp.Pool() as pool:
            print(pool._processes == mp.cpu_count() == os.cpu_count())
        with mp.Pool(4) as pool:
            pool.map(nap, [0] * 8)
            start = time.monotonic()
            pids = pool.map(nap, [0.5] * 4, chunksize=1)
            took = time.monotonic() - start
        # One after another they would take 2 s.
        print(len(set(pids)) >= 2, took < 1.6)
        print([p.name.startswith("SpawnPoolWorker-") for p in pool._pool][:1], pool._pool[0].daemon)
  `, { timeout: 85 });
  expect(result.stderr).toBe('');
  expect(result.stdout).toBe('True\nTrue True\n[True] True\n');
});
