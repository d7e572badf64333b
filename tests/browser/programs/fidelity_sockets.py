# A tab has no sockets: making one is an OSError, and there is no IPv6.
import errno
import socket

print(socket.has_ipv6)
for args in ((), (socket.AF_INET6, socket.SOCK_STREAM), (socket.AF_INET, socket.SOCK_DGRAM)):
    try:
        socket.socket(*args)
    except OSError as e:
        print(type(e).__name__, e.errno == errno.ENOTSUP)

# asyncio's self-pipe still works.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    done = asyncio.Event()
    loop.call_soon_threadsafe(done.set)
    await done.wait()
    return 'woken'

print(asyncio.run(main()))
