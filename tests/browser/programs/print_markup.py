# Prints text a page would run if it took it for markup or code, from the main thread, a
# thread named with it and a child process; then fetches a page of the origin on stdin.
import multiprocessing
import threading
import urllib.request

MARKUP = '<img src=x onerror="window.weftInjected = 1"><script>window.weftInjected = 2</script>'

if __name__ == "__main__":
    origin = input()
    print(MARKUP)
    thread = threading.Thread(target=print, args=("eval('window.weftInjected = 3')",), name=MARKUP)
    thread.start()
    thread.join()
    child = multiprocessing.Process(target=print, args=("javascript:window.weftInjected = 4",))
    child.start()
    child.join()
    print(urllib.request.urlopen(origin + "net/hello.txt").status)
