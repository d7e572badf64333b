# Two children report what belongs to their run and their process: a child made from a
# template (set up in another run) must see this run's, not the template's.
import multiprocessing as mp
import os
import random
import sys

# CPython before 3.13 has the GIL and no way to ask.
gil_enabled = getattr(sys, '_is_gil_enabled', lambda: True)


def report(q):
    q.put({
        'PYTHONPATH': os.environ.get('PYTHONPATH'),
        'cwd': os.getcwd(),
        'path': sys.path,
        'gil': gil_enabled(),
        'random': random.random(),
        'pid': os.getpid(),
        'ppid': os.getppid(),
    })


if __name__ == '__main__':
    mp.set_start_method('spawn')
    q = mp.Queue()
    procs = [mp.Process(target=report, args=(q,)) for _ in range(2)]
    for p in procs:
        p.start()
    a, b = sorted((q.get() for _ in procs), key=lambda r: r['pid'])
    for p in procs:
        p.join()
    print('PYTHONPATH:', a['PYTHONPATH'], a['PYTHONPATH'] == b['PYTHONPATH'] == os.environ.get('PYTHONPATH'))
    print('cwd:', a['cwd'] == b['cwd'] == os.getcwd())
    print('sys.path:', a['path'] == b['path'] == sys.path)
    print('GIL:', a['gil'], b['gil'], gil_enabled())
    print('pids:', [a['pid'], b['pid']] == sorted(p.pid for p in procs), a['ppid'] == b['ppid'] == os.getpid())
    print('random differs:', len({a['random'], b['random'], random.random()}) == 3)
