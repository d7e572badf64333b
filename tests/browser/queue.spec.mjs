// queue: Queue, LifoQueue and PriorityQueue shared by real threads.
import { test, expect, cpython, py } from './fixtures.mjs';

test('producer/consumer with task_done and join delivers every item once', async ({ python }) => {
  const result = await python.run(py`
    import queue, threading
    q = queue.Queue()
    got = []
    lock = threading.Lock()
    def consumer():
        while True:
            item = q.get()
            if item is None:
                q.task_done()
                return
            with lock:
                got.append(item)
            q.task_done()
    workers = [threading.Thread(target=consumer) for _ in range(3)]
    for w in workers: w.start()
    for i in range(2000):
        q.put(i)
    q.join()
    for _ in workers: q.put(None)
    for w in workers: w.join()
    print(len(got), sorted(got) == list(range(2000)), q.empty(), q.qsize())
  `);
  expect(result.stdout).toBe('2000 True True 0\n');
});

test('LifoQueue and PriorityQueue order', async ({ python }) => {
  const source = py`
    import queue
    lq = queue.LifoQueue()
    for i in range(3): lq.put(i)
    print([lq.get() for _ in range(3)])
    pq = queue.PriorityQueue()
    for item in [(3, "c"), (1, "a"), (2, "b")]: pq.put(item)
    print([pq.get() for _ in range(3)])
  `;
  const result = await python.run(source);
  expect(result.stdout).toBe(cpython(source).stdout);
});

test('get(timeout) raises queue.Empty after about that time', async ({ python }) => {
  const result = await python.run(py`
    import queue, time
    q = queue.Queue()
    start = time.monotonic()
    try:
        q.get(timeout=0.3)
    except queue.Empty:
        print("Empty", round(time.monotonic() - start, 1))
    try:
        q.get_nowait()
    except queue.Empty as e:
        print(type(e).__name__)
  `);
  expect(result.stdout).toMatch(/^Empty 0\.[34]\nEmpty\n$/);
});

test('put on a full bounded queue with timeout raises queue.Full', async ({ python }) => {
  const result = await python.run(py`
    import queue, time
    q = queue.Queue(maxsize=2)
    q.put(1); q.put(2)
    print(q.full(), q.qsize())
    start = time.monotonic()
    try:
        q.put(3, timeout=0.2)
    except queue.Full:
        print("Full", round(time.monotonic() - start, 1))
    try:
        q.put_nowait(3)
    except queue.Full:
        print("Full again")
  `);
  expect(result.stdout).toMatch(/^True 2\nFull 0\.[23]\nFull again\n$/);
});

test('a blocked get wakes when another thread puts', async ({ python }) => {
  const result = await python.run(py`
    import queue, threading, time
    q = queue.Queue()
    threading.Timer(0.1, q.put, args=("hello",)).start()
    print(q.get(timeout=5))
  `);
  expect(result.stdout).toBe('hello\n');
});
