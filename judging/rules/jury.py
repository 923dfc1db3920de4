"""Permissions for juries, assignments, conflicts and scorecards.

Object permissions take an `Assignment` (or a `Scorecard` for reopening). Views fetch assignments through
the juror-scoped queryset first (another juror's id is a 404), then ask these rules; the scoring service
re-checks the rules that must never break (owner, not voided, no conflict, stage open).
"""

import rules
from django.utils import timezone

from judging.enums import ScorecardStatus
from kipp.rules import is_committee, is_juror


@rules.predicate
def is_assignment_juror(user, assignment) -> bool:
    return assignment is not None and assignment.juror_id == user.pk


@rules.predicate
def assignment_is_active(user, assignment) -> bool:
    return assignment is not None and assignment.voided_at is None


@rules.predicate
def assignment_stage_is_open(user, assignment) -> bool:
    return assignment is not None and assignment.stage.is_open_at(timezone.now())


@rules.predicate
def assignment_stage_not_closed(user, assignment) -> bool:
    return assignment is not None and assignment.stage.closed_at is None


@rules.predicate
def assignment_is_conflicted(user, assignment) -> bool:
    from judging.services.conflicts import is_conflicted

    return assignment is not None and is_conflicted(assignment.juror, assignment.submission)


@rules.predicate
def scorecard_is_final(user, scorecard) -> bool:
    return scorecard is not None and scorecard.status == ScorecardStatus.FINAL


@rules.predicate
def scorecard_stage_not_closed(user, scorecard) -> bool:
    return (
        scorecard is not None
        and scorecard.assignment.voided_at is None
        and scorecard.assignment.stage.closed_at is None
    )


rules.add_perm("judging.access_juror_pages", is_juror)
rules.add_perm("judging.manage_judging", is_committee)
rules.add_perm("judging.manage_jury", is_committee)
rules.add_perm("judging.view_calibration", is_committee)
rules.add_perm("judging.view_assignment", is_juror & is_assignment_juror & assignment_is_active)
rules.add_perm(
    "judging.score_assignment",
    is_juror & is_assignment_juror & assignment_is_active & assignment_stage_is_open & ~assignment_is_conflicted,
)
rules.add_perm(
    "judging.declare_conflict", is_juror & is_assignment_juror & assignment_is_active & assignment_stage_not_closed
)
rules.add_perm("judging.reopen_scorecard", is_committee & scorecard_is_final & scorecard_stage_not_closed)
