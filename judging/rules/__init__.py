"""Permission predicates for judging, split by sub-domain; importing this package registers them all."""

from judging.rules import jury, results  # noqa: F401
