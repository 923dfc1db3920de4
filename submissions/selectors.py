"""Reads shared by the submission views: each page's data in a fixed number of queries."""

from dataclasses import dataclass, field

from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from competitions.enums import PROPOSAL_SECTIONS
from competitions.models import AttachmentRequirement, Category, Competition
from submissions import windows
from submissions.enums import SubmissionStatus
from submissions.models import Attachment, Submission
from submissions.proposal import MissingItem, missing_items


@dataclass
class SubmissionRow:
    submission: Submission
    missing: list[MissingItem]
    attachment_count: int


@dataclass
class CompetitionBlock:
    """One competition on the operator's page: its window, the unit's quota and the unit's proposals."""

    competition: Competition
    rows: list[SubmissionRow] = field(default_factory=list)
    registration_open: bool = False
    quota_used: int = 0

    @property
    def quota_left(self) -> int:
        return max(self.competition.max_submissions_per_unit - self.quota_used, 0)

    @property
    def can_create(self) -> bool:
        return self.registration_open and self.quota_left > 0

    @property
    def resubmission_deadline(self):
        return windows.resubmission_deadline(self.competition)


def _requirements_prefetch():
    return Prefetch(
        "attachment_requirements",
        queryset=AttachmentRequirement.objects.order_by("order", "pk"),
        to_attr="requirement_list",
    )


def _categories_prefetch():
    return Prefetch("categories", queryset=Category.objects.order_by("order", "name"), to_attr="category_list")


def _attachments_prefetch():
    return Prefetch(
        "attachments",
        queryset=Attachment.objects.only("id", "submission_id", "requirement_id", "size", "kind").order_by("pk"),
        to_attr="attachment_list",
    )


def missing_for(submission: Submission) -> list[MissingItem]:
    """The completeness check for a submission loaded with `attachment_list` and its competition's lists."""
    competition = submission.competition
    return missing_items(
        submission,
        attachments=submission.attachment_list,
        requirements=competition.requirement_list,
        categories_exist=bool(competition.category_list),
    )


def operator_dashboard(user) -> list[CompetitionBlock]:
    """The unit's proposals grouped by competition, newest year first, with what each still lacks.

    Shows every competition whose registration is open plus every competition the unit has proposals in.
    Five queries whatever the number of proposals.
    """
    now = timezone.now()
    submissions = list(
        Submission.objects.visible_to(user)
        .filter(unit_id=user.unit_id)
        .select_related("category", "stage")
        .prefetch_related(_attachments_prefetch())
        .order_by("-competition__year", "name", "pk")
    )
    competition_ids = {submission.competition_id for submission in submissions}
    competitions = list(
        Competition.objects.filter(
            Q(pk__in=competition_ids)
            | Q(is_announced=True, published_at__isnull=True, archived_at__isnull=True, submission_closes_at__gt=now)
        )
        .prefetch_related(_requirements_prefetch(), _categories_prefetch())
        .order_by("-year")
    )
    blocks = {
        competition.pk: CompetitionBlock(
            competition=competition, registration_open=windows.registration_open_at(competition, now)
        )
        for competition in competitions
    }
    for submission in submissions:
        block = blocks[submission.competition_id]
        submission.competition = block.competition
        if submission.status in windows.COUNTED_STATUSES:
            block.quota_used += 1
        missing = missing_for(submission) if submission.status in windows.EDITABLE_STATUSES else []
        block.rows.append(
            SubmissionRow(submission=submission, missing=missing, attachment_count=len(submission.attachment_list))
        )
    return [blocks[competition.pk] for competition in competitions]


def endorsement_queue(user) -> list[Submission]:
    """Proposals of the units directly under the user's unit that wait for its endorsement."""
    return list(
        Submission.objects.visible_to(user)
        .filter(
            unit__parent_id=user.unit_id,
            status=SubmissionStatus.AWAITING_ENDORSEMENT,
            competition__requires_parent_endorsement=True,
        )
        .select_related("unit", "competition")
        .order_by("submitted_at", "pk")
    )


def submission_for_page(user, pk: int) -> Submission:
    """One visible submission with what its pages show (raises Submission.DoesNotExist otherwise)."""
    return (
        Submission.objects.visible_to(user)
        .select_related("competition", "unit__parent", "category", "stage", "endorsed_by", "created_by")
        .get(pk=pk)
    )


def load_completeness_lists(submission: Submission) -> Submission:
    """Attach the lists `missing_for` needs to a submission loaded singly (three small queries)."""
    competition = submission.competition
    competition.requirement_list = list(competition.attachment_requirements.order_by("order", "pk"))
    competition.category_list = list(competition.categories.order_by("order", "name"))
    submission.attachment_list = list(
        submission.attachments.select_related("requirement", "uploaded_by").order_by("kind", "created_at", "pk")
    )
    return submission


def submission_history(submission: Submission):
    return submission.events.select_related("actor").order_by("created_at", "pk")


SCREENING_PAGE_SIZE = 50


# Proposal sections and other long texts the screening list never shows (deferred, not read).
SCREENING_LIST_DEFERRED = (
    *(key for key, _label, _limit in PROPOSAL_SECTIONS),
    "sdgs",
    "innovators",
    "screening_note",
)


def screening_queryset(
    *,
    competition: Competition | None = None,
    status: str = "",
    category: Category | None = None,
    unit_kind: str = "",
    search: str = "",
) -> QuerySet:
    """The committee's list of proposals, filtered; paginate it (the query count does not grow).

    The attachment count is a correlated subquery, not `Count("attachments")`: a join with GROUP BY would
    make the database group every column of every proposal before it sorts and cuts one page (docs/
    BENCHMARKS.md). The long proposal sections, which the list never shows, are not read.
    """
    attachments = (
        Attachment.objects.filter(submission=OuterRef("pk"))
        .order_by()
        .values("submission")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    queryset = (
        Submission.objects.select_related("competition", "unit", "category", "stage")
        .defer(*SCREENING_LIST_DEFERRED)
        .annotate(attachment_count=Coalesce(Subquery(attachments), 0))
    )
    if competition is not None:
        queryset = queryset.filter(competition=competition)
    if status:
        queryset = queryset.filter(status=status)
    if category is not None:
        queryset = queryset.filter(category=category)
    if unit_kind:
        queryset = queryset.filter(unit__kind=unit_kind)
    search = (search or "").strip()
    if search:
        queryset = queryset.filter(
            Q(name__icontains=search)
            | Q(acronym_meaning__icontains=search)
            | Q(unit__name__icontains=search)
            | Q(unit__short_name__icontains=search)
        )
    return queryset.order_by("-competition__year", F("submitted_at").asc(nulls_last=True), "name", "pk")


def status_counts(*, competition: Competition | None) -> dict[str, int]:
    """Number of proposals per status (one query), for the screening list's summary."""
    queryset = Submission.objects.all()
    if competition is not None:
        queryset = queryset.filter(competition=competition)
    return dict(queryset.values_list("status").annotate(total=Count("pk")).order_by())
