"""Under the GIL, joining a `_thread.start_joinable_thread` handle waits while the thread
runs bytecode to finish: the join must let go of the GIL (CPython 3.13's API)."""
import _thread
import threading

finished = []


def task():
    finished.append(sum(range(200_000)))


handle = _thread.start_joinable_thread(task)
print(type(handle) is _thread._ThreadHandle, repr(handle).startswith("<_thread._ThreadHandle object: ident="))
handle.join()
print(finished, handle.is_done())
handle.join()

given = _thread._ThreadHandle()
try:
    given.join()
except RuntimeError as e:
    print("RuntimeError:", e)
same = _thread.start_joinable_thread(task, handle=given)
print(same is given)
try:
    _thread.start_joinable_thread(task, handle=given)
except RuntimeError as e:
    print("RuntimeError:", e)
given.join()
try:
    _thread.start_joinable_thread(task, handle=object())
except TypeError as e:
    print("TypeError:", e)
_thread.start_joinable_thread(task, handle=None).join()
print(len(finished))

t = threading.Thread(target=task)
t.start()
t.join()
print(len(finished), threading.main_thread()._os_thread_handle.is_done())
