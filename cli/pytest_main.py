"""The main module of `weft test` (cli/test.mjs): what pytest's `pytest` console script
runs (its entry point, `_pytest.config:_console_main`). A spawned child re-runs this file
as __mp_main__, where it imports nothing, so a child loads pytest only if the test module
it unpickles from imports it."""

if __name__ == '__main__':
    import os
    import sys

    from _pytest.config import _console_main

    # The run's file system has only the project: tmp_path's base (--basetemp) needs /tmp.
    os.makedirs('/tmp', exist_ok=True)
    sys.exit(_console_main())
