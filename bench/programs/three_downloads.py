# The playground's first example, at the start of a run: three threads "downloading" for
# 0.3, 0.6 and 0.9 s take 0.9 s together when each starts at once.
import json, threading, time

def download(seconds):
    time.sleep(seconds)

threads = [threading.Thread(target=download, args=(s,)) for s in (0.3, 0.6, 0.9)]
start = time.perf_counter()
for t in threads:
    t.start()
for t in threads:
    t.join()
print(json.dumps({"seconds": time.perf_counter() - start}))
