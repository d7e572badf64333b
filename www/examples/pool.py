# A Pool keeps worker processes and hands them tasks: map() returns results in order,
# imap_unordered() as they finish, apply_async() one result you may wait for with a timeout.
import multiprocessing as mp
import time


def square(n):
    return n * n


def nap(seconds):
    time.sleep(seconds)
    return seconds


if __name__ == "__main__":
    with mp.Pool(processes=3) as pool:
        print("map:", pool.map(square, range(10)))

        print("imap_unordered, as each finishes:")
        for seconds in pool.imap_unordered(nap, [1.6, 0.2, 0.6]):
            print(f"    napped {seconds} s")

        result = pool.apply_async(nap, (5,))
        try:
            result.get(timeout=0.5)
        except mp.TimeoutError:
            print("apply_async: no result within 0.5 s, so we stop waiting")
    # Leaving the with-block terminates the pool, and with it the 5-second nap.
    print("pool closed")
