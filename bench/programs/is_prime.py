# The lessons' prime test (trial division), run serially over the lessons' numbers.
import json, math, time

PRIMES = [112272535095293, 112582705942171, 112272535095293,
          115280095190773, 115797848077099, 1099726899285419]

def is_prime(n):
    if n < 2:
        return False
    if n == 2:
        return True
    if n % 2 == 0:
        return False
    for i in range(3, int(math.floor(math.sqrt(n))) + 1, 2):
        if n % i == 0:
            return False
    return True

start = time.perf_counter()
results = [is_prime(n) for n in PRIMES]
print(json.dumps({"seconds": time.perf_counter() - start, "results": results}))
