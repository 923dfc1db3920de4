"""When a submission may be created, edited, submitted, withdrawn or endorsed: the one place for deadlines.

Rules (what the user is offered) and services (what is refused) both ask these functions, so a button is
never shown for an action the service would refuse, and the other way round.
"""

import datetime as dt

from submissions.enums import SubmissionStatus

EDITABLE_STATUSES = frozenset({SubmissionStatus.DRAFT, SubmissionStatus.RETURNED})
WITHDRAWABLE_STATUSES = frozenset(
    {
        SubmissionStatus.DRAFT,
        SubmissionStatus.AWAITING_ENDORSEMENT,
        SubmissionStatus.SUBMITTED,
        SubmissionStatus.RETURNED,
    }
)
# Statuses that count against the unit's quota: everything except a withdrawn proposal.
COUNTED_STATUSES = frozenset(SubmissionStatus.values) - {SubmissionStatus.WITHDRAWN}


def accepts_submissions(competition) -> bool:
    """A competition takes part in the submission flow once announced and until it is published."""
    return competition.is_announced and competition.published_at is None and competition.archived_at is None


def registration_open_at(competition, now: dt.datetime) -> bool:
    return (
        accepts_submissions(competition) and competition.submission_opens_at <= now < competition.submission_closes_at
    )


def resubmission_deadline(competition) -> dt.datetime:
    """Returned proposals may be fixed until the revision deadline (never earlier than registration closes)."""
    if competition.revision_deadline and competition.revision_deadline > competition.submission_closes_at:
        return competition.revision_deadline
    return competition.submission_closes_at


def edit_deadline(submission) -> dt.datetime | None:
    """Until when the unit may change the proposal in its current status (None: read-only)."""
    if submission.status == SubmissionStatus.DRAFT:
        return submission.competition.submission_closes_at
    if submission.status == SubmissionStatus.RETURNED:
        return resubmission_deadline(submission.competition)
    return None


def editable_at(submission, now: dt.datetime) -> bool:
    """Drafts while registration is open; returned proposals until the revision deadline."""
    competition = submission.competition
    deadline = edit_deadline(submission)
    return (
        deadline is not None and accepts_submissions(competition) and competition.submission_opens_at <= now < deadline
    )


def submittable_at(submission, now: dt.datetime) -> bool:
    return editable_at(submission, now)


def withdraw_deadline(submission) -> dt.datetime | None:
    if submission.status in {SubmissionStatus.DRAFT, SubmissionStatus.SUBMITTED}:
        return submission.competition.submission_closes_at
    if submission.status in {SubmissionStatus.RETURNED, SubmissionStatus.AWAITING_ENDORSEMENT}:
        return resubmission_deadline(submission.competition)
    return None


def withdrawable_at(submission, now: dt.datetime) -> bool:
    deadline = withdraw_deadline(submission)
    return deadline is not None and accepts_submissions(submission.competition) and now < deadline


def endorsable_at(submission, now: dt.datetime) -> bool:
    """The parent unit may endorse (or return) until the revision deadline."""
    return (
        submission.status == SubmissionStatus.AWAITING_ENDORSEMENT
        and accepts_submissions(submission.competition)
        and now < resubmission_deadline(submission.competition)
    )


def needs_endorsement(submission) -> bool:
    return bool(submission.competition.requires_parent_endorsement and submission.unit.parent_id)
