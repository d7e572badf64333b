# ThreadPoolExecutor: as_completed() hands out results as they finish,
# map() in the order the tasks were given.
import time
from concurrent.futures import ThreadPoolExecutor, as_completed

orders = [("espresso", 1.2), ("latte", 0.2), ("tea", 0.5)]


def brew(order):
    drink, seconds = order
    time.sleep(seconds)
    return f"{drink} ({seconds} s)"


with ThreadPoolExecutor(max_workers=3) as pool:
    print("as_completed, in the order they finish:")
    futures = [pool.submit(brew, order) for order in orders]
    for future in as_completed(futures):
        print("   ", future.result())

    print("map, in the order they were ordered:")
    for result in pool.map(brew, orders):
        print("   ", result)
