// The GIL: on by default, one thread at a time running bytecode, handed over about every
// switch interval and at every blocking call; off, threads run at once.
import { test, expect, py, sameAsCPython, program } from './fixtures.mjs';
import { threadsOf, byName, spansIn, overlap, median } from './timeline.helpers.mjs';


const TWO_CPU_THREADS = py`
  import sys, threading
  def spin(n=600_000):
      for _ in range(n):
          x = 1 + 1
  ts = [threading.Thread(target=spin, name=f"cpu-{i}") for i in range(2)]
  for t in ts: t.start()
  for t in ts: t.join()
  print(sys._is_gil_enabled())
`;

test('sys._is_gil_enabled() tells which mode the run is in', async ({ python }) => {
  const source = 'import sys\nprint(sys._is_gil_enabled())\n';
  expect((await python.run(source)).stdout).toBe('True\n');
  expect((await python.run(source, { gil: false })).stdout).toBe('False\n');
});

test('under the GIL two CPU-bound threads alternate, switching about every switch interval', async ({ python }) => {
  const result = await python.run(TWO_CPU_THREADS, { trace: true });
  expect(result.stdout).toBe('True\n');
  const threads = threadsOf(result.trace);
  const [a, b] = ['cpu-0', 'cpu-1'].map((name) => byName(threads, name));
  const running = [a, b].map((t) => spansIn(t, 'running'));
  // Never both running at once (allowing for the clocks of two workers).
  expect(overlap(...running)).toBeLessThan(2);
  // Each got the GIL many times, and held it for about the 5 ms interval.
  for (const spans of running) expect(spans.length).toBeGreaterThan(10);
  const held = running.flat().map((s) => s.end - s.start);
  expect(median(held)).toBeGreaterThan(3);
  expect(median(held)).toBeLessThan(20);
  // The one not running waits for the GIL.
  expect(spansIn(a, 'gil').length).toBeGreaterThan(5);
});

test('sys.setswitchinterval changes how long a thread keeps the GIL', async ({ python }) => {
  const source = 'import sys\nsys.setswitchinterval(0.03)\n' + TWO_CPU_THREADS;
  const result = await python.run(source, { trace: true });
  const threads = threadsOf(result.trace);
  const held = ['cpu-0', 'cpu-1'].flatMap((name) => spansIn(byName(threads, name), 'running')).map((s) => s.end - s.start);
  expect(median(held)).toBeGreaterThan(20);
});

test('free-threaded, two CPU-bound threads run at the same time', async ({ python }) => {
  const result = await python.run(TWO_CPU_THREADS.replace('600_000', '2_000_000'), { trace: true, gil: false });
  expect(result.stdout).toBe('False\n');
  const threads = threadsOf(result.trace);
  const [a, b] = ['cpu-0', 'cpu-1'].map((name) => spansIn(byName(threads, name), 'running'));
  const shortest = Math.min(...[a, b].map((spans) => spans.reduce((n, s) => n + s.end - s.start, 0)));
  expect(overlap(a, b)).toBeGreaterThan(0.5 * shortest);
  expect(spansIn(byName(threads, 'cpu-0'), 'gil')).toEqual([]);
});

for (const collector of ['on', 'off']) {
  test(`a thread spinning until another sets a flag finishes under the GIL (collector ${collector})`, async ({ python }) => {
    const result = await python.run(py`
    import gc, threading, time
    if ${collector === 'off' ? 'True' : 'False'}:
        gc.disable()
    flag = False
    def setter():
        global flag
        time.sleep(0.05)
        flag = True
    t = threading.Thread(target=setter)
    t.start()
    spins = 0
    while not flag:
        spins += 1
    t.join()
    print("done", spins > 0, gc.isenabled())
  `, { timeout: 20 });
    expect(result.stdout).toBe(`done True ${collector === 'on' ? 'True' : 'False'}\n`);
    expect(result.exitCode).toBe(0);
  });
}

