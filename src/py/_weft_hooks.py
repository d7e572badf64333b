"""Patches applied when a standard module is first imported, so the cost is paid only by
programs that use it. `after_import(name, patch)` runs `patch(module)` right after
`name` has executed (or at once if it already has)."""

import sys

_patches = {}


def after_import(name, patch):
    module = sys.modules.get(name)
    if module is not None:
        patch(module)
    else:
        _patches.setdefault(name, []).append(patch)


class _PatchingLoader:
    def __init__(self, loader, patches):
        self._loader = loader
        self._patches = patches

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        self._loader.exec_module(module)
        for patch in self._patches:
            patch(module)

    def __getattr__(self, name):
        return getattr(self._loader, name)


class _PatchingFinder:
    """Finds the module with the finders after it, then patches it once executed."""

    @classmethod
    def find_spec(cls, name, path=None, target=None):
        patches = _patches.pop(name, None)
        if patches is None:
            return None
        for finder in sys.meta_path[sys.meta_path.index(cls) + 1:]:
            find = getattr(finder, 'find_spec', None)
            spec = find and find(name, path, target)
            if spec is not None:
                spec.loader = _PatchingLoader(spec.loader, patches)
                return spec
        return None


sys.meta_path.insert(0, _PatchingFinder)
