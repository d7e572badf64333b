// multiprocessing queues, pipes, listeners and wait(): messages between real processes
// over the run's kernel channels, with CPython's blocking, timeouts, EOF and errors.
import { test, expect, py, sameAsCPython, program } from './fixtures.mjs';

test('Queue: several producer processes, get with timeout, Empty', async ({ python }) => {
  await sameAsCPython(python, py`
    import multiprocessing as mp, queue
    def produce(q, tag, n):
        for i in range(n):
            q.put((tag, i, [i] * i))
    if __name__ == "__main__":
        mp.set_start_method("spawn")
        q = mp.Queue()
        ps = [mp.Process(target=produce, args=(q, t, 50)) for t in "abc"]
        for p in ps: p.start()
        got = [q.get(timeout=30) for _ in range(150)]
        for p in ps: p.join()
        for t in "abc":
            mine = [i for tag, i, l in got if tag == t]
            print(t, mine == list(range(50)), all(l == [i] * i for tag, i, l in got))
        try:
            q.get(timeout=0.2)
        except queue.Empty:
            print("Empty after timeout")
        try:
            q.get_nowait()
        except queue.Empty:
            print("Empty at once")
        print(q.empty(), q.qsize())
  `);
});

test('Queue: maxsize, Full, full(), qsize(), put timeout, close and join_thread', async ({ python }) => {
  await sameAsCPython(python, py`
    import multiprocessing as mp, queue, time
    if __name__ == "__main__":
        mp.set_start_method("spawn")
        q = mp.Queue(2)
        q.put(1); q.put(2)
        print(q.full(), q.qsize())
        start = time.monotonic()
        try:
            q.put(3, timeout=0.2)
        except queue.Full:
            print("Full after", round(time.monotonic() - start, 1) >= 0.2)
        try:
            q.put_nowait(3)
        except queue.Full:
            print("Full at once")
        print(q.get(), q.get(), q.empty(), q.full())
        q.put("last")
        time.sleep(0.2)
        print(q.get())
        q.close()
        q.join_thread()
        try:
            q.put(4)
        except ValueError as e:
            print("ValueError:", str(e).endswith("is closed"))
  `);
});

test('Queue: a child blocks in get() until the parent puts', async ({ python }) => {
  await sameAsCPython(python, py`
    import multiprocessing as mp, time
    def consumer(q, out):
        while True:
            item = q.get()
            if item is None:
                break
            out.put(item * 10)
    if __name__ == "__main__":
        mp.set_start_method("spawn")
        q, out = mp.Queue(), mp.Queue()
        p = mp.Process(target=consumer, args=(q, out))
        p.start()
        time.sleep(0.3)
        for i in range(5):
            q.put(i)
        q.put(None)
        print([out.get(timeout=20) for _ in range(5)])
        p.join()
        print(p.exitcode)
  `);
});

test('JoinableQueue: task_done and join across processes', async ({ python }) => {
  await sameAsCPython(python, py`
    import multiprocessing as mp
    def worker(q, results):
        while True:
            item = q.get()
            results.put(item * item)
            q.task_done()
    if __name__ == "__main__":
        mp.set_start_method("spawn")
        q, results = mp.JoinableQueue(), mp.Queue()
        ps = [mp.Process(target=worker, args=(q, results), daemon=True) for _ in range(2)]
        for p in ps: p.start()
        for i in range(10):
            q.put(i)
        q.join()
        print("joined", sorted(results.get(timeout=10) for _ in range(10)))
        try:
            q.task_done()
        except ValueError as e:
            print("ValueError:", e)
  `);
});

test('SimpleQueue between processes: put, get, empty, close', async ({ python }) => {
  await sameAsCPython(python, py`
    import multiprocessing as mp
    def echo(inq, outq):
        for item in iter(inq.get, "stop"):
            outq.put(item.upper())
    if __name__ == "__main__":
        mp.set_start_method("spawn")
        inq, outq = mp.SimpleQueue(), mp.SimpleQueue()
        p = mp.Process(target=echo, args=(inq, outq))
        p.start()
        for word in ("ab", "cd", "ef"):
            inq.put(word)
        inq.put("stop")
        print([outq.get() for _ in range(3)], outq.empty())
        p.join()
        inq.close(); outq.close()
        try:
            inq.get()
        except OSError as e:
            print("OSError:", e)
  `);
});

test('Pipe (duplex) between processes: send/recv both ways, EOFError when the child closes', async ({ python }) => {
  await sameAsCPython(python, py`
    import multiprocessing as mp
    def echo(conn):
        while True:
            try:
                msg = conn.recv()
            except EOFError:
                break
            conn.send(("echo", msg))
        conn.close()
    if __name__ == "__main__":
        mp.set_start_method("spawn")
        a, b = mp.Pipe()
        p = mp.Process(target=echo, args=(b,))
        p.start()
        b.close()
        for msg in (1, "two", [3], {"four": 4}, None):
            a.send(msg)
            print(a.recv())
        a.send(b"bytes too")
        print(a.recv())
        a.close()
        p.join()
        print("exit", p.exitcode)
  `);
});

