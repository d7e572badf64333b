# Two threads each sleeping 1 s: sleeping releases the GIL, so about 1 s in both modes.
import json, threading, time

threads = [threading.Thread(target=time.sleep, args=(1,)) for _ in range(2)]
start = time.perf_counter()
for t in threads: t.start()
for t in threads: t.join()
print(json.dumps({"seconds": time.perf_counter() - start}))
