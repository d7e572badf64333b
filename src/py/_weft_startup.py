"""Run once in every Weft process before the user's code."""
import os
import sys

import _weft

# The console shows output as it is written, like a terminal: flush at each newline.
sys.stdout.reconfigure(line_buffering=True)
sys.stderr.reconfigure(line_buffering=True)

# Process ids come from the run's process table, so parents and children agree.
os.getpid = _weft.pid
os.getppid = _weft.ppid
