# A prime test written with a `while` loop and multiplications instead of range():
# the interpreter's arithmetic and comparison paths rather than its iterator.
import json, time

def is_prime(n):
    if n < 2 or n % 2 == 0:
        return n == 2
    i = 3
    while i * i <= n:
        if n % i == 0:
            return False
        i += 2
    return True

start = time.perf_counter()
results = [is_prime(n) for n in (999999999989, 999999000001, 1000000000039)]
print(json.dumps({"seconds": time.perf_counter() - start, "results": results}))
