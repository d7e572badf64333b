# What a main process learns from its run: a main process made from a template (set up
# in another run) must see this run's command line, paths, directory and GIL mode.
import os
import sys

# CPython before 3.13 has the GIL and no way to ask.
gil_enabled = getattr(sys, '_is_gil_enabled', lambda: True)

here = os.path.dirname(os.path.abspath(__file__))
extra = [p for p in os.environ.get('PYTHONPATH', '').split(':') if p]
print('argv:', sys.argv, sys.orig_argv[1:])
print('path[0] is the script\'s directory:', sys.path[0] == here)
print('PYTHONPATH:', extra, 'next on sys.path:', sys.path[1:1 + len(extra)] == extra, 'once:', all(sys.path.count(p) == 1 for p in extra))
print('cwd is the script\'s directory:', os.getcwd() == here)
print('GIL:', gil_enabled())
print('name:', __name__)
