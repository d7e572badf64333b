import threading
import time

def nap():
    time.sleep(0.2)

nappers = [threading.Thread(target=nap, name=f"napper-{n}") for n in range(2)]
for t in nappers:
    t.start()
for t in nappers:
    t.join()
print("both napped")
