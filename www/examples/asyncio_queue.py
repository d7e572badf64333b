# Async generators and `async for` produce values that take time to arrive;
# an asyncio.Queue hands work to several coroutine workers, all in one thread.
import asyncio


async def orders(count):
    for n in range(1, count + 1):
        await asyncio.sleep(0.05)  # the next order arrives a little later
        yield f"order-{n}"


async def cook(name, queue, done):
    while True:
        order = await queue.get()
        await asyncio.sleep(0.1)  # cooking: other coroutines run meanwhile
        done.append((order, name))
        queue.task_done()


async def main():
    queue = asyncio.Queue()
    done = []
    cooks = [asyncio.create_task(cook(f"cook-{k}", queue, done)) for k in (1, 2)]
    async for order in orders(6):
        await queue.put(order)
    await queue.join()  # every order cooked
    for task in cooks:
        task.cancel()  # the cooks wait forever otherwise
    for order, name in sorted(done, key=lambda item: int(item[0].split("-")[1])):
        print(f"{order} cooked by {name}")
    print("orders per cook:", {k: sum(1 for _, by in done if by == k) for k in ("cook-1", "cook-2")})


asyncio.run(main())
