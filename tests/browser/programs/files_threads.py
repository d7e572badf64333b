"""One file system for every thread: a file a thread writes is read by the main thread
and by another thread; directories made, listed, renamed and removed by one thread are
seen so by the others."""
import os
import tempfile
import threading


def run(fn, *args):
    t = threading.Thread(target=fn, args=args)
    t.start()
    t.join()


with tempfile.TemporaryDirectory() as top:
    note = os.path.join(top, "note.txt")

    def write():
        with open(note, "w") as f:
            f.write("written by a thread\n")

    run(write)
    with open(note) as f:
        print("main reads:", f.read(), end="")

    def read(seen):
        with open(note) as f:
            seen.append(f.read())

    seen = []
    run(read, seen)
    print("another thread reads:", seen[0], end="")

    def make():
        os.mkdir(os.path.join(top, "box"))
        for name in ("a", "b", "c"):
            with open(os.path.join(top, "box", name), "w") as f:
                f.write(name * 3)

    run(make)
    print("listdir:", sorted(os.listdir(os.path.join(top, "box"))))

    def rename_and_remove():
        os.rename(os.path.join(top, "box", "a"), os.path.join(top, "box", "z"))
        os.remove(os.path.join(top, "box", "b"))
        os.replace(os.path.join(top, "note.txt"), os.path.join(top, "box", "note"))

    run(rename_and_remove)
    print("after a thread renamed and removed:", sorted(os.listdir(os.path.join(top, "box"))), sorted(os.listdir(top)))
    print("size:", os.stat(os.path.join(top, "box", "z")).st_size, os.path.exists(os.path.join(top, "box", "b")))

    def listing(out):
        out.append(sorted(os.listdir(os.path.join(top, "box"))))
        for name in os.listdir(os.path.join(top, "box")):
            os.remove(os.path.join(top, "box", name))
        os.rmdir(os.path.join(top, "box"))

    out = []
    run(listing, out)
    print("a thread listed:", out[0], "and emptied it:", os.listdir(top))

    # A module written at run time, imported by a thread.
    with open(os.path.join(top, "made_later.py"), "w") as f:
        f.write("VALUE = 'imported in a thread'\n")

    def use():
        import sys, importlib
        sys.path.insert(0, top)
        importlib.invalidate_caches()
        import made_later
        print(made_later.VALUE)
        sys.path.remove(top)

    run(use)
print("tempdir gone:", not os.path.exists(top))
