# Round trips of a small message over a Pipe between two processes.
import json, multiprocessing as mp, time

N = 1000

def echo(conn):
    while (msg := conn.recv()) is not None:
        conn.send(msg)

if __name__ == '__main__':
    mp.set_start_method('spawn')
    parent, child = mp.Pipe()
    p = mp.Process(target=echo, args=(child,))
    p.start()
    parent.send('warm'); parent.recv()
    start = time.perf_counter()
    for i in range(N):
        parent.send(i)
        assert parent.recv() == i
    elapsed = time.perf_counter() - start
    parent.send(None)
    p.join()
    print(json.dumps({"round_trip_us": elapsed / N * 1e6}))
