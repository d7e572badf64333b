"""A KeyboardInterrupt from `_thread.interrupt_main()` that nothing catches ends a busy
main thread as Ctrl-C ends CPython's: `finally` runs, the traceback prints, status 130."""
import _thread
import threading

threading.Timer(0.1, _thread.interrupt_main).start()
try:
    while True:
        pass
finally:
    print("finally runs")
