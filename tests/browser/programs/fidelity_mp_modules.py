"""What multiprocessing's own modules import works: mmap (anonymous and file maps),
multiprocessing.heap, resource_tracker (with os.waitpid) and shared_memory, whose blocks
cannot exist here and say so."""
import mmap
import multiprocessing as mp
import os
import tempfile


def main():
    m = mmap.mmap(-1, 16)
    print(repr(m), len(m))
    m[0:3] = b"abc"
    m[3] = 100
    print(m[0:4], m[0], m.read(2), m.tell(), m.find(b"d"))
    view = memoryview(m)
    view[5] = 65
    print(m[5])
    view.release()
    m.close()
    print(m.closed)
    try:
        m[0]
    except ValueError as e:
        print("ValueError:", e)

    fd, name = tempfile.mkstemp()
    os.write(fd, b"hello world\n" * 2)
    with mmap.mmap(fd, 0) as f:
        print(f.readline(), f.size())
        f[0:5] = b"HELLO"
    os.close(fd)
    with open(name, "rb") as file:
        print(file.read())
    os.unlink(name)

    import multiprocessing.heap
    wrapper = multiprocessing.heap.BufferWrapper(100)
    block = wrapper.create_memoryview()
    block[0] = 7
    print(len(block), block[0])
    try:    # where CPython maps the arena in the child too
        mp.Process(target=print, args=(wrapper,)).start()
    except ValueError as e:
        print("ValueError: file descriptor", str(e).split(" ", 3)[3])   # its number varies

    import multiprocessing.resource_tracker
    import multiprocessing.shared_memory
    p = mp.Process(target=os._exit, args=(3,))
    p.start()
    pid, status = os.waitpid(p.pid, 0)
    print(pid == p.pid, os.WIFEXITED(status), os.waitstatus_to_exitcode(status))
    p.join()
    print(p.exitcode)


if __name__ == "__main__":
    main()
    from multiprocessing import shared_memory
    try:
        shared_memory.SharedMemory(create=True, size=10)
    except OSError as e:
        print("OSError:", e.strerror)