test('Pipe(duplex=False): one-way ends, EOFError once every writer is closed', async ({ python }) => {
  await sameAsCPython(python, py`
    import multiprocessing as mp
    def produce(w, n):
        for i in range(n):
            w.send(i)
    if __name__ == "__main__":
        mp.set_start_method("spawn")
        r, w = mp.Pipe(duplex=False)
        print(r.readable, r.writable, w.readable, w.writable)
        ps = [mp.Process(target=produce, args=(w, 3)) for _ in range(2)]
        for p in ps: p.start()
        w.close()
        got = []
        while True:
            try:
                got.append(r.recv())
            except EOFError:
                print("EOFError")
                break
        for p in ps: p.join()
        print(sorted(got))
        for call in (lambda: r.send(1), lambda: w.recv(), lambda: r.recv()):
            try:
                call()
            except (OSError, EOFError) as e:
                print(type(e).__name__, e)
  `);
});

test('EOF comes only when every copy of the other end is closed, or its process is gone', async ({ python }) => {
  await sameAsCPython(python, py`
    import multiprocessing as mp, time
    def send_and_leave(w):
        w.send("sent, then exited without close()")
    def send_and_hang(w):
        w.send("sent, then hung")
        time.sleep(60)
    if __name__ == "__main__":
        mp.set_start_method("spawn")
        r, w = mp.Pipe(duplex=False)
        p = mp.Process(target=send_and_leave, args=(w,))
        p.start()
        print(r.recv())
        p.join()
        print("parent still holds a writer:", r.poll(0.3))
        w.close()
        print("all writers closed:", r.poll(5))
        try:
            r.recv()
        except EOFError:
            print("EOFError")
        r, w = mp.Pipe(duplex=False)
        p = mp.Process(target=send_and_hang, args=(w,))
        p.start()
        w.close()
        print(r.recv())
        p.terminate()
        p.join()
        try:
            r.recv()
        except EOFError:
            print("EOFError after terminate()", p.exitcode)
        r, w = mp.Pipe(duplex=False)
        r.close()
        try:
            w.send("nobody reads")
        except BrokenPipeError as e:
            print("BrokenPipeError:", e)
  `);
});

test('Connection: send_bytes offset/size, recv_bytes maxlength, recv_bytes_into, poll(timeout)', async ({ python }) => {
  await sameAsCPython(python, py`
    import multiprocessing as mp, array, time
    if __name__ == "__main__":
        a, b = mp.Pipe()
        print(a.poll(), a.poll(0.1))
        b.send_bytes(b"hello world", 6)
        b.send_bytes(b"hello world", 0, 5)
        b.send_bytes(array.array("i", [1, 2, 3]))
        print(a.poll(), a.recv_bytes(), a.recv_bytes(10))
        buf = bytearray(20)
        n = a.recv_bytes_into(buf, 4)
        print(n, bytes(buf[4:4 + n]) == array.array("i", [1, 2, 3]).tobytes())
        for args in ((b"x", -1), (b"x", 5), (b"xy", 0, 5), (b"x", 0, -1)):
            try:
                b.send_bytes(*args)
            except ValueError as e:
                print("ValueError:", e)
        b.send_bytes(b"too long for it")
        try:
            a.recv_bytes_into(bytearray(4))
        except mp.BufferTooShort as e:
            print("BufferTooShort", e.args[0])
        b.send(list(range(5)))
        print(a.poll(None), a.recv())
        b.send_bytes(b"")
        print(a.recv_bytes())
        with a, b:
            pass
        print(a.closed, b.closed)
        try:
            a.poll()
        except OSError as e:
            print("OSError:", e)
        r, w = mp.Pipe(duplex=False)
        w.send_bytes(b"0123456789")
        try:
            r.recv_bytes(5)
        except OSError as e:
            print("OSError:", e, r.closed)
        c, d = mp.Pipe()
        d.send_bytes(b"0123456789")
        try:
            c.recv_bytes(5)
        except OSError as e:
            print("OSError:", e, c.closed)
        try:
            c.recv_bytes()
        except OSError as e:
            print("OSError:", e)
  `);
});

test('plain messages take the short way and arrive as themselves, through Pipe and Queue', async ({ python }) => {
  await sameAsCPython(python, program('mp_plain_messages.py'));
});

test('Queue: every item once, with producers and consumers in several processes and threads', async ({ python }) => {
  await sameAsCPython(python, program('mp_exactly_once.py'));
});

