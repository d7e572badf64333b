"""importlib.metadata's view of the PyPI packages frozen into the engine
(scripts/packages.mjs): they have no dist-info on any path, so this finder gives their
names and versions, and `importlib.metadata.version('tqdm')` answers as after pip."""

import sys
from importlib.metadata import Distribution

from _weft_package_versions import VERSIONS


def _normalized(name):
    return name.lower().replace('-', '_').replace('.', '_')


class _FrozenDistribution(Distribution):
    def __init__(self, name):
        self._name = name

    def read_text(self, filename):
        if filename == 'METADATA':
            return f'Metadata-Version: 2.1\nName: {self._name}\nVersion: {VERSIONS[self._name]}\n'
        return None

    def locate_file(self, path):
        return None


class _FrozenPackageFinder:
    @staticmethod
    def find_spec(name, path=None, target=None):
        return None

    @staticmethod
    def find_distributions(context=None):
        wanted = getattr(context, 'name', None)
        for name in VERSIONS:
            if wanted is None or _normalized(wanted) == _normalized(name):
                yield _FrozenDistribution(name)


def install():
    sys.meta_path.append(_FrozenPackageFinder)
