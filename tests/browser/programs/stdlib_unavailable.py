# A module a browser tab cannot have fails on import with ModuleNotFoundError, which says
# why; a program's own module of the same name still wins.
import importlib.util
import os
import sys

for name in ['tkinter', 'sqlite3', 'termios']:
    try:
        __import__(name)
    except ModuleNotFoundError as e:
        print(type(e).__name__, e.name, '|', e)
    else:
        print(name, 'imported')

print(importlib.util.find_spec('tkinter') is not None, 'tkinter' in sys.modules)
os.makedirs('/tmp/own', exist_ok=True)
with open('/tmp/own/tkinter.py', 'w') as f:
    f.write('WHOSE = "mine"\n')
sys.path.insert(0, '/tmp/own')
import tkinter
print(tkinter.WHOSE)
