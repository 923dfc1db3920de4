"""Permission predicates for submissions: one named rule per action, asked by views and templates."""

import rules

from kipp.rules import is_committee, is_operator


@rules.predicate
def is_own_unit(user, submission) -> bool:
    return submission is not None and user.unit_id is not None and submission.unit_id == user.unit_id


rules.add_perm("submissions.access_operator_pages", is_operator)
rules.add_perm("submissions.view_submission", is_committee | (is_operator & is_own_unit))
rules.add_perm("submissions.screen_submission", is_committee)
