# Modules of the standard library that are not frozen into the engine: served beside it
# and fetched by the run's file server on first open, from the main thread, a thread and
# a child process alike.
import multiprocessing as mp
import sys
import threading


def use(where):
    import xml.dom.minidom
    from decimal import Decimal, getcontext
    import statistics

    getcontext().prec = 30
    doc = xml.dom.minidom.parseString('<lesson><step n="1"/><step n="2"/></lesson>')
    steps = [s.getAttribute('n') for s in doc.getElementsByTagName('step')]
    print(where, steps, Decimal(1) / Decimal(7), statistics.median([3, 1, 4, 1, 5]))


if __name__ == '__main__':
    use('main')
    t = threading.Thread(target=use, args=('thread',))
    t.start()
    t.join()
    p = mp.get_context('spawn').Process(target=use, args=('child',))
    p.start()
    p.join()
    print('exit code', p.exitcode)
    # Where they came from: the stdlib directory, as for CPython's own.
    import decimal
    print(decimal.__spec__.origin.startswith(sys._stdlib_dir + '/'), type(decimal.__loader__).__name__)
