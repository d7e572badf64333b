// Shared state between processes: Value and Array in the run's shared memory, and a
// Manager's server process holding dicts, lists, namespaces, queues and locks.
import { test, expect, py, sameAsCPython } from './fixtures.mjs';

test('Value and Array changed by a child are seen by the parent', async ({ python }) => {
  await sameAsCPython(python, py`
    import multiprocessing as mp
    def change(n, a, s):
        n.value = 3.1415927
        for i in range(len(a)):
            a[i] = -a[i]
        s.value = b"from child"
    if __name__ == "__main__":
        mp.set_start_method("spawn")
        n = mp.Value("d", 0.0)
        a = mp.Array("i", range(10))
        s = mp.Array("c", 16)
        p = mp.Process(target=change, args=(n, a, s))
        p.start(); p.join()
        print(n.value, a[:], s.value, len(s.raw))
  `);
});

test('Value typecodes wrap and convert as ctypes does', async ({ python }) => {
  await sameAsCPython(python, py`
    import multiprocessing as mp
    if __name__ == "__main__":
        cases = [("b", 200), ("B", -1), ("h", 70000), ("H", -2), ("i", 2**31), ("I", -1),
                 ("l", 2**63), ("L", -1), ("q", -5), ("Q", 2**64 + 3), ("f", 0.1), ("d", 1),
                 ("c", b"x"), ("u", "z")]
        for code, value in cases:
            v = mp.Value(code, value)
            print(code, repr(v.value))
        print(mp.Value("i").value, mp.Value("d").value, mp.Value("c").value)
        for code, bad in (("i", 1.5), ("i", "1"), ("d", "x"), ("c", b"xy"), ("u", "ab")):
            try:
                mp.Value(code, bad)
            except TypeError:
                print("TypeError for", code, repr(bad))
        try:
            mp.Value("i", 1, 2)
        except TypeError as e:
            print("TypeError:", e)
  `);
});

test('Value and Array take ctypes types; ctypes simple types convert as in CPython', async ({ python }) => {
  await sameAsCPython(python, py`
    import ctypes
    import multiprocessing as mp
    from ctypes import c_bool, c_char, c_double, c_int, c_ubyte
    def work(flag, total, samples):
        flag.value = True
        total.value += 2**31
        for i in range(len(samples)):
            samples[i] *= 2
    if __name__ == "__main__":
        flag, total = mp.Value(c_bool, False), mp.Value(ctypes.c_long, 1)
        samples = mp.Array(c_double, [0.5, 1.5, 2.5])
        p = mp.Process(target=work, args=(flag, total, samples))
        p.start(); p.join()
        print(flag.value, total.value, samples[:], mp.RawArray(c_int, 3)[:])
        print(c_int(2**31).value, c_ubyte(-1).value, c_char(65).value, c_double(1).value, c_bool(5).value)
        print(c_int(7), ctypes.sizeof(c_int), ctypes.sizeof(c_double), ctypes.sizeof(ctypes.c_long(3)))
        try:
            c_int(1.5)
        except TypeError as e:
            print("TypeError:", e)
  `);
  const missing = await python.run('import ctypes\nctypes.CDLL\n');
  expect(missing.stderr).toMatch(/AttributeError: module 'ctypes' has no attribute 'CDLL': .*cannot load C libraries/);
});

test('Value: get_lock, get_obj, lock=False, lock=<a Lock>, repr', async ({ python }) => {
  await sameAsCPython(python, py`
    import multiprocessing as mp
    if __name__ == "__main__":
        v = mp.Value("i", 5)
        print(v, v.get_lock(), type(v.get_obj()).__name__)
        with v:
            v.value += 1
        with v.get_lock():
            v.value *= 2
        v.acquire(); v.value -= 1; v.release()
        print(v.value)
        raw = mp.Value("i", 7, lock=False)
        print(raw, raw.value, hasattr(raw, "get_lock"))
        lock = mp.Lock()
        w = mp.Value("d", 2.5, lock=lock)
        print(w.get_lock() is lock, w)
        r = mp.RawValue("h", 3)
        print(r, r.value)
        try:
            mp.Value("i", 1, lock="no")
        except AttributeError as e:
            print("AttributeError:", e)
  `);
});

