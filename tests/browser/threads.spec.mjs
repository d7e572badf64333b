// threading: real threads on Web Workers sharing one memory, with CPython's behaviour.
import { test, expect, py, sameAsCPython } from './fixtures.mjs';

test('Thread start, join, is_alive, name, ident', async ({ python }) => {
  await sameAsCPython(python, py`
    import threading
    seen = []
    def work(n):
        seen.append((n, threading.current_thread().name))
    t = threading.Thread(target=work, args=(7,), name="worker-7")
    print(t.is_alive(), t.ident)
    t.start()
    t.join()
    print(t.is_alive(), seen, isinstance(t.ident, int))
    print(threading.current_thread().name, threading.main_thread() is threading.current_thread())
    u = threading.Thread(target=lambda: None)
    print(u.name.startswith("Thread-"), u.daemon)
  `);
});

test('a Thread subclass overriding run()', async ({ python }) => {
  await sameAsCPython(python, py`
    import threading
    class Counter(threading.Thread):
        def __init__(self, n):
            super().__init__(name=f"counter-{n}")
            self.n = n
            self.total = 0
        def run(self):
            for i in range(self.n):
                self.total += i
    ts = [Counter(n) for n in (10, 100, 1000)]
    for t in ts: t.start()
    for t in ts: t.join()
    print([(t.name, t.total) for t in ts])
  `);
});

test('daemon threads do not keep the program alive', async ({ python }) => {
  const result = await python.run(py`
    import threading, time
    def forever():
        while True:
            time.sleep(0.01)
    t = threading.Thread(target=forever, daemon=True)
    t.start()
    print("daemon:", t.daemon, "alive:", t.is_alive())
  `);
  expect(result.stdout).toBe('daemon: True alive: True\n');
  expect(result.exitCode).toBe(0);
});

test('a non-daemon thread is waited for at exit', async ({ python }) => {
  const result = await python.run(py`
    import threading, time
    def late():
        time.sleep(0.3)
        print("late thread finished")
    threading.Thread(target=late).start()
    print("main done")
  `);
  expect(result.stdout).toBe('main done\nlate thread finished\n');
});

test('Event set, clear, wait with timeout', async ({ python }) => {
  await sameAsCPython(python, py`
    import threading, time
    e = threading.Event()
    print(e.is_set(), e.wait(0.05))
    def setter():
        time.sleep(0.1)
        e.set()
    threading.Thread(target=setter).start()
    print(e.wait(5), e.is_set())
    e.clear()
    start = time.monotonic()
    print(e.wait(0.2), 0.15 < time.monotonic() - start < 2)
  `);
});

test('a Lock keeps a shared counter exact: 4 threads x 20000 increments', async ({ python }) => {
  const result = await python.run(py`
    import threading
    counter = 0
    lock = threading.Lock()
    def add():
        global counter
        for _ in range(20000):
            with lock:
                counter += 1
    ts = [threading.Thread(target=add) for _ in range(4)]
    for t in ts: t.start()
    for t in ts: t.join()
    print(counter)
    print(lock.locked(), lock.acquire(blocking=False), lock.locked())
    lock.release()
    try:
        lock.release()
    except RuntimeError as e:
        print("RuntimeError:", e)
  `);
  expect(result.stdout).toBe('80000\nFalse True True\nRuntimeError: release unlocked lock\n');
});

test('RLock is re-entrant and owned', async ({ python }) => {
  await sameAsCPython(python, py`
    import threading
    r = threading.RLock()
    with r:
        with r:
            print("nested twice")
    def other():
        print("other got it:", r.acquire(timeout=0.05))
    r.acquire()
    t = threading.Thread(target=other); t.start(); t.join()
    r.release()
    try:
        r.release()
    except RuntimeError as e:
        print("RuntimeError:", e)
  `);
});

test('Condition wait/notify and wait_for with a timeout', async ({ python }) => {
  await sameAsCPython(python, py`
    import threading, time
    cond = threading.Condition()
    items = []
    def consumer(out):
        with cond:
            cond.wait_for(lambda: items)
            out.append(items.pop())
    got = []
    t = threading.Thread(target=consumer, args=(got,))
    t.start()
    time.sleep(0.05)
    with cond:
        items.append("item")
        cond.notify()
    t.join()
    print(got)
    with cond:
        start = time.monotonic()
        print(cond.wait_for(lambda: False, timeout=0.2), 0.15 < time.monotonic() - start < 2)
        print(cond.wait(0.05))
  `);
});

