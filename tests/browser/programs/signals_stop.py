"""Stop is Ctrl-C: a main thread busy in Python gets KeyboardInterrupt, its `finally`
runs and the traceback prints (status 130)."""
print("spinning", flush=True)
try:
    while True:
        pass
finally:
    print("finally runs")
