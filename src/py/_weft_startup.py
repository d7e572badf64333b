"""Run once in every Weft process before the user's code."""
import sys

# The console shows output as it is written, like a terminal: flush at each newline.
sys.stdout.reconfigure(line_buffering=True)
sys.stderr.reconfigure(line_buffering=True)