test('Semaphore bounds concurrency; BoundedSemaphore rejects over-release', async ({ python }) => {
  await sameAsCPython(python, py`
    import threading, time
    sem = threading.Semaphore(2)
    active = 0
    peak = 0
    guard = threading.Lock()
    def job():
        global active, peak
        with sem:
            with guard:
                active += 1
                peak = max(peak, active)
            time.sleep(0.05)
            with guard:
                active -= 1
    ts = [threading.Thread(target=job) for _ in range(6)]
    for t in ts: t.start()
    for t in ts: t.join()
    print("peak", peak)
    b = threading.BoundedSemaphore(1)
    b.acquire(); b.release()
    try:
        b.release()
    except ValueError as e:
        print("ValueError:", e)
    print(threading.Semaphore(0).acquire(timeout=0.05))
  `);
});

test('Barrier releases all parties together', async ({ python }) => {
  await sameAsCPython(python, py`
    import threading
    barrier = threading.Barrier(3)
    order = []
    lock = threading.Lock()
    def party(n):
        with lock: order.append("before")
        barrier.wait()
        with lock: order.append("after")
    ts = [threading.Thread(target=party, args=(i,)) for i in range(3)]
    for t in ts: t.start()
    for t in ts: t.join()
    print(order)
    print(barrier.parties, barrier.n_waiting, barrier.broken)
  `);
});

test('threading.local gives each thread its own attributes', async ({ python }) => {
  await sameAsCPython(python, py`
    import threading
    data = threading.local()
    data.x = "main"
    results = {}
    def work(n):
        data.x = n
        results[n] = data.x
    ts = [threading.Thread(target=work, args=(i,)) for i in range(5)]
    for t in ts: t.start()
    for t in ts: t.join()
    print(sorted(results.items()), data.x)
  `);
});

test('an exception in a thread is printed CPython-style and main goes on', async ({ python }) => {
  const result = await python.run(py`
    import threading
    def boom():
        raise ValueError("bad value")
    t = threading.Thread(target=boom, name="Boomer")
    t.start()
    t.join()
    print("main continues")
  `);
  expect(result.stdout).toBe('main continues\n');
  expect(result.stderr).toMatch(/^Exception in thread Boomer:\nTraceback \(most recent call last\):\n/);
  expect(result.stderr).toContain('File "main.py", line 3, in boom');
  expect(result.stderr).toMatch(/ValueError: bad value\n$/);
  expect(result.exitCode).toBe(0);
});

test('two threads sleeping 1 s finish in about 1 s', async ({ python }) => {
  const result = await python.run(py`
    import threading, time
    start = time.perf_counter()
    ts = [threading.Thread(target=time.sleep, args=(1,)) for _ in range(2)]
    for t in ts: t.start()
    for t in ts: t.join()
    print(round(time.perf_counter() - start, 3))
  `);
  const elapsed = Number(result.stdout);
  expect(elapsed).toBeGreaterThanOrEqual(0.99);
  expect(elapsed).toBeLessThan(1.5);
});

test('64 live threads start and finish', async ({ python }) => {
  const result = await python.run(py`
    import threading
    go = threading.Event()
    ts = [threading.Thread(target=go.wait) for _ in range(63)]
    for t in ts: t.start()
    print(threading.active_count())
    go.set()
    for t in ts: t.join()
    print(threading.active_count())
  `);
  expect(result.stdout).toBe('64\n1\n');
});

test('past the thread limit, start() raises RuntimeError', async ({ python }) => {
  const result = await python.run(py`
    import threading
    go = threading.Event()
    started = []
    try:
        for i in range(1000):
            t = threading.Thread(target=go.wait)
            t.start()
            started.append(t)
    except RuntimeError as e:
        print("RuntimeError:", e)
    print(len(started) >= 64)
    go.set()
    for t in started: t.join()
    print("recovered")
  `);
  expect({ stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode }).toEqual({
    stdout: "RuntimeError: can't start new thread\nTrue\nrecovered\n",
    stderr: '',
    exitCode: 0,
  });
});
