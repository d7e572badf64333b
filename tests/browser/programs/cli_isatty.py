"""Piped, as `weft run` is in CI, stdout and stderr are not terminals, as for CPython."""
import sys

print(sys.stdout.isatty(), sys.stderr.isatty(), sys.stdin.isatty())
