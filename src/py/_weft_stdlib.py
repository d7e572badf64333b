"""The standard library modules that cannot work in a browser tab (src/stdlib.json): importing
one fails with ModuleNotFoundError, as a CPython built without it fails, and the message says
why. Its finder comes after every other, so a program's own module of the name still wins."""

import sys

from _weft_stdlib_unavailable import WHY


class _Unavailable:
    @classmethod
    def find_spec(cls, name, path=None, target=None):
        if name not in WHY:
            return None
        # A spec, as CPython has one for a module whose import then fails (tkinter without
        # _tkinter): importlib.util.find_spec() answers, and the import raises.
        from importlib.machinery import ModuleSpec

        return ModuleSpec(name, cls)

    @staticmethod
    def create_module(spec):
        raise ModuleNotFoundError(f"No module named {spec.name!r} (not in Weft: {WHY[spec.name]})", name=spec.name)

    @staticmethod
    def exec_module(module):
        pass


def install():
    sys.meta_path.append(_Unavailable)