test('Array: indexing, slicing, slice assignment, iteration, char arrays', async ({ python }) => {
  await sameAsCPython(python, py`
    import multiprocessing as mp
    if __name__ == "__main__":
        a = mp.Array("i", 6)
        print(len(a), a[:], list(a))
        a[0] = 10; a[-1] = 60
        a[1:3] = [20, 30]
        print(a[:], a[::2], a[1:-1], a[-1], a[5])
        a[::2] = [1, 2, 3]
        print(a[:], sum(a))
        for bad in (lambda: a[6], lambda: a[-7]):
            try:
                bad()
            except IndexError as e:
                print("IndexError:", e)
        try:
            a[0:2] = [1, 2, 3]
        except ValueError as e:
            print("ValueError:", e)
        d = mp.Array("d", [1.5, 2.5])
        print(d[:], mp.Array("b", [-1, 1])[:], mp.RawArray("H", 3)[:])
        s = mp.Array("c", b"hello")
        print(s.value, s.raw, s[0], s[1:3], len(s))
        s.value = b"hi"
        print(s.value, s.raw)
        s.raw = b"HEY"
        print(s.value, s[:])
        try:
            s.value = b"much too long"
        except ValueError as e:
            print("ValueError:", e)
        u = mp.Array("u", "abc")
        print(u[:], u[1], u.get_obj().value)
        lk = mp.Array("i", [1, 2], lock=False)
        print(type(lk).__name__, lk[:])
        try:
            mp.Array("i", (x for x in range(3)))
        except TypeError:
            print("TypeError: a generator has no len()")
  `);
});

test('Value and Array locks serialize increments from several processes', async ({ python }) => {
  await sameAsCPython(python, py`
    import multiprocessing as mp
    def bump(v, a, n):
        for _ in range(n):
            with v.get_lock():
                v.value += 1
            with a.get_lock():
                a[0] += 2
    if __name__ == "__main__":
        mp.set_start_method("spawn")
        v = mp.Value("i", 0)
        a = mp.Array("l", [0, 0])
        ps = [mp.Process(target=bump, args=(v, a, 200)) for _ in range(3)]
        for p in ps: p.start()
        for p in ps: p.join()
        print(v.value, a[:])
  `);
});

test('a Value sent to a Pool task fails: only inheritance may share it', async ({ python }) => {
  const result = await python.run(py`
    import multiprocessing as mp, pickle
    def read(v):
        return v.value
    if __name__ == "__main__":
        v = mp.Value("i", 1)
        with mp.Pool(2) as pool:
            try:
                pool.map(read, [v])
            except RuntimeError as e:
                print("RuntimeError:", e)
            try:
                pool.apply(read, (mp.Array("i", 2),))
            except RuntimeError as e:
                print("RuntimeError:", e)
        try:
            pickle.dumps(mp.RawValue("i", 1))
        except RuntimeError as e:
            print("RuntimeError:", e)
  `);
  expect(result.stderr).toBe('');
  expect(result.stdout).toBe(
    'RuntimeError: Synchronized objects should only be shared between processes through inheritance\n' +
      'RuntimeError: SynchronizedArray objects should only be shared between processes through inheritance\n' +
      'RuntimeError: c_int objects should only be shared between processes through inheritance\n',
  );
});

test('Manager: dict and list proxies changed by a child', async ({ python }) => {
  await sameAsCPython(python, py`
    import multiprocessing as mp
    def change(d, l):
        d[1] = "1"
        d["2"] = 2
        d[0.25] = None
        l.reverse()
        l.append("child")
    if __name__ == "__main__":
        mp.set_start_method("spawn")
        with mp.Manager() as manager:
            d = manager.dict()
            l = manager.list(range(5))
            p = mp.Process(target=change, args=(d, l))
            p.start(); p.join()
            print(d, l, len(l), d.get("2"), sorted(d.keys(), key=str), l[0], 1 in d)
            print(dict(d), list(l), d.copy() == dict(d))
  `);
});

test('Manager: Namespace, Value, Queue, Lock shared with children', async ({ python }) => {
  await sameAsCPython(python, py`
    import multiprocessing as mp
    def work(ns, v, q, lock, i):
        with lock:
            v.value += i
            ns.total = ns.total + i
        q.put(i * i)
    if __name__ == "__main__":
        mp.set_start_method("spawn")
        with mp.Manager() as m:
            ns = m.Namespace()
            ns.total = 0
            ns.label = "sums"
            v = m.Value("i", 0)
            q = m.Queue()
            lock = m.Lock()
            ps = [mp.Process(target=work, args=(ns, v, q, lock, i)) for i in range(1, 4)]
            for p in ps: p.start()
            for p in ps: p.join()
            print(ns.label, ns.total, v.value, sorted(q.get(timeout=10) for _ in range(3)), q.empty())
            print(isinstance(ns, mp.managers.NamespaceProxy), type(lock).__name__)
        print("manager shut down")
  `);
});

test('Manager: start() and shutdown() without a with-block', async ({ python }) => {
  await sameAsCPython(python, py`
    import multiprocessing as mp
    from multiprocessing.managers import SyncManager
    if __name__ == "__main__":
        mp.set_start_method("spawn")
        m = SyncManager()
        m.start()
        d = m.dict(a=1)
        d["b"] = 2
        e = m.Event()
        e.set()
        print(sorted(d.items()), e.is_set(), m._process.is_alive())
        m.shutdown()
        print(m._process.is_alive() if m._process else False, m._process.exitcode)
  `);
});
