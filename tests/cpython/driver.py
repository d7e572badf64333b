"""Runs CPython's own test modules in Weft and reports each finished test on one line.

Usage: driver.py [--after TEST_ID] MODULE...   (tests/cpython/run.mjs calls it)
Each line is `##weft-test ` + JSON: {"start": id} before a test; {"id", "outcome",
"detail", "seconds"} after it (outcome: pass, fail, error or skip); {"done": true} at the
end. --after starts after that test (the one a hang ended the last run in).
"""

import contextlib
import json
import sys
import time
import traceback
import unittest

from test import support
from test.support import import_helper, threading_helper

# As regrtest runs them without -v: tests print no progress of their own.
support.verbose = False
# test.support assumes that a WASI build cannot start threads; Weft's threads are real.
# What else it assumes of WASI (no fork, no subprocess, no sockets) is true here too.
threading_helper.can_start_thread = True


@contextlib.contextmanager
def frozen_modules(enabled=True):
    """The stdlib modules these suites test (`queue`, `threading`, ...) are frozen into
    Weft's engine, with no source files beside them (src/stdlib.json): switching frozen
    modules off (as import_fresh_module does) would leave no `queue` to import at all."""
    yield


import_helper.frozen_modules = frozen_modules

PREFIX = '##weft-test '
# Tests swap sys.stdout and sys.stderr for their own captures; progress goes around them.
OUT = sys.__stdout__
ERR = sys.__stderr__


def report(**fields):
    OUT.write(PREFIX + json.dumps(fields) + '\n')
    OUT.flush()


def flatten(suite):
    for item in suite:
        if isinstance(item, unittest.TestSuite):
            yield from flatten(item)
        else:
            yield item


def fixture_scope(holder_description):
    """The class or module that a failed setUpClass/setUpModule belongs to, as unittest
    names it in an _ErrorHolder: 'setUpClass (pkg.mod.Class)' or 'setUpModule (pkg.mod)'."""
    return holder_description.partition(' (')[2].rstrip(')')


class LineResult(unittest.TestResult):
    """Keeps each test's worst outcome (its subtests included) and reports it when the
    test stops. A failed class or module fixture is kept by the scope it covers, since
    unittest then never starts that scope's tests."""

    RANK = {'pass': 0, 'skip': 1, 'fail': 2, 'error': 3}

    def __init__(self):
        super().__init__()
        self.outcome = None
        self.fixtures = {}
        self.started = set()

    def note(self, outcome, detail):
        if self.outcome is None or self.RANK[outcome] > self.RANK[self.outcome[0]]:
            self.outcome = (outcome, detail)

    def problem(self, test, outcome, err):
        text = ''.join(traceback.format_exception(*err))
        # The exception's first line: what the expectation file's reader needs to see.
        summary = traceback.format_exception_only(err[0], err[1])[0].strip().splitlines()[0]
        if isinstance(test, unittest.case._SubTest):
            test = test.test_case
        if not isinstance(test, unittest.TestCase):
            self.fixture(test.description, outcome, text, summary)
            return
        ERR.write(f'{outcome.upper()}: {test.id()}\n{text}\n')
        self.note(outcome, summary)

    def fixture(self, description, outcome, text, summary):
        ERR.write(f'{outcome.upper()}: {description}\n{text}\n')
        name = description.partition(' ')[0]
        if name.startswith('setUp'):
            self.fixtures[fixture_scope(description)] = (outcome, summary)
        else:
            # A tearDown fixture fails after its tests have been reported.
            report(id=f'{fixture_scope(description)}.{name}', outcome=outcome, detail=summary)

    def startTest(self, test):
        super().startTest(test)
        self.outcome = None
        self.started.add(test.id())
        self.began = time.monotonic()
        report(start=test.id())

    def stopTest(self, test):
        super().stopTest(test)
        outcome, detail = self.outcome or ('pass', '')
        report(id=test.id(), outcome=outcome, detail=detail,
               seconds=round(time.monotonic() - self.began, 2))

    def addError(self, test, err):
        super().addError(test, err)
        self.problem(test, 'error', err)

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self.problem(test, 'fail', err)

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            self.problem(subtest, 'fail' if issubclass(err[0], test.failureException) else 'error', err)

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        if isinstance(test, unittest.TestCase):
            self.note('skip', reason)
        else:
            self.fixture(test.description, 'skip', reason, reason)

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self.note('fail', 'unexpected success')


def main(argv):
    after = None
    if argv[:1] == ['--after']:
        after, argv = argv[1], argv[2:]
    tests = list(flatten(unittest.defaultTestLoader.loadTestsFromNames(argv)))
    if after is not None:
        ids = [test.id() for test in tests]
        tests = tests[ids.index(after) + 1:]
    result = LineResult()
    unittest.TestSuite(tests).run(result)
    # Tests that never started: their class's or module's set-up failed or skipped.
    for test in tests:
        scope = type(test).__module__ + '.' + type(test).__qualname__
        fixture = result.fixtures.get(scope) or result.fixtures.get(type(test).__module__)
        if fixture and test.id() not in result.started:
            report(id=test.id(), outcome=fixture[0], detail=fixture[1])
    report(done=True)


if __name__ == '__main__':
    main(sys.argv[1:])
