# ProcessPoolExecutor spreads CPU-bound calls over processes, one per core by default.
# Each process has its own interpreter (and its own GIL), so they compute in parallel.
import math
import time
from concurrent.futures import ProcessPoolExecutor

CANDIDATES = [
    999_999_937,  # the largest prime below 10**9
    999_999_929 * 3,
    1_000_000_007,
    999_983 * 1_000_003,  # two primes: it takes long to find the first factor
    2_147_483_647,  # 2**31 - 1, a Mersenne prime
]


def is_prime(n):
    if n < 2 or n % 2 == 0:
        return n == 2
    for factor in range(3, math.isqrt(n) + 1, 2):
        if n % factor == 0:
            return False
    return True


if __name__ == "__main__":
    start = time.perf_counter()
    with ProcessPoolExecutor() as executor:
        for n, prime in zip(CANDIDATES, executor.map(is_prime, CANDIDATES)):
            print(f"{n:>16,} is prime: {prime}")
    print(f"checked {len(CANDIDATES)} numbers in {time.perf_counter() - start:.1f} s")
