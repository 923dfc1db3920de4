"""Permission predicates for judging, ranking and publication."""

import rules

from kipp.rules import is_committee, is_juror

rules.add_perm("judging.access_juror_pages", is_juror)
rules.add_perm("judging.manage_judging", is_committee)
