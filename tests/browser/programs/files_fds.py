"""A process's threads share its fds: a file object or an fd opened in one thread is
used in another; offsets, appends and seeks are the same for all of them."""
import os
import tempfile
import threading


def run(fn, *args):
    t = threading.Thread(target=fn, args=args)
    t.start()
    t.join()


with tempfile.TemporaryDirectory() as top:
    path = os.path.join(top, "log.txt")
    f = open(path, "w")
    f.write("main: opened\n")
    f.flush()
    run(lambda: (f.write("thread: wrote through main's file\n"), f.flush()))
    f.close()
    print(open(path).read(), end="")

    fds = []
    run(lambda: fds.append(os.open(path, os.O_RDWR | os.O_APPEND)))
    fd = fds[0]
    os.write(fd, b"main: wrote to the thread's fd\n")
    print("fstat size:", os.fstat(fd).st_size)
    run(lambda: os.write(fd, b"thread: appended\n"))
    os.lseek(fd, 0, os.SEEK_SET)
    run(lambda: print("thread reads at 0:", os.read(fd, 5)))
    print("main tell after the thread's read:", os.lseek(fd, 0, os.SEEK_CUR))
    os.close(fd)
    errors = []

    def closed():
        try:
            os.write(fd, b"x")
        except OSError as e:
            errors.append(e.errno == __import__("errno").EBADF)

    run(closed)
    print("closed in main, EBADF in a thread:", errors)

    with open(path, "r+b") as g:
        run(lambda: g.seek(6))
        print("seek in a thread, read in main:", g.read(6))
        run(lambda: g.truncate(4))
    print("truncated by a thread:", open(path, "rb").read())

    shared = os.open(path, os.O_WRONLY | os.O_APPEND)
    os.write(shared, b"\n")
    threads = [threading.Thread(target=lambda i=i: [os.write(shared, f"{i}\n".encode()) for _ in range(50)]) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    os.close(shared)
    lines = open(path).read().splitlines()[1:]
    print("lines from 4 threads on one fd:", len(lines), {i: lines.count(str(i)) for i in range(4)})
