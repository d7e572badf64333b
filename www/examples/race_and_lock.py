# A race: four threads add to one balance by reading it, working a little, then writing
# it back. Without a lock, deposits are lost; with one, every deposit counts.
import threading
import time


class Account:
    def __init__(self):
        self.balance = 0
        self.lock = threading.Lock()

    def deposit_unsafe(self):
        balance = self.balance  # read
        time.sleep(0.001)  # other threads may read the same balance meanwhile
        self.balance = balance + 1  # write: may overwrite their deposits

    def deposit_safe(self):
        with self.lock:  # only one thread at a time between read and write
            balance = self.balance
            time.sleep(0.001)
            self.balance = balance + 1


def run(deposit, threads=4, times=50):
    def work():
        for _ in range(times):
            deposit()

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return threads * times


account = Account()
expected = run(account.deposit_unsafe)
print(f"without a lock: {account.balance} of {expected} deposits kept")

account = Account()
expected = run(account.deposit_safe)
print(f"with a lock:    {account.balance} of {expected} deposits kept")
