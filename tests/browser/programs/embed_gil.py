import sys

print("GIL enabled:", sys._is_gil_enabled())
