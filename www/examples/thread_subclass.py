# A Thread subclass: override run() and keep the result on the object.
import threading


class SquareSum(threading.Thread):
    """Adds up the squares of the numbers in [low, high)."""

    def __init__(self, low, high):
        super().__init__(name=f"squares {low}..{high - 1}")
        self.low, self.high = low, high
        self.total = None  # filled in by run(), read after join()

    def run(self):
        self.total = sum(n * n for n in range(self.low, self.high))


step = 25_000
workers = [SquareSum(k * step, (k + 1) * step) for k in range(4)]
for w in workers:
    w.start()  # start() runs run() in the new thread; calling run() directly would not
for w in workers:
    w.join()
    print(f"{w.name}: {w.total}")

total = sum(w.total for w in workers)
n = 4 * step
print(f"sum of squares below {n}: {total}")
print("same as the formula (n-1)n(2n-1)/6:", total == (n - 1) * n * (2 * n - 1) // 6)
