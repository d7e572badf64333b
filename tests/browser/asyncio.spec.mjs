// asyncio: an event loop that sleeps on kernel channels and wakes for other threads.
import { test, expect, cpython, py } from './fixtures.mjs';
import { loadSeeds, comparable } from '../seeds.mjs';

test('run, gather, to_thread, call_soon_threadsafe, wait_for, Queue, async generators, Lock, cancel', async ({ python }) => {
  const source = py`
    import asyncio, time, threading

    def blocking(x):
        time.sleep(0.3)
        return x * 2

    async def ticker(q):
        for i in range(3):
            await q.put(i)
            await asyncio.sleep(0.05)
        await q.put(None)

    async def main():
        start = time.perf_counter()
        results = await asyncio.gather(asyncio.to_thread(blocking, 1), asyncio.to_thread(blocking, 2))
        print(results, "overlapped:", time.perf_counter() - start < 0.55)
        loop = asyncio.get_running_loop()
        fut = loop.create_future()
        threading.Timer(0.2, lambda: loop.call_soon_threadsafe(fut.set_result, "from thread")).start()
        print(await fut)
        try:
            await asyncio.wait_for(asyncio.sleep(5), timeout=0.1)
        except TimeoutError:
            print("TimeoutError")
        q = asyncio.Queue()
        asyncio.create_task(ticker(q))
        while (item := await q.get()) is not None:
            print("got", item)
        async def agen():
            for i in range(3):
                yield i
                await asyncio.sleep(0)
        print([i async for i in agen()])
        async for i in agen():
            print("async for", i)
        lock, event, sem = asyncio.Lock(), asyncio.Event(), asyncio.Semaphore(2)
        async with lock, sem:
            print("locked", lock.locked(), sem.locked())
        asyncio.get_running_loop().call_later(0.05, event.set)
        print("event", await event.wait())
        task = asyncio.create_task(asyncio.sleep(10))
        await asyncio.sleep(0)
        task.cancel()
        try:
            await task
        except asyncio.CancelledError:
            print("cancelled", task.cancelled())

    asyncio.run(main())
  `;
  const result = await python.run(source);
  expect(result.stderr).toBe('');
  expect(result.stdout).toBe(cpython(source).stdout);
});

test('new_event_loop, run_until_complete, close; an idle loop sleeps', async ({ python }) => {
  const source = py`
    import asyncio, time
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    wall = time.perf_counter()
    print(loop.run_until_complete(asyncio.sleep(0.5, result="slept")))
    print("wall about 0.5 s:", 0.45 < time.perf_counter() - wall < 1.5)
    loop.close()
    print(loop.is_closed())
  `;
  const result = await python.run(source);
  expect(result.stdout).toBe(cpython(source).stdout);
});

test('an exception inside a coroutine gives a traceback and exit status 1', async ({ python }) => {
  const result = await python.run(py`
    import asyncio
    async def fail():
        await asyncio.sleep(0)
        raise ValueError("inside the loop")
    asyncio.run(fail())
  `);
  expect(result.stderr).toMatch(/File "main.py", line 4, in fail\n/);
  expect(result.stderr).toMatch(/ValueError: inside the loop\n$/);
  expect(result.exitCode).toBe(1);
});

for (const seed of loadSeeds(['s002-20', 's002-21', 's002-22'])) {
  test(`seed ${seed.file} (${seed.compare})`, async ({ python }) => {
    const result = await python.run(seed.source, { filename: seed.file });
    const [actual, expected] = comparable(seed.compare, result.output, seed.expected);
    expect(actual).toEqual(expected);
  });
}
