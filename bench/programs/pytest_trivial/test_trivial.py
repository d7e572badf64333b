"""100 tests that do nothing, for the bench's `weft test` row: its time is pytest's
start-up, collection and reporting, the fixed cost of a run."""

import pytest


@pytest.mark.parametrize('n', range(100))
def test_trivial(n):
    assert n >= 0
