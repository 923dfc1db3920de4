"""Permission predicates for competitions: who may configure and follow a competition year."""

import rules

from kipp.rules import is_committee

rules.add_perm("competitions.manage_competition", is_committee)
