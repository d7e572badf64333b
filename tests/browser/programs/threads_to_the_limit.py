# Threads started back to back until the thread limit: every started thread runs, the
# next start raises CPython's RuntimeError, and once they have all finished a second
# burst runs on the Workers they leave behind.
import threading


def burst(limit):
    go = threading.Event()
    ran = []
    started = []

    def work(i):
        ran.append(i)
        go.wait()

    error = None
    try:
        for i in range(limit):
            t = threading.Thread(target=work, args=(i,))
            t.start()
            started.append(t)
    except RuntimeError as e:
        error = e
    go.set()
    for t in started:
        t.join()
    return len(started), sorted(ran) == list(range(len(started))), error


started, all_ran, error = burst(1000)
print("first burst:", started, "started, all ran:", all_ran)
print(f"then {type(error).__name__}: {error}")
print("active after join:", threading.active_count())
started, all_ran, error = burst(100)
print("second burst:", started, "started, all ran:", all_ran, "error:", error)
