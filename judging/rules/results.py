"""Permissions for ranking, stage closing, publication, exports and the units' feedback.

The committee ranks, closes stages, publishes, exports and forwards; jurors never see a ranking (blind
scoring), operators never see another unit's scores. After publication, the operators of the unit that
entered a submission read its feedback: stage scores per criterion and the jurors' comments, without names.
"""

import rules

from kipp.rules import is_committee, is_operator


@rules.predicate
def is_submission_of_own_unit(user, submission) -> bool:
    return submission is not None and user.unit_id is not None and submission.unit_id == user.unit_id


@rules.predicate
def results_are_published(user, submission) -> bool:
    """The submission's competition has an active publication (Competition.published_at is its mark)."""
    return submission is not None and submission.competition.published_at is not None


rules.add_perm("judging.view_ranking", is_committee)
rules.add_perm("judging.export_results", is_committee)
rules.add_perm("judging.close_stage", is_committee)
rules.add_perm("judging.resolve_tie", is_committee)
rules.add_perm("judging.publish_results", is_committee)
rules.add_perm("judging.forward_winners", is_committee)
rules.add_perm("judging.list_feedback", is_committee | is_operator)
rules.add_perm(
    "judging.view_feedback",
    results_are_published & (is_committee | (is_operator & is_submission_of_own_unit)),
)
