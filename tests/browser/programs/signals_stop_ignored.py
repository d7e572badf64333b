"""A main thread that ignores SIGINT runs on after Stop until Stop's deadline kills it."""
import signal

signal.signal(signal.SIGINT, signal.SIG_IGN)
print("spinning", flush=True)
while True:
    pass
