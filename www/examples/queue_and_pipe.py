# Processes talk by sending messages. A Queue can have many writers and readers;
# a Pipe connects exactly two ends. Whatever is sent is pickled and copied.
import multiprocessing as mp


def produce(queue):
    for n in range(1, 6):
        queue.put(n * n)
    queue.put(None)  # tells the reader that nothing more is coming


def shout(conn):
    while (message := conn.recv()) is not None:
        conn.send(message.upper() + "!")
    conn.close()


if __name__ == "__main__":
    queue = mp.Queue()
    producer = mp.Process(target=produce, args=(queue,))
    producer.start()
    received = []
    while (item := queue.get()) is not None:
        received.append(item)
    producer.join()
    print("from the queue:", received)

    here, there = mp.Pipe()
    echo = mp.Process(target=shout, args=(there,))
    echo.start()
    for word in ("ping", "hello", "管道"):
        here.send(word)
        print(f"sent {word!r}, got back {here.recv()!r}")
    here.send(None)
    echo.join()
