"""Signals raised within the process, as CPython delivers them: `_thread.interrupt_main`
and `signal.raise_signal` run the main thread's handler (SIGINT's raises
KeyboardInterrupt), in the main thread, even when another thread raised it."""
import _thread
import signal
import threading

print(signal.getsignal(signal.SIGINT) is signal.default_int_handler, signal.Signals.SIGTERM)

try:
    _thread.interrupt_main()
except KeyboardInterrupt:
    print("KeyboardInterrupt at once in the main thread")


def handler(signum, frame):
    print("handler", signal.Signals(signum).name, "in", threading.current_thread().name, "with a", type(frame).__name__)
    raise ZeroDivisionError


previous = signal.signal(signal.SIGTERM, handler)
print("previous", previous)
for send in (lambda: signal.raise_signal(signal.SIGTERM), lambda: _thread.interrupt_main(signal.SIGTERM)):
    try:
        send()
    except ZeroDivisionError:
        print("the handler's exception")

signal.signal(signal.SIGTERM, signal.SIG_IGN)
_thread.interrupt_main(signal.SIGTERM)
signal.raise_signal(signal.SIGTERM)
signal.signal(signal.SIGTERM, signal.SIG_DFL)
_thread.interrupt_main(signal.SIGTERM)
print("ignored and default: nothing happened")

for bad in (-1, signal.NSIG, 1000000):
    try:
        _thread.interrupt_main(bad)
    except ValueError as e:
        print("ValueError:", e)

# From another thread: the main thread sees it once its join returns.
t = threading.Thread(target=_thread.interrupt_main)
try:
    t.start()
    t.join()
except KeyboardInterrupt:
    print("KeyboardInterrupt from another thread")
t.join()

signal.signal(signal.SIGTERM, handler)
t = threading.Thread(target=signal.raise_signal, args=(signal.SIGTERM,), name="sender")
try:
    t.start()
    t.join()
except ZeroDivisionError:
    print("the handler ran in the main thread")
t.join()


def set_elsewhere():
    try:
        signal.signal(signal.SIGINT, handler)
    except ValueError as e:
        print("ValueError:", e)


t = threading.Thread(target=set_elsewhere)
t.start()
t.join()
