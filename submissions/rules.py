"""Permission predicates for submissions: one named rule per action, asked by views and templates.

Who may see a submission at all is decided once, by `Submission.objects.visible_to(user)`; these rules
decide what a user who can see it may do. Deadlines come from `submissions.windows`, the same functions
the services use to refuse.
"""

import rules
from django.utils import timezone

from kipp.rules import is_committee, is_operator
from submissions import windows
from submissions.enums import SubmissionStatus


@rules.predicate
def is_own_unit(user, submission) -> bool:
    return submission is not None and user.unit_id is not None and submission.unit_id == user.unit_id


@rules.predicate
def is_parent_unit_operator(user, submission) -> bool:
    """The user's unit is the direct parent of the submitting unit (a dinas over its school)."""
    return submission is not None and user.unit_id is not None and submission.unit.parent_id == user.unit_id


@rules.predicate
def is_visible(user, submission) -> bool:
    """Asks the scoped queryset, the one place that decides who sees which submission."""
    if submission is None:
        return False
    from submissions.models import Submission

    return Submission.objects.visible_to(user).filter(pk=submission.pk).exists()


@rules.predicate
def is_editable_now(user, submission) -> bool:
    return submission is not None and windows.editable_at(submission, timezone.now())


@rules.predicate
def is_withdrawable_now(user, submission) -> bool:
    return submission is not None and windows.withdrawable_at(submission, timezone.now())


@rules.predicate
def is_endorsable_now(user, submission) -> bool:
    return (
        submission is not None
        and submission.competition.requires_parent_endorsement
        and windows.endorsable_at(submission, timezone.now())
    )


@rules.predicate
def awaits_screening(user, submission) -> bool:
    return submission is not None and submission.status == SubmissionStatus.SUBMITTED


@rules.predicate
def registration_is_open(user, competition) -> bool:
    return competition is not None and windows.registration_open_at(competition, timezone.now())


rules.add_perm("submissions.access_operator_pages", is_operator)
rules.add_perm("submissions.view_submission", is_visible)
# Status history, screening notes and contact details: the unit, its parent and the committee, not jurors.
rules.add_perm(
    "submissions.view_submission_history",
    is_committee | (is_operator & (is_own_unit | is_parent_unit_operator) & is_visible),
)
rules.add_perm("submissions.create_submission", is_operator & registration_is_open)
rules.add_perm("submissions.change_submission", is_operator & is_own_unit & is_editable_now)
rules.add_perm("submissions.submit_submission", is_operator & is_own_unit & is_editable_now)
rules.add_perm("submissions.withdraw_submission", is_operator & is_own_unit & is_withdrawable_now)
rules.add_perm("submissions.endorse_submission", is_operator & is_parent_unit_operator & is_endorsable_now)
rules.add_perm("submissions.screen_submission", is_committee)
rules.add_perm("submissions.decide_screening", is_committee & awaits_screening)
