"""A child killed while it writes files leaves the file system working for everyone
else: the parent and a new child still write and read files."""
import multiprocessing as mp
import os
import tempfile
import time


def scribble(path):
    while True:
        with open(path, "a") as f:
            f.write("x" * 100 + "\n")
        os.stat(path)


def check(path):
    with open(path) as f:
        print("new child reads:", f.read(), end="")


if __name__ == "__main__":
    mp.set_start_method("spawn")
    with tempfile.TemporaryDirectory() as top:
        busy = os.path.join(top, "busy.txt")
        p = mp.Process(target=scribble, args=(busy,))
        p.start()
        while not os.path.exists(busy) or os.stat(busy).st_size < 10_000:
            time.sleep(0.01)
        p.terminate()
        p.join()
        print("killed:", p.exitcode)
        after = os.path.join(top, "after.txt")
        with open(after, "w") as f:
            f.write("written after the kill\n")
        with open(busy) as f:
            print("whole lines:", all(line == "x" * 100 for line in f.read().splitlines()))
        c = mp.Process(target=check, args=(after,))
        c.start()
        c.join()
        print("exit:", c.exitcode)
