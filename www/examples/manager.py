# A Manager runs a server process that holds ordinary Python objects (dict, list, ...);
# other processes use them through proxies, so they can share richer data than numbers.
import multiprocessing as mp


def count_vowels(word, results, log):
    results[word] = sum(letter in "aeiou" for letter in word)
    log.append(f"{mp.current_process().name} counted {word!r}")


if __name__ == "__main__":
    with mp.Manager() as manager:
        results = manager.dict()
        log = manager.list()
        words = ["thread", "process", "queue", "semaphore"]
        workers = [mp.Process(target=count_vowels, args=(word, results, log)) for word in words]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        print("vowels:", dict(sorted(results.items())))
        for line in sorted(log):
            print(line)
