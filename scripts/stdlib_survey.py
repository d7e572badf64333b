"""Runs the program named first on the command line as __main__, then prints every module
it imported, on one line of stderr (scripts/stdlib.mjs survey). Its children re-run that
program as __mp_main__: runpy makes it sys.modules['__main__'] while it runs."""
import atexit
import runpy
import sys

if __name__ == '__main__':
    atexit.register(lambda: print('#weft-modules', *sorted(sys.modules), file=sys.stderr))
    sys.argv = sys.argv[1:]
    runpy.run_path(sys.argv[0], run_name='__main__')
