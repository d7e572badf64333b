// multiprocessing's synchronization primitives, shared by real processes through the
// run's kernel: Lock, RLock, Semaphore, BoundedSemaphore, Condition, Event, Barrier.
import { test, expect, py, sameAsCPython } from './fixtures.mjs';

test('a Lock keeps a shared counter exact: 3 processes x 300 increments', async ({ python }) => {
  await sameAsCPython(python, py`
    import multiprocessing as mp
    def add(lock, counter, n):
        for _ in range(n):
            with lock:
                counter.value += 1
    if __name__ == "__main__":
        mp.set_start_method("spawn")
        lock = mp.Lock()
        counter = mp.Value("i", 0, lock=False)
        ps = [mp.Process(target=add, args=(lock, counter, 300)) for _ in range(3)]
        for p in ps: p.start()
        for p in ps: p.join()
        print(counter.value)
  `);
});

test('Lock: acquire(block, timeout), locked(), release errors, held across processes', async ({ python }) => {
  // Lock.locked() is new in Python 3.14 (the engine's stdlib), hence literal expectations.
  const result = await python.run(py`
    import multiprocessing as mp, time
    def try_lock(lock, out):
        out.put(("child tries", lock.acquire(timeout=0.2)))
        out.put(("child blocks", lock.acquire()))
        lock.release()
    if __name__ == "__main__":
        lock = mp.Lock()
        print(lock.locked(), lock.acquire(), lock.acquire(False), lock.acquire(True, 0.1), lock.locked())
        out = mp.Queue()
        p = mp.Process(target=try_lock, args=(lock, out))
        p.start()
        print(out.get(timeout=20))
        time.sleep(0.2)
        lock.release()
        print(out.get(timeout=20))
        p.join()
        print(lock.locked(), lock)
        try:
            lock.release()
        except ValueError as e:
            print("ValueError:", e)
  `);
  expect(result.stderr).toBe('');
  expect(result.stdout).toBe(
    'False True False False True\n' +
      "('child tries', False)\n" +
      "('child blocks', True)\n" +
      'False <Lock(owner=None)>\n' +
      'ValueError: semaphore or lock released too many times\n',
  );
});

test('a Lock may be released by another process (it has no owner)', async ({ python }) => {
  await sameAsCPython(python, py`
    import multiprocessing as mp
    def unlock(lock):
        lock.release()
    if __name__ == "__main__":
        mp.set_start_method("spawn")
        lock = mp.Lock()
        lock.acquire()
        p = mp.Process(target=unlock, args=(lock,))
        p.start(); p.join()
        print(p.exitcode, lock.acquire(False))
  `);
});

test('RLock: re-entrant, owned by one thread of one process', async ({ python }) => {
  await sameAsCPython(python, py`
    import multiprocessing as mp
    def child(r, out):
        out.put(("other process acquires", r.acquire(timeout=0.2)))
        try:
            r.release()
        except AssertionError as e:
            out.put(("AssertionError", str(e)))
    if __name__ == "__main__":
        mp.set_start_method("spawn")
        r = mp.RLock()
        with r:
            with r:
                print(r._semlock._count(), r._semlock._is_mine(), r)
                out = mp.Queue()
                p = mp.Process(target=child, args=(r, out))
                p.start()
                print(out.get(timeout=20))
                print(out.get(timeout=20))
                p.join()
        print(r._semlock._count(), r)
        try:
            r.release()
        except AssertionError as e:
            print("AssertionError:", e)
  `);
});

