"""Reads about juries, assignments and scorecards that several views and services share.

Every function reads in a fixed number of queries, whatever the number of assignments.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from django.db.models import Count, Q, QuerySet, prefetch_related_objects
from django.utils import timezone

from competitions.enums import StageKind
from competitions.models import Criterion, Stage
from judging.enums import ScorecardStatus
from judging.models import Assignment, JuryMember, Score
from kipp.models import User
from submissions.enums import SubmissionStatus
from submissions.models import Submission

# A submission that passed screening and was not dropped since: the only ones a jury scores.
REACHED_STATUSES = [SubmissionStatus.ELIGIBLE, SubmissionStatus.FINALIST, SubmissionStatus.WINNER]

NOT_STARTED = "not_started"


def reached_submissions(stage: Stage) -> QuerySet[Submission]:
    """Submissions of the stage's competition that reached this stage (or a later one) and are still in."""
    return Submission.objects.filter(
        competition_id=stage.competition_id,
        stage__order__gte=stage.order,
        status__in=REACHED_STATUSES,
    )


def stage_juror_ids(stage: Stage) -> list[int]:
    """Ids of the active jurors on the stage's panel, ascending (the order assignment relies on)."""
    return list(
        JuryMember.objects.filter(stage=stage, juror__is_active=True)
        .order_by("juror_id")
        .values_list("juror_id", flat=True)
    )


def scoring_stages_for_committee() -> QuerySet[Stage]:
    """Every scoring stage, newest competition first, with the numbers the committee's index shows."""
    return (
        Stage.objects.filter(kind=StageKind.SCORING)
        .select_related("competition")
        .annotate(
            jury_count=Count("jury_members", distinct=True),
            active_assignment_count=Count("assignments", filter=Q(assignments__voided_at__isnull=True), distinct=True),
        )
        .order_by("-competition__year", "order")
    )


def juror_assignments(juror: User) -> QuerySet[Assignment]:
    """The juror's active assignments in stages it serves in; the scope every juror page fetches through."""
    return Assignment.objects.filter(
        juror=juror,
        voided_at__isnull=True,
        stage__jury_members__juror=juror,
    )


def juror_assignment_order() -> list[str]:
    return ["-stage__competition__year", "stage__order", "submission__name", "pk"]


DEADLINE_WARNING = dt.timedelta(days=7)
DEADLINE_DANGER = dt.timedelta(days=1)


def deadline_badge_class(*, closes_at: dt.datetime, now: dt.datetime) -> str:
    """Bootstrap badge colour for the time left before a deadline: calm (green) while more than seven days
    remain, a warning within the last seven days, danger within the last day and once it has passed."""
    left = closes_at - now
    if left <= DEADLINE_DANGER:
        return "text-bg-danger"
    if left <= DEADLINE_WARNING:
        return "text-bg-warning"
    return "text-bg-success"


class AssignmentRow(NamedTuple):
    """One line of the juror's assignment list, read as plain values (no model instances)."""

    pk: int
    url: str
    name: str
    unit_name: str  # the unit's display name: its short name, else its name
    acronym_meaning: str
    state: str  # not_started / draft / final


@dataclass
class StageWork:
    """One stage a juror serves in, with its assignments and progress."""

    stage: Stage
    assignments: list = field(default_factory=list)
    now: dt.datetime | None = None

    @property
    def deadline_class(self) -> str:
        return deadline_badge_class(closes_at=self.stage.closes_at, now=self.now or timezone.now())

    @property
    def total(self) -> int:
        return len(self.assignments)

    @cached_property
    def final_count(self) -> int:
        return sum(1 for item in self.assignments if item.state == ScorecardStatus.FINAL)

    @cached_property
    def draft_count(self) -> int:
        return sum(1 for item in self.assignments if item.state == ScorecardStatus.DRAFT)

    @property
    def not_started_count(self) -> int:
        return self.total - self.final_count - self.draft_count

    @property
    def percent(self) -> int:
        return round(100 * self.final_count / self.total) if self.total else 0

    def is_open(self) -> bool:
        return self.stage.is_open_at(timezone.now())


def scorecard_state(status: str | None) -> str:
    """not_started / draft / final from a scorecard's status (None: no scorecard yet)."""
    return status or NOT_STARTED


def assignment_state(assignment: Assignment) -> str:
    """not_started / draft / final, reading the (select_related) scorecard."""
    scorecard = getattr(assignment, "scorecard", None)
    return scorecard_state(None if scorecard is None else scorecard.status)


