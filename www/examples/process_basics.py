# Each Process is a separate Python interpreter with its own pid and its own memory.
# The `if __name__ == "__main__":` guard matters: a new process re-runs this file's
# top level to find greet(), and must not start processes of its own while doing so.
import multiprocessing as mp
import os


def greet(greeting):
    me = mp.current_process()
    print(f"{me.name}: {greeting}! pid {os.getpid()}, parent pid {os.getppid()}")


if __name__ == "__main__":
    print(f"{mp.current_process().name}: pid {os.getpid()}")
    children = [mp.Process(target=greet, args=(word,)) for word in ("hello", "bonjour", "你好")]
    for p in children:
        p.start()
    for p in children:
        p.join()
    for p in children:
        print(f"{p.name} exited with code {p.exitcode}")
