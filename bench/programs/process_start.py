# Process.start() to the first line the child runs, twice: the first start of a run, then
# another one (Weft keeps children warmed up once a run has started one).
import json, multiprocessing as mp, time

def child(q):
    q.put(time.perf_counter())

def start_latency(q):
    t0 = time.perf_counter()
    p = mp.Process(target=child, args=(q,))
    p.start()
    first_line = q.get()
    p.join()
    return first_line - t0

if __name__ == '__main__':
    mp.set_start_method('spawn')
    q = mp.Queue()
    first = start_latency(q)
    time.sleep(0.5)
    print(json.dumps({"first": first, "next": start_latency(q)}))