def juror_workload(
    juror: User, *, now: dt.datetime | None = None, scorecard_url: Callable[[int], str] = str
) -> list[StageWork]:
    """The stages the juror serves in (newest first) with its active assignments, in two queries.

    Each stage's `assignments` are `AssignmentRow`s; `scorecard_url(pk)` gives each row's link.
    """
    memberships = (
        JuryMember.objects.filter(juror=juror)
        .select_related("stage__competition")
        .order_by("-stage__competition__year", "stage__order")
    )
    works = {member.stage_id: StageWork(stage=member.stage, now=now) for member in memberships}
    rows = (
        juror_assignments(juror)
        .order_by(*juror_assignment_order())
        .values_list(
            "pk",
            "stage_id",
            "submission__name",
            "submission__acronym_meaning",
            "submission__unit__short_name",
            "submission__unit__name",
            "scorecard__status",
        )
    )
    for pk, stage_id, name, acronym_meaning, unit_short_name, unit_name, status in rows:
        works[stage_id].assignments.append(
            AssignmentRow(
                pk, scorecard_url(pk), name, unit_short_name or unit_name, acronym_meaning, scorecard_state(status)
            )
        )
    return list(works.values())


def juror_assignment_detail(juror: User, pk: int, *, with_submission: bool = True) -> Assignment:
    """One of the juror's active assignments with everything the scorecard page shows (raises DoesNotExist).

    `with_submission=False` leaves the proposal out (a save needs only the assignment, its stage and its
    scorecard); `load_assignment_submission` reads it when the page is rendered after all.
    """
    related = ["stage__competition", "scorecard"]
    if with_submission:
        related += ["submission__unit", "submission__category"]
    return juror_assignments(juror).select_related(*related).get(pk=pk)


def load_assignment_submission(assignment: Assignment) -> None:
    """Read the proposal of an assignment fetched without it, as `juror_assignment_detail` would (one query)."""
    assignment.submission = Submission.objects.select_related("unit", "category").get(pk=assignment.submission_id)


def juror_neighbours(juror: User, assignment: Assignment) -> tuple[int | None, int | None, int, int]:
    """(previous id, next id, position from 1, count) of `assignment` among the juror's assignments of its stage."""
    ids = list(
        juror_assignments(juror)
        .filter(stage_id=assignment.stage_id)
        .order_by(*juror_assignment_order())
        .values_list("pk", flat=True)
    )
    if assignment.pk not in ids:
        # Voided while the page was open (the stage closed, the committee moved it): no neighbours.
        return None, None, 0, len(ids)
    index = ids.index(assignment.pk)
    previous_id = ids[index - 1] if index > 0 else None
    next_id = ids[index + 1] if index + 1 < len(ids) else None
    return previous_id, next_id, index + 1, len(ids)


def stage_criteria(stage: Stage, *, with_rubric: bool = True) -> list[Criterion]:
    """The stage's criteria in order, with their rubric levels prefetched (two queries; one without them,
    see `prefetch_rubric`)."""
    criteria = Criterion.objects.filter(stage=stage).order_by("order", "pk")
    if with_rubric:
        criteria = criteria.prefetch_related("rubric_levels")
    return list(criteria)


def prefetch_rubric(criteria: list[Criterion]) -> None:
    """Read the rubric levels of criteria fetched without them (one query)."""
    prefetch_related_objects(criteria, "rubric_levels")


def scorecard_scores(scorecard) -> dict[int, Score]:
    """The scorecard's scores by criterion id ({} without a scorecard)."""
    if scorecard is None:
        return {}
    # No default ordering (it joins the criteria): a dict keyed by criterion needs none.
    return {score.criterion_id: score for score in Score.objects.filter(scorecard=scorecard).order_by()}


def stage_assignments(stage: Stage) -> QuerySet[Assignment]:
    """Every assignment of the stage, active and voided, with juror, submission and scorecard."""
    return (
        Assignment.objects.filter(stage=stage)
        .select_related("juror", "submission__unit", "scorecard")
        .order_by("submission__name", "juror__full_name", "juror_id")
    )


def stage_jury(stage: Stage) -> QuerySet[JuryMember]:
    """The stage's panel with each juror's load and progress, in one query."""
    active = Q(juror__assignments__stage=stage, juror__assignments__voided_at__isnull=True)
    return (
        JuryMember.objects.filter(stage=stage)
        .select_related("juror__unit")
        .annotate(
            load=Count("juror__assignments", filter=active, distinct=True),
            final_count=Count(
                "juror__assignments",
                filter=active & Q(juror__assignments__scorecard__status=ScorecardStatus.FINAL),
                distinct=True,
            ),
            draft_count=Count(
                "juror__assignments",
                filter=active & Q(juror__assignments__scorecard__status=ScorecardStatus.DRAFT),
                distinct=True,
            ),
        )
        .order_by("juror__full_name", "juror__username")
    )


def stages_served_by(juror: User) -> QuerySet[Stage]:
    return Stage.objects.filter(jury_members__juror=juror)


def submission_attachments(submission: Submission):
    """The submission's attachments in a stable order (one query)."""
    return list(submission.attachments.select_related("requirement").order_by("kind", "created_at", "pk"))
