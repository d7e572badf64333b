# asyncio runs many coroutines in one thread: each `await` on something slow lets the
# event loop run the others meanwhile.
import asyncio
import time


async def fetch(page, seconds):
    await asyncio.sleep(seconds)  # stands for waiting on the network
    return f"{page} ({seconds} s)"


async def main():
    start = time.perf_counter()
    for page, seconds in (("home", 0.3), ("about", 0.2), ("blog", 0.1)):
        await fetch(page, seconds)  # one after another
    print(f"awaited one by one: {time.perf_counter() - start:.1f} s")

    start = time.perf_counter()
    pages = await asyncio.gather(fetch("home", 0.3), fetch("about", 0.2), fetch("blog", 0.1))
    print(f"gathered: {pages} in {time.perf_counter() - start:.1f} s")

    slow = asyncio.create_task(fetch("archive", 5))  # starts running in the background
    try:
        await asyncio.wait_for(slow, timeout=0.5)
    except TimeoutError:
        print("archive: gave up after 0.5 s; the task was cancelled:", slow.cancelled())


asyncio.run(main())
