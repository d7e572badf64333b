"""A SIGINT handler sees Stop as it would see Ctrl-C, and the program ends as it chooses."""
import signal

stopped = False


def handler(signum, frame):
    global stopped
    print("handler", signal.Signals(signum).name, flush=True)
    stopped = True


signal.signal(signal.SIGINT, handler)
print("spinning", flush=True)
while not stopped:
    pass
print("clean exit")
