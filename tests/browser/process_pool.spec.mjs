// concurrent.futures.ProcessPoolExecutor: CPython's process.py unchanged, on real
// processes, queues and connection.wait().
import { test, expect, py, sameAsCPython } from './fixtures.mjs';

test('submit and result; map with chunksize keeps order', async ({ python }) => {
  await sameAsCPython(python, py`
    import concurrent.futures as cf, multiprocessing as mp, os
    def square(x):
        return x * x
    def where(_):
        return os.getpid()
    if __name__ == "__main__":
        with cf.ProcessPoolExecutor(max_workers=2, mp_context=mp.get_context("spawn")) as ex:
            f = ex.submit(square, 12)
            print(f.result(timeout=30), f.done(), f.exception())
            print(list(ex.map(square, range(10))))
            print(list(ex.map(square, range(40), chunksize=7)))
            print(list(ex.map(pow, [2, 3], [5, 2])))
            pids = set(ex.map(where, range(8)))
            print(os.getpid() in pids, 1 <= len(pids) <= 2)
  `);
});

test('exceptions in workers are re-raised with the remote traceback', async ({ python }) => {
  const result = await python.run(py`
    import concurrent.futures as cf
    def fail(x):
        raise KeyError(x)
    if __name__ == "__main__":
        with cf.ProcessPoolExecutor(2) as ex:
            f = ex.submit(fail, "k")
            e = f.exception(timeout=30)
            print(type(e).__name__, e, type(e.__cause__).__name__, "raise KeyError(x)" in str(e.__cause__))
            try:
                f.result()
            except KeyError as e:
                print("KeyError:", e)
            try:
                list(ex.map(fail, [1, 2]))
            except KeyError as e:
                print("KeyError:", e)
            print(ex.submit(abs, -5).result(timeout=30))
  `);
  expect(result.stderr).toBe('');
  expect(result.stdout).toBe("KeyError 'k' _RemoteTraceback True\nKeyError: 'k'\nKeyError: 1\n5\n");
});

test('as_completed and wait(FIRST_COMPLETED / ALL_COMPLETED)', async ({ python }) => {
  await sameAsCPython(python, py`
    import concurrent.futures as cf, multiprocessing as mp, time
    def nap(t):
        time.sleep(t)
        return t
    def keep(b):
        global barrier
        barrier = b
    def meet(_):
        barrier.wait(timeout=30)
    if __name__ == "__main__":
        ctx = mp.get_context("spawn")
        with cf.ProcessPoolExecutor(3, mp_context=ctx, initializer=keep, initargs=(ctx.Barrier(3),)) as ex:
            # Three tasks that wait for each other start all three workers (3.11 spawns them
            # as tasks wait), so none of the timed tasks below waits for a process to start.
            list(ex.map(meet, range(3)))
            fs = [ex.submit(nap, t) for t in (1.2, 0.1, 0.6)]
            print([f.result() for f in cf.as_completed(fs, timeout=30)])
            fs = [ex.submit(nap, t) for t in (1.0, 0.05)]
            done, not_done = cf.wait(fs, return_when=cf.FIRST_COMPLETED, timeout=30)
            print([f.result() for f in done], len(not_done))
            done, not_done = cf.wait(fs, return_when=cf.ALL_COMPLETED, timeout=30)
            print(sorted(f.result() for f in done), len(not_done))
            f = ex.submit(nap, 1.0)
            try:
                f.result(timeout=0.1)
            except cf.TimeoutError:
                print("TimeoutError", f.running() or not f.done())
            print(f.result(timeout=30))
  `);
});

