# Start threads, give them arguments and names, then wait for them with join().
import threading
import time


def download(filename, seconds):
    time.sleep(seconds)  # waiting for the network; the other threads run meanwhile
    print(f"{threading.current_thread().name}: {filename} done after {seconds} s")


threads = [
    threading.Thread(target=download, args=(f"part-{n}.zip", seconds), name=f"downloader-{n}")
    for n, seconds in ((1, 0.3), (2, 0.6), (3, 0.9))
]
start = time.perf_counter()
for t in threads:
    t.start()
print("main: started", [t.name for t in threads])
print("main: alive?", [t.is_alive() for t in threads])

for t in threads:
    t.join()  # blocks until that thread has finished
print("main: alive?", [t.is_alive() for t in threads])
print(f"main: all done in {time.perf_counter() - start:.1f} s, not 0.3 + 0.6 + 0.9 = 1.8 s")
