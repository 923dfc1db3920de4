"""Hypothesis profiles of the fuzz suite: "ci" (the default, every run of the suite), "repeat" (`.ci/run`'s
PostgreSQL pass) and "fuzz" (`make fuzz`).

`make fuzz` sets HYPOTHESIS_PROFILE=fuzz and selects the tests marked `fuzz`; every test in this package
carries the marker, so the same tests run briefly in CI and long under `make fuzz`.
"""

import os

from hypothesis import HealthCheck, settings

# Per form (issue 7 names them); forms beyond that list run fewer examples in CI to keep the suite
# short, and as many as the others under `make fuzz`. The ranking property builds a whole competition
# per example and has its own count.
# "repeat" is for `.ci/run`'s second database: the 200 examples per form already ran on SQLite, and the
# PostgreSQL pass repeats a shorter run so that CI stays under its time budget.
FORM_EXAMPLES = {"ci": 200, "repeat": 50, "fuzz": 1000}
EXTRA_FORM_EXAMPLES = {"ci": 50, "repeat": 25, "fuzz": 1000}
RANKING_EXAMPLES = {"ci": 50, "repeat": 50, "fuzz": 1000}

# The tests build one world per test (function-scoped fixtures) and roll every example back.
_SUPPRESSED = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large]


def active_profile() -> str:
    return os.environ.get("HYPOTHESIS_PROFILE", "ci")


def register() -> None:
    for name in FORM_EXAMPLES:
        settings.register_profile(
            name, max_examples=FORM_EXAMPLES[name], deadline=None, suppress_health_check=_SUPPRESSED, print_blob=True
        )
    settings.load_profile(active_profile())


def _count(table: dict) -> int:
    return table.get(active_profile(), table["ci"])


def ranking_examples() -> int:
    return _count(RANKING_EXAMPLES)


def extra_form_examples() -> int:
    return _count(EXTRA_FORM_EXAMPLES)


def extra_form(test):
    """Decorate (above `@given`) the test of a form beyond issue 7's list: fewer examples in CI."""
    return settings(max_examples=extra_form_examples())(test)
