"""A SIGINT handler that returns lets the sleep it interrupted go on for the rest of its
time, as CPython's sleep does (PEP 475)."""
import _thread
import signal
import threading
import time


def handler(signum, frame):
    print("handler", signal.Signals(signum).name, "in", threading.current_thread().name, flush=True)


signal.signal(signal.SIGINT, handler)
sleeping = threading.Event()


def interrupt():
    sleeping.wait()
    _thread.interrupt_main()


threading.Thread(target=interrupt).start()
start = time.monotonic()
sleeping.set()
time.sleep(1)
print("slept the whole second:", time.monotonic() - start >= 1)
