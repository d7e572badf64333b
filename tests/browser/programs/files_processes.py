"""All processes share the file system, each with fds of its own: a child reads what its
parent wrote after the run began (a module too), the parent reads what the child wrote;
two processes appending to one file lose nothing; a parent's fd means nothing in a
child."""
import errno
import multiprocessing as mp
import os
import sys
import tempfile


def reply(top):
    with open(os.path.join(top, "request.txt")) as f:
        request = f.read()
    sys.path.insert(0, top)
    import written_by_parent
    with open(os.path.join(top, "reply.txt"), "w") as f:
        f.write(f"child read {request!r} and {written_by_parent.WORD}")


def append(path, tag, n):
    with open(path, "a", buffering=1) as f:
        for i in range(n):
            f.write(f"{tag} {i}\n")


def foreign(fd, queue):
    outcomes = []
    for call in (lambda: os.fstat(fd), lambda: os.write(fd, b"x"), lambda: os.read(fd, 1)):
        try:
            call()
            outcomes.append("ok")
        except OSError as e:
            outcomes.append(errno.errorcode[e.errno])
    queue.put(outcomes)


if __name__ == "__main__":
    mp.set_start_method("spawn")
    with tempfile.TemporaryDirectory() as top:
        with open(os.path.join(top, "request.txt"), "w") as f:
            f.write("hello")
        with open(os.path.join(top, "written_by_parent.py"), "w") as f:
            f.write("WORD = 'a module the parent wrote'\n")
        p = mp.Process(target=reply, args=(top,))
        p.start()
        p.join()
        with open(os.path.join(top, "reply.txt")) as f:
            print(p.exitcode, f.read())

        log = os.path.join(top, "log.txt")
        writers = [mp.Process(target=append, args=(log, tag, 300)) for tag in "ab"]
        for w in writers:
            w.start()
        append(log, "parent", 300)
        for w in writers:
            w.join()
        with open(log) as f:
            lines = f.read().splitlines()
        print("lines:", len(lines), {tag: sum(line.split()[0] == tag for line in lines) for tag in ("a", "b", "parent")})
        print("each in order:", all([int(l.split()[1]) for l in lines if l.split()[0] == t] == list(range(300)) for t in ("a", "b", "parent")))

        # A high fd: a spawned CPython child has a few of its own open too.
        held = [os.open(log, os.O_RDONLY) for _ in range(30)]
        fd = held[-1]
        print("parent fstat:", os.fstat(fd).st_size > 0)
        queue = mp.Queue()
        c = mp.Process(target=foreign, args=(fd, queue))
        c.start()
        print("in the child:", queue.get())
        c.join()
        for held_fd in held:
            os.close(held_fd)
    print("done")
