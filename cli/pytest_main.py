"""The main module of `weft test` (cli/test.mjs): pytest's command line, as the `pytest`
script runs it. A spawned child re-runs this file as __mp_main__, where it imports nothing,
so a child loads pytest only if the test module it unpickles from imports it."""

if __name__ == '__main__':
    import os
    import sys

    import pytest

    # The run's file system has only the project: tmp_path's base (--basetemp) needs /tmp.
    os.makedirs('/tmp', exist_ok=True)
    sys.exit(pytest.main())