test('gc.disable(), enable() and the thresholds behave as the program set them', async ({ python }) => {
  const result = await python.run(py`
    import gc
    gc.disable()
    print(gc.isenabled(), gc.get_threshold())
    gc.set_threshold(100, 5)
    print(gc.isenabled(), gc.get_threshold())
    gc.enable()
    print(gc.isenabled(), gc.get_threshold())
  `);
  expect(result.stdout).toBe('False (2000, 10, 0)\nFalse (100, 5, 0)\nTrue (100, 5, 0)\n');
});

for (const gil of [true, false]) {
  test(`two threads sleeping 1 s overlap (gil ${gil ? 'on' : 'off'})`, async ({ python }) => {
    const result = await python.run(py`
      import threading, time
      ts = [threading.Thread(target=time.sleep, args=(1,), name=f"sleeper-{i}") for i in range(2)]
      start = time.perf_counter()
      for t in ts: t.start()
      for t in ts: t.join()
      print(round(time.perf_counter() - start))
    `, { trace: true, gil });
    expect(result.stdout).toBe('1\n');
    const threads = threadsOf(result.trace);
    const [a, b] = ['sleeper-0', 'sleeper-1'].map((name) => spansIn(byName(threads, name), 'sleeping'));
    expect(a[0].label).toBe('time.sleep(1)');
    // A thread start can take a few hundred ms on a loaded machine (a new Worker);
    // sleeping one after the other would overlap not at all.
    expect(overlap(a, b)).toBeGreaterThan(500);
  });
}

