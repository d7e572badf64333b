# Processes share no memory: a child changes only its own copy of a global list.
# Value and Array live in shared memory, so every process sees the same numbers.
import multiprocessing as mp

seen = []  # every process has its own copy


def append_numbers():
    seen.extend(range(5))
    print(f"child:  my list has {len(seen)} items")


def fill_shared(counter, squares):
    for i in range(len(squares)):
        squares[i] = i * i
    for _ in range(1000):
        with counter.get_lock():  # += is a read and a write: lock it
            counter.value += 1


if __name__ == "__main__":
    p = mp.Process(target=append_numbers)
    p.start()
    p.join()
    print(f"parent: my list has {len(seen)} items")

    counter = mp.Value("i", 0)  # a shared C int
    squares = mp.Array("i", 5)  # five shared C ints, all 0
    workers = [mp.Process(target=fill_shared, args=(counter, squares)) for _ in range(2)]
    for p in workers:
        p.start()
    for p in workers:
        p.join()
    print(f"parent: counter = {counter.value}, squares = {squares[:]}")
