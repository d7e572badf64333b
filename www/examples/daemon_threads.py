# A daemon thread runs only as long as the program: Python does not wait for it at exit.
import threading
import time


def heartbeat():
    beat = 0
    while True:  # never ends by itself
        beat += 1
        print(f"heartbeat {beat}")
        time.sleep(0.2)


def backup():
    time.sleep(0.5)
    print("backup: finished")


pulse = threading.Thread(target=heartbeat, daemon=True)
worker = threading.Thread(target=backup)  # not a daemon: the program waits for it
print("main: daemon threads?", {"heartbeat": pulse.daemon, "backup": worker.daemon})
pulse.start()
worker.start()
worker.join()
print("main: done; the daemon heartbeat ends with the program")