test('a thread blocked on queue.get shows as blocked on that queue', async ({ python }) => {
  const result = await python.run(py`
    import queue, threading, time
    q = queue.Queue()
    t = threading.Thread(target=q.get, name="consumer")
    t.start()
    time.sleep(0.3)
    q.put(1)
    t.join()
  `, { trace: true });
  const consumer = byName(threadsOf(result.trace), 'consumer');
  const blocked = spansIn(consumer, 'blocked');
  expect(blocked.length).toBeGreaterThan(0);
  expect(blocked[0].label).toMatch(/^queue\.Queue\.get <queue\.Queue object at 0x[0-9a-f]+>$/);
  expect(blocked[0].end - blocked[0].start).toBeGreaterThan(250);
  // The main thread meanwhile sleeps, then waits in join.
  const main = byName(threadsOf(result.trace), 'MainThread');
  expect(spansIn(main, 'blocked').map((s) => s.label)).toContainEqual(expect.stringMatching(/^threading\.Thread\.join <Thread\(consumer/));
});

test('a wait whose owner\'s repr waits too is labelled, and ends', async ({ python }) => {
  const result = await python.run(program('gil_wait_repr_blocks.py'), { trace: true });
  expect(result.stderr).toBe('');
  expect(result.stdout).toBe('42\n');
  const labels = spansIn(byName(threadsOf(result.trace), 'setter'), 'blocked').map((s) => s.label);
  expect(labels).toContainEqual(expect.stringMatching(/^concurrent\.futures\._base\.Future\.set_result <Watched at 0x[0-9a-f]+ state=pending>$/));
  // The repr's own wait for the lock, labelled without an owner.
  expect(labels).toContain('concurrent.futures._base.Future.__repr__');
});

test('Pool workers run at the same time, each process under its own GIL', async ({ python }) => {
  const result = await python.run(py`
    from multiprocessing import Pool
    def spin(n):
        total = 0
        for i in range(n):
            total += i
        return total
    if __name__ == '__main__':
        with Pool(2) as pool:
            print(len(pool.map(spin, [400_000] * 2, chunksize=1)))
  `, { trace: true });
  expect(result.stdout).toBe('2\n');
  const threads = Object.values(threadsOf(result.trace));
  const workers = threads.filter((t) => t.pid !== 1 && t.name === 'MainThread');
  expect(workers.length).toBe(2);
  const names = workers.map((w) => threads.find((t) => t.pid === w.pid && t.process)?.process);
  expect(names.sort()).toEqual(['SpawnPoolWorker-1', 'SpawnPoolWorker-2']);
  const [a, b] = workers.map((w) => spansIn(w, 'running').filter((s) => s.end - s.start > 5));
  expect(overlap(a, b)).toBeGreaterThan(50);
});

test('a killed process\'s threads finish on the timeline when it is killed', async ({ python }) => {
  const result = await python.run(py`
    import multiprocessing as mp, threading, time
    def spin(ready=None):
        if ready:
            ready.set()
        while True:
            pass
    def work(ready):
        threading.Thread(target=spin, args=(ready,), name="helper", daemon=True).start()
        spin()
    if __name__ == "__main__":
        ready = mp.Event()
        p = mp.Process(target=work, args=(ready,))
        p.start()
        ready.wait()
        time.sleep(0.2)
        p.kill()
        p.join()
        time.sleep(1)
        print(p.exitcode)
  `, { trace: true });
  expect(result.stdout).toBe('-9\n');
  const threads = Object.values(threadsOf(result.trace));
  const child = threads.filter((t) => t.pid !== 1 && (t.name === 'MainThread' || t.name === 'helper'));
  expect(child.map((t) => t.name).sort()).toEqual(['MainThread', 'helper']);
  // The main thread's last sleep starts once join() has returned, after the kill.
  const afterKill = spansIn(threads.find((t) => t.pid === 1 && t.name === 'MainThread'), 'sleeping').at(-1).start;
  for (const thread of child) {
    expect(thread.spans.at(-1).state).toBe('finished');
    expect(thread.spans.at(-1).start).toBeLessThanOrEqual(afterKill);
  }
});

test('output lines carry the time they were written', async ({ python }) => {
  const result = await python.run(py`
    import time
    print("a")
    time.sleep(0.2)
    print("b")
  `, { trace: true });
  const [a, b] = result.records.filter((r) => r.stream === 1);
  expect(b.time - a.time).toBeGreaterThan(190);
  expect(a.pid).toBe(1);
});

test('functions that release the GIL still pickle by reference, as CPython sends time.sleep to a pool', async ({ python }) => {
  await sameAsCPython(python, py`
    import pickle, time
    import multiprocessing as mp
    if __name__ == "__main__":
        print(pickle.loads(pickle.dumps(time.sleep)) is time.sleep)
        with mp.Pool(1) as pool:
            print(pool.apply_async(time.sleep, (0.1,)).get(timeout=10))
  `);
});

// Native waits a program reaches must let go of the GIL, or the thread that would end
// them never runs: these programs hang if one does not.
test('SimpleQueue.get waits without the GIL, and behaves as CPython\'s', async ({ python }) => {
  await sameAsCPython(python, program('gil_wait_simple_queue.py'));
});

test('joining a _thread.start_joinable_thread handle waits without the GIL', async ({ python }) => {
  const result = await python.run(program('gil_wait_thread_handle.py'));
  expect(result.stderr).toBe('');
  expect(result.stdout).toBe([
    'True True',
    '[19999900000] True',
    'RuntimeError: thread not started',
    'True',
    'RuntimeError: thread already started',
    "TypeError: 'handle' must be a _ThreadHandle",
    '3',
    '4 False',
    '',
  ].join('\n'));
});

test('select.select and os.read wait without the GIL', async ({ python }) => {
  const running = python.run(program('gil_wait_select.py'));
  // The reader's stdin comes only once the other thread has printed, during the read.
  await expect.poll(python.soFar, { timeout: 60_000 }).toContain('another thread ran during os.read');
  await python.page.evaluate(() => window.weftStdin('data'));
  await python.page.evaluate(() => window.weftStdinClose());
  const result = await running;
  expect(result.stderr).toBe('');
  expect(result.stdout).toBe("another thread ran during select.select\nanother thread ran during os.read\nread b'data'\n");
});