test('Semaphore limits how many processes are inside at once', async ({ python }) => {
  await sameAsCPython(python, py`
    import multiprocessing as mp, time
    def visit(sem, inside, peak, i):
        with sem:
            with inside.get_lock():
                inside.value += 1
                peak.value = max(peak.value, inside.value)
            time.sleep(0.3)
            with inside.get_lock():
                inside.value -= 1
    if __name__ == "__main__":
        mp.set_start_method("spawn")
        sem = mp.Semaphore(2)
        inside, peak = mp.Value("i", 0), mp.Value("i", 0)
        ps = [mp.Process(target=visit, args=(sem, inside, peak, i)) for i in range(5)]
        for p in ps: p.start()
        for p in ps: p.join()
        print("peak", peak.value, "value", sem.get_value(), sem)
        s = mp.Semaphore(0)
        print(s.acquire(timeout=0.1), s.acquire(False))
        s.release(); s.release()
        print(s.get_value())
  `);
});

test('BoundedSemaphore refuses a release past its value', async ({ python }) => {
  await sameAsCPython(python, py`
    import multiprocessing as mp
    if __name__ == "__main__":
        b = mp.BoundedSemaphore(2)
        print(b)
        b.acquire(); b.release()
        try:
            b.release()
        except ValueError as e:
            print("ValueError:", e)
        print(b.get_value())
  `);
});

test('Condition: notify and wait_for across processes', async ({ python }) => {
  await sameAsCPython(python, py`
    import multiprocessing as mp
    def waiter(cond, ready, out, i):
        with cond:
            ok = cond.wait_for(lambda: ready.value >= i, timeout=20)
            out.put((i, ok))
    if __name__ == "__main__":
        mp.set_start_method("spawn")
        cond = mp.Condition()
        ready = mp.Value("i", 0)
        out = mp.Queue()
        ps = [mp.Process(target=waiter, args=(cond, ready, out, i)) for i in (1, 2)]
        for p in ps: p.start()
        for level in (1, 2):
            with cond:
                ready.value = level
                cond.notify_all()
        print(sorted(out.get(timeout=20) for _ in ps))
        for p in ps: p.join()
        with cond:
            print(cond.wait(0.1))
        try:
            cond.notify()
        except AssertionError as e:
            print("AssertionError:", e)
        try:
            cond.wait()
        except AssertionError as e:
            print("AssertionError:", e)
  `);
});

test('Event: set in one process wakes waiters in others; clear; wait timeout', async ({ python }) => {
  await sameAsCPython(python, py`
    import multiprocessing as mp, time
    def waiter(e, out):
        out.put(e.wait(20))
    if __name__ == "__main__":
        mp.set_start_method("spawn")
        e = mp.Event()
        print(e.is_set(), e.wait(0.1))
        out = mp.Queue()
        ps = [mp.Process(target=waiter, args=(e, out)) for _ in range(3)]
        for p in ps: p.start()
        time.sleep(0.3)
        e.set()
        print([out.get(timeout=20) for _ in ps], e.is_set(), e.wait())
        for p in ps: p.join()
        e.clear()
        start = time.monotonic()
        print(e.is_set(), e.wait(0.2), time.monotonic() - start >= 0.19)
  `);
});

test('Barrier: parties meet across processes; timeout breaks it; reset; abort; action', async ({ python }) => {
  await sameAsCPython(python, py`
    import multiprocessing as mp, threading
    def meet(b, out):
        out.put(b.wait(20))
    def hello():
        print("action runs once")
    if __name__ == "__main__":
        mp.set_start_method("spawn")
        b = mp.Barrier(3)
        out = mp.Queue()
        ps = [mp.Process(target=meet, args=(b, out)) for _ in range(2)]
        for p in ps: p.start()
        mine = b.wait(20)
        print(sorted([mine, out.get(timeout=20), out.get(timeout=20)]), b.parties, b.n_waiting, b.broken)
        for p in ps: p.join()
        lonely = mp.Barrier(2, timeout=0.2)
        try:
            lonely.wait()
        except threading.BrokenBarrierError:
            print("broken after timeout:", lonely.broken)
        lonely.reset()
        print("after reset:", lonely.broken)
        lonely.abort()
        try:
            lonely.wait(1)
        except threading.BrokenBarrierError:
            print("broken after abort:", lonely.broken)
        act = mp.Barrier(1, action=hello)
        print(act.wait(), act.wait())
  `);
});