test('shutdown(wait) and shutdown(cancel_futures=True); no submit after shutdown', async ({ python }) => {
  await sameAsCPython(python, py`
    import concurrent.futures as cf, multiprocessing as mp, time
    def nap(t):
        time.sleep(t)
        return t
    if __name__ == "__main__":
        ctx = mp.get_context("spawn")
        ex = cf.ProcessPoolExecutor(1, mp_context=ctx)
        fs = [ex.submit(nap, 0.1) for _ in range(3)]
        ex.shutdown(wait=True)
        print([f.result() for f in fs])
        try:
            ex.submit(nap, 0)
        except RuntimeError as e:
            print("RuntimeError:", e)
        ex = cf.ProcessPoolExecutor(1, mp_context=ctx)
        ex.submit(nap, 0).result()
        fs = [ex.submit(nap, 0.5) for _ in range(6)]
        time.sleep(0.2)
        ex.shutdown(wait=True, cancel_futures=True)
        print("cancelled some:", any(f.cancelled() for f in fs), "ran first:", fs[0].result())
  `);
});

test('initializer, max_tasks_per_child', async ({ python }) => {
  await sameAsCPython(python, py`
    import concurrent.futures as cf, multiprocessing as mp, os
    prefix = None
    def init(p):
        global prefix
        prefix = p
    def tag(x):
        return f"{prefix}{x}"
    def pid(_):
        return os.getpid()
    if __name__ == "__main__":
        ctx = mp.get_context("spawn")
        with cf.ProcessPoolExecutor(2, mp_context=ctx, initializer=init, initargs=("w-",)) as ex:
            print(list(ex.map(tag, range(4))))
        with cf.ProcessPoolExecutor(1, mp_context=ctx, max_tasks_per_child=1) as ex:
            pids = [ex.submit(pid, i).result() for i in range(3)]
        print(len(set(pids)))
  `);
});

test('a killed worker breaks the pool with BrokenProcessPool', async ({ python }) => {
  const result = await python.run(py`
    import concurrent.futures as cf, os, time
    from concurrent.futures.process import BrokenProcessPool
    def die():
        os._exit(1)
    def nap(t):
        time.sleep(t)
        return t
    if __name__ == "__main__":
        with cf.ProcessPoolExecutor(2) as ex:
            f = ex.submit(die)
            try:
                f.result(timeout=30)
            except BrokenProcessPool as e:
                print("BrokenProcessPool:", e)
            try:
                ex.submit(nap, 0)
            except BrokenProcessPool as e:
                print("BrokenProcessPool on submit")
        ex = cf.ProcessPoolExecutor(2)
        slow = ex.submit(nap, 30)
        time.sleep(1)
        for p in list(ex._processes.values()):
            p.kill()
        try:
            slow.result(timeout=30)
        except BrokenProcessPool:
            print("BrokenProcessPool after kill()")
        ex.shutdown()
  `, { timeout: 85 });
  expect(result.stderr).toBe('');
  expect(result.stdout).toBe(
    'BrokenProcessPool: A process in the process pool was terminated abruptly while the future was running or pending.\n' +
      'BrokenProcessPool on submit\n' +
      'BrokenProcessPool after kill()\n',
  );
});

test('terminate_workers() and kill_workers() (Python 3.14)', async ({ python }) => {
  const result = await python.run(py`
    import concurrent.futures as cf, time
    def nap(t):
        time.sleep(t)
        return t
    if __name__ == "__main__":
        for stop in ("terminate_workers", "kill_workers"):
            ex = cf.ProcessPoolExecutor(2)
            fs = [ex.submit(nap, 30) for _ in range(2)]
            time.sleep(1)
            procs = list(ex._processes.values())
            start = time.monotonic()
            getattr(ex, stop)()
            for p in procs:
                p.join()
            codes = [p.exitcode for p in procs]
            # Once one worker dies, the pool's manager thread terminates the others (as in
            # CPython), which may beat kill_workers() to them: -9 or -15.
            print(stop, set(codes) <= {-9, -15}, time.monotonic() - start < 5)
            if stop == "terminate_workers":
                print(codes)
            try:
                fs[0].result()
            except cf.process.BrokenProcessPool:
                print("BrokenProcessPool")
  `, { timeout: 85 });
  expect(result.stderr).toBe('');
  expect(result.stdout).toBe(
    'terminate_workers True True\n[-15, -15]\nBrokenProcessPool\nkill_workers True True\nBrokenProcessPool\n',
  );
});