test('a big message (8 MB) crosses a pipe whole', async ({ python }) => {
  await sameAsCPython(python, py`
    import multiprocessing as mp, hashlib
    def send_big(conn):
        data = bytes(range(256)) * (8 * 4096)
        conn.send_bytes(data)
        conn.send({"sha": hashlib.sha256(data).hexdigest(), "n": len(data)})
    if __name__ == "__main__":
        mp.set_start_method("spawn")
        a, b = mp.Pipe()
        p = mp.Process(target=send_big, args=(b,))
        p.start()
        data = a.recv_bytes()
        meta = a.recv()
        p.join()
        print(len(data), meta["n"] == len(data), meta["sha"] == hashlib.sha256(data).hexdigest())
  `);
});

test('a Connection passed through a Queue still reaches the same pipe', async ({ python }) => {
  await sameAsCPython(python, py`
    import multiprocessing as mp
    def answer(q):
        conn = q.get()
        conn.send("answered through a queued connection")
        conn.close()
    if __name__ == "__main__":
        mp.set_start_method("spawn")
        q = mp.Queue()
        p = mp.Process(target=answer, args=(q,))
        p.start()
        a, b = mp.Pipe()
        q.put(b)
        print(a.recv())
        p.join()
  `);
});

test('connection.wait() on pipes and process sentinels, with timeout', async ({ python }) => {
  await sameAsCPython(python, py`
    import multiprocessing as mp, time
    from multiprocessing.connection import wait
    def slow(conn, delay, text):
        time.sleep(delay)
        conn.send(text)
        conn.close()
    if __name__ == "__main__":
        mp.set_start_method("spawn")
        readers, procs = [], []
        for delay, text in ((1.5, "slow"), (0.1, "fast")):
            r, w = mp.Pipe(duplex=False)
            p = mp.Process(target=slow, args=(w, delay, text))
            p.start()
            w.close()
            readers.append(r); procs.append(p)
        print(wait(readers, timeout=0.01))
        order = []
        while readers:
            for r in wait(readers):
                try:
                    order.append(r.recv())
                except EOFError:
                    readers.remove(r)
        print(order)
        sentinels = [p.sentinel for p in procs]
        done = wait(sentinels, timeout=10)
        for p in procs: p.join()
        print(len(wait(sentinels, timeout=0)), [p.exitcode for p in procs])
        start = time.monotonic()
        r, w = mp.Pipe()
        print(wait([r], timeout=0.3), time.monotonic() - start >= 0.29)
  `);
});

test('Listener and Client between processes, with an authkey', async ({ python }) => {
  await sameAsCPython(python, py`
    import multiprocessing as mp
    from multiprocessing.connection import Listener, Client
    def serve(address_q):
        with Listener(authkey=b"secret") as listener:
            address_q.put(listener.address)
            with listener.accept() as conn:
                for msg in iter(conn.recv, "bye"):
                    conn.send(msg[::-1])
    if __name__ == "__main__":
        mp.set_start_method("spawn")
        q = mp.Queue()
        p = mp.Process(target=serve, args=(q,))
        p.start()
        address = q.get(timeout=20)
        print(type(address).__name__)
        with Client(address, authkey=b"secret") as conn:
            for word in ("stressed", "drawer"):
                conn.send(word)
                print(conn.recv())
            conn.send("bye")
        p.join()
        try:
            Client(address, authkey=b"secret")
        except OSError as e:
            print(type(e).__name__)
  `);
});

test('Listener on an explicit address; a wrong authkey is refused', async ({ python }) => {
  const result = await python.run(py`
    import multiprocessing as mp, threading
    from multiprocessing.connection import Listener, Client
    from multiprocessing import AuthenticationError
    said = []
    def serve(listener):
        for _ in range(2):
            try:
                conn = listener.accept()
            except AuthenticationError as e:
                said.append(f"server: {e}")
                continue
            conn.send(("hello", conn.recv()))
            conn.close()
    if __name__ == "__main__":
        listener = Listener(("localhost", 6000), authkey=b"right")
        print(listener.address, mp.connection.address_type(listener.address))
        try:
            Listener(("localhost", 6000))
        except OSError as e:
            print("OSError:", e.strerror)
        t = threading.Thread(target=serve, args=(listener,))
        t.start()
        try:
            Client(("localhost", 6000), authkey=b"wrong")
        except AuthenticationError as e:
            print("client:", e)
        with Client(("127.0.0.1", 6000), authkey=b"right") as c:
            c.send("me")
            print(c.recv())
        t.join()
        print(*said)
        listener.close()
        unix = Listener("/tmp/weft-test-socket")
        print(unix.address, mp.connection.address_type(unix.address))
        unix.close()
  `);
  expect(result.stderr).toBe('');
  expect(result.stdout).toBe(
    "('127.0.0.1', 6000) AF_INET\n" +
      'OSError: Address already in use\n' +
      'client: digest sent was rejected\n' +
      "('hello', 'me')\n" +
      'server: digest received was wrong\n' +
      '/tmp/weft-test-socket AF_UNIX\n',
  );
});
