// concurrent.futures.ThreadPoolExecutor on real threads.
import { test, expect, cpython, py } from './fixtures.mjs';

test('submit and result, map keeps input order', async ({ python }) => {
  const source = py`
    from concurrent.futures import ThreadPoolExecutor
    import time
    def slow_square(x):
        time.sleep(0.05 * (5 - x))
        return x * x
    with ThreadPoolExecutor(max_workers=4) as ex:
        f = ex.submit(pow, 2, 10)
        print(f.result())
        print(list(ex.map(slow_square, range(5))))
  `;
  const result = await python.run(source);
  expect(result.stdout).toBe(cpython(source).stdout);
});

test('as_completed yields futures as they finish', async ({ python }) => {
  const result = await python.run(py`
    from concurrent.futures import ThreadPoolExecutor, as_completed
    import time
    def nap(s):
        time.sleep(s)
        return s
    with ThreadPoolExecutor(max_workers=3) as ex:
        futures = [ex.submit(nap, s) for s in (1.2, 0.1, 0.6)]
        print([f.result() for f in as_completed(futures)])
  `);
  expect(result.stdout).toBe("[0.1, 0.6, 1.2]\n");
});

test('wait with FIRST_COMPLETED, ALL_COMPLETED and timeouts', async ({ python }) => {
  const result = await python.run(py`
    from concurrent.futures import ThreadPoolExecutor, wait, FIRST_COMPLETED, ALL_COMPLETED
    import time
    with ThreadPoolExecutor(max_workers=3) as ex:
        fs = [ex.submit(time.sleep, s) for s in (0.05, 0.5, 0.6)]
        done, pending = wait(fs, return_when=FIRST_COMPLETED)
        print(len(done), len(pending))
        done, pending = wait(fs, timeout=0.1)
        print(len(done), len(pending))
        done, pending = wait(fs, return_when=ALL_COMPLETED)
        print(len(done), len(pending))
  `);
  expect(result.stdout).toBe('1 2\n1 2\n3 0\n');
});

test('result() re-raises the exception; exception() returns it', async ({ python }) => {
  const source = py`
    from concurrent.futures import ThreadPoolExecutor, TimeoutError
    import time
    def fail():
        raise KeyError("missing")
    with ThreadPoolExecutor(2) as ex:
        f = ex.submit(fail)
        try:
            f.result()
        except KeyError as e:
            print("KeyError", e)
        print(repr(f.exception()))
        slow = ex.submit(time.sleep, 0.5)
        try:
            slow.result(timeout=0.05)
        except TimeoutError:
            print("TimeoutError")
  `;
  const result = await python.run(source);
  expect(result.stdout).toBe(cpython(source).stdout);
});

test('shutdown waits for running work and refuses new work', async ({ python }) => {
  const source = py`
    from concurrent.futures import ThreadPoolExecutor
    import time
    ex = ThreadPoolExecutor(2)
    fs = [ex.submit(time.sleep, 0.1) for _ in range(4)]
    ex.shutdown(wait=True)
    print(all(f.done() for f in fs))
    try:
        ex.submit(print, "never")
    except RuntimeError as e:
        print("RuntimeError:", e)
  `;
  const result = await python.run(source);
  expect(result.stdout).toBe(cpython(source).stdout);
});
