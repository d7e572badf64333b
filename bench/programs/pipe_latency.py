# Round trips of a small message over a Pipe between two processes: the first 1000 right
# after the child starts, and the best of later rounds of 1000 (steady state). In the
# first seconds of a `weft run`, V8 compiles the engine's hot code up a tier on
# background threads, which takes about a core from the program here.
import json, multiprocessing as mp, time

N, ROUNDS = 1000, 5

def echo(conn):
    while (msg := conn.recv()) is not None:
        conn.send(msg)

def round_trip_us(conn):
    start = time.perf_counter()
    for i in range(N):
        conn.send(i)
        assert conn.recv() == i
    return (time.perf_counter() - start) / N * 1e6

if __name__ == '__main__':
    mp.set_start_method('spawn')
    parent, child = mp.Pipe()
    p = mp.Process(target=echo, args=(child,))
    p.start()
    parent.send('warm'); parent.recv()
    rounds = [round_trip_us(parent) for _ in range(ROUNDS)]
    parent.send(None)
    p.join()
    print(json.dumps({"first_round_trip_us": rounds[0], "round_trip_us": min(rounds[1:])}))
