"""The committee's per-competition dashboard: where the committee looks every morning.

It reads submissions and judging data, so it lives here (judging may import every app below it). Every
figure comes from a fixed number of aggregate queries, whatever the number of submissions; the page keeps
no per-submission rows in Python except the list of units that have not submitted (units number in the
hundreds, not thousands).
"""

import heapq
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from competitions import selectors as competition_selectors
from competitions.enums import Phase, StageKind
from competitions.models import Competition, Stage
from competitions.validation import format_moment
from judging.enums import ScorecardStatus
from judging.models import Assignment, JuryMember
from kipp.enums import Role, UnitKind
from kipp.models import Unit, User
from kipp.permissions import require_perm
from submissions.enums import SubmissionStatus
from submissions.models import Submission

NOT_SUBMITTED = [SubmissionStatus.DRAFT, SubmissionStatus.WITHDRAWN]
PASSED_SCREENING = [SubmissionStatus.ELIGIBLE, SubmissionStatus.FINALIST, SubmissionStatus.WINNER]
SCREENED = [
    SubmissionStatus.ELIGIBLE,
    SubmissionStatus.INELIGIBLE,
    SubmissionStatus.FINALIST,
    SubmissionStatus.WINNER,
]


def percent(part: int, whole: int) -> int:
    """A whole percentage for bars (0-100), 0 when there is nothing to measure."""
    if not whole:
        return 0
    return max(0, min(100, round(100 * part / whole)))


@dataclass
class JurorProgress:
    juror_id: int
    name: str
    assigned: int = 0
    drafted: int = 0
    final: int = 0

    @property
    def not_started(self) -> int:
        return max(self.assigned - self.drafted - self.final, 0)

    @property
    def final_percent(self) -> int:
        return percent(self.final, self.assigned)

    @property
    def draft_percent(self) -> int:
        return min(percent(self.drafted, self.assigned), 100 - self.final_percent)


def behind_key(juror: JurorProgress) -> tuple:
    """Furthest behind first: jurors with work who have not started (nothing drafted, nothing final), then
    the fewest final scorecards, then the most still to finish; jurors with nothing assigned come last."""
    return (
        juror.assigned == 0,
        juror.drafted + juror.final > 0,
        juror.final,
        juror.final - juror.assigned,
        juror.name.lower(),
    )


# The dashboard lists at most this many jurors per stage (those furthest behind); the stage's jury page
# lists them all. A national jury has hundreds of desk jurors: one row each made the page grow with it.
SHOWN_JURORS = 20


@dataclass
class StageProgress:
    stage: Stage
    jurors: list[JurorProgress] = field(default_factory=list)  # every juror of the stage
    submissions: int = 0
    short_of_jurors: int = 0
    is_open: bool = False
    is_finished: bool = False
    is_upcoming: bool = False
    url: str | None = None
    jury_url: str | None = None  # the stage's jury page (every juror), linked when some are not shown
    behind: list[JurorProgress] = field(default_factory=list)  # the SHOWN_JURORS furthest behind

    @property
    def juror_count(self) -> int:
        return len(self.jurors)

    @property
    def more_jurors(self) -> int:
        """Jurors of the stage not listed on the dashboard."""
        return len(self.jurors) - len(self.behind)

    @property
    def assigned(self) -> int:
        return sum(juror.assigned for juror in self.jurors)

    @property
    def drafted(self) -> int:
        return sum(juror.drafted for juror in self.jurors)

    @property
    def final(self) -> int:
        return sum(juror.final for juror in self.jurors)

    @property
    def final_percent(self) -> int:
        return percent(self.final, self.assigned)

    @property
    def draft_percent(self) -> int:
        return min(percent(self.drafted, self.assigned), 100 - self.final_percent)


def _juror_name(row: dict, prefix: str = "juror__") -> str:
    full = row.get(f"{prefix}full_name") or " ".join(
        part for part in [row.get(f"{prefix}first_name"), row.get(f"{prefix}last_name")] if part
    )
    return full or row.get(f"{prefix}username") or "?"


# On the dashboard a submitted proposal is one the committee still has to screen: saying "Terkirim" beside
# "Usulan masuk" (every proposal past draft) read as a contradiction. The status label stays everywhere else.
DASHBOARD_STATUS_LABELS = {SubmissionStatus.SUBMITTED: _lazy("Menunggu seleksi")}


def status_rows(counts: dict[str, int]) -> list[dict]:
    total = sum(counts.values())
    return [
        {
            "status": status,
            "label": DASHBOARD_STATUS_LABELS.get(status, label),
            "count": counts.get(status, 0),
            "percent": percent(counts.get(status, 0), total),
        }
        for status, label in SubmissionStatus.choices
    ]


def expected_units() -> QuerySet[Unit]:
    """Active units the committee expects a submission from.

    Two kinds of unit are left out because they organise the competition rather than enter it: the
    committee's own units (the unit of any user in the committee group, e.g. Bagian Organisasi) and units
    of kind ``sekretariat`` (the Sekretariat Daerah, which hosts the committee). The rule is deliberately
    not "units with sub-units": a dinas with UPTs under it still submits.
    """
    committee_units = User.objects.filter(groups__name=Role.COMMITTEE, unit__isnull=False).values("unit_id")
    return Unit.objects.filter(is_active=True).exclude(kind=UnitKind.SEKRETARIAT).exclude(pk__in=committee_units)


def unsubmitted_units(competition: Competition) -> list[dict]:
    """Expected units (see ``expected_units``) without a submission that counts (drafts and withdrawn ones
    do not), and whether they are drafting one."""
    submitted = Submission.objects.filter(competition=competition).exclude(status__in=NOT_SUBMITTED)
    drafting = Submission.objects.filter(competition=competition, unit=OuterRef("pk"), status=SubmissionStatus.DRAFT)
    return list(
        expected_units()
        .exclude(pk__in=submitted.values("unit_id"))
        .annotate(has_draft=Exists(drafting))
        .order_by("-has_draft", "name")
        .values("id", "name", "short_name", "kind", "has_draft")
    )


def stage_progress(competition: Competition, stages: list[Stage], now) -> list[StageProgress]:
    """Per scoring stage: each juror's assigned / drafted / final counts, and submissions short of jurors.

    Three queries whatever the size: assignments grouped by (stage, juror), the panels (so a juror with
    nothing assigned still shows), and submissions per stage with their active assignment count.
    """
    scoring = [stage for stage in stages if stage.kind == StageKind.SCORING]
    progress = {
        stage.pk: StageProgress(
            stage=stage,
            is_open=stage.is_open_at(now),
            is_finished=stage.is_finished_at(now),
            is_upcoming=now < stage.opens_at and stage.closed_at is None,
        )
        for stage in scoring
    }
    if not progress:
        return []
    jurors: dict[tuple[int, int], JurorProgress] = {}
    rows = (
        Assignment.objects.filter(stage__competition=competition, voided_at__isnull=True)
        .values("stage_id", "juror_id", "juror__full_name", "juror__first_name", "juror__last_name", "juror__username")
        .annotate(
            assigned=Count("id"),
            drafted=Count("id", filter=Q(scorecard__status=ScorecardStatus.DRAFT)),
            final=Count("id", filter=Q(scorecard__status=ScorecardStatus.FINAL)),
        )
        .order_by()
    )
    for row in rows:
        if row["stage_id"] not in progress:
            continue
        jurors[(row["stage_id"], row["juror_id"])] = JurorProgress(
            juror_id=row["juror_id"],
            name=_juror_name(row),
            assigned=row["assigned"],
            drafted=row["drafted"],
            final=row["final"],
        )
    members = JuryMember.objects.filter(stage__competition=competition).values(
        "stage_id", "juror_id", "juror__full_name", "juror__first_name", "juror__last_name", "juror__username"
    )
    for row in members:
        key = (row["stage_id"], row["juror_id"])
        if row["stage_id"] in progress and key not in jurors:
            jurors[key] = JurorProgress(juror_id=row["juror_id"], name=_juror_name(row))
    for (stage_id, _juror_id), juror in jurors.items():
        progress[stage_id].jurors.append(juror)
    for item in progress.values():
        item.jurors.sort(key=lambda juror: (-(juror.assigned - juror.final), juror.name.lower()))
        item.behind = heapq.nsmallest(SHOWN_JURORS, item.jurors, key=behind_key)

    active_assignments = (
        Assignment.objects.filter(submission=OuterRef("pk"), stage=OuterRef("stage_id"), voided_at__isnull=True)
        .order_by()
        .values("submission")
        .annotate(n=Count("id"))
        .values("n")
    )
    per_stage = (
        Submission.objects.filter(competition=competition, stage__isnull=False)
        .exclude(status__in=[SubmissionStatus.WITHDRAWN, SubmissionStatus.INELIGIBLE])
        .annotate(active=Coalesce(Subquery(active_assignments, output_field=IntegerField()), Value(0)))
        .values("stage_id")
        .annotate(
            total=Count("id"),
            short=Count("id", filter=Q(active__lt=F("stage__jurors_per_submission"))),
        )
        .order_by()
    )
    for row in per_stage:
        if row["stage_id"] in progress:
            progress[row["stage_id"]].submissions = row["total"]
            progress[row["stage_id"]].short_of_jurors = row["short"]
    return [progress[stage.pk] for stage in scoring]


def overdue_items(
    competition: Competition, stages: list[Stage], counts: dict[str, int], progress: list[StageProgress], now
) -> list[dict]:
    """What should already be done and is not, most urgent first."""
    items = []
    screening = next((stage for stage in stages if stage.kind == StageKind.SCREENING), None)
    waiting = counts.get(SubmissionStatus.SUBMITTED, 0)
    if screening is not None and waiting and screening.is_finished_at(now):
        items.append(
            {
                "level": "danger",
                "text": _("%(count)s usulan belum diseleksi, padahal tahap «%(stage)s» berakhir %(date)s.")
                % {"count": waiting, "stage": screening.name, "date": format_moment(screening.closes_at)},
            }
        )
    returned = counts.get(SubmissionStatus.RETURNED, 0)
    if returned and competition.revision_deadline and now >= competition.revision_deadline:
        items.append(
            {
                "level": "danger",
                "text": _(
                    "%(count)s usulan yang dikembalikan belum dikirim ulang; batas perbaikan %(date)s sudah lewat."
                )
                % {"count": returned, "date": format_moment(competition.revision_deadline)},
            }
        )
    awaiting = counts.get(SubmissionStatus.AWAITING_ENDORSEMENT, 0)
    if awaiting and now >= competition.submission_closes_at:
        items.append(
            {
                "level": "danger",
                "text": _("%(count)s usulan masih menunggu persetujuan unit induk setelah pendaftaran ditutup.")
                % {"count": awaiting},
            }
        )
    for item in progress:
        stage = item.stage
        if item.is_finished and stage.closed_at is None:
            for juror in item.jurors:
                pending = juror.assigned - juror.final
                if pending:
                    items.append(
                        {
                            "level": "danger",
                            "text": _(
                                "%(juror)s: %(count)s lembar nilai tahap «%(stage)s» belum final; "
                                "tahap berakhir %(date)s."
                            )
                            % {
                                "juror": juror.name,
                                "count": pending,
                                "stage": stage.name,
                                "date": format_moment(stage.closes_at),
                            },
                        }
                    )
        if item.short_of_jurors and not item.is_finished:
            items.append(
                {
                    "level": "warning",
                    "text": _("%(count)s usulan pada tahap «%(stage)s» belum mendapat %(jurors)s juri.")
                    % {"count": item.short_of_jurors, "stage": stage.name, "jurors": stage.jurors_per_submission},
                }
            )
    return items


def _optional_url(name: str, *args, query: str = "") -> str | None:
    """A link to another engineer's page when it exists; the dashboard never breaks on a missing one."""
    try:
        return reverse(name, args=args) + query
    except NoReverseMatch:
        return None


def dashboard_context(competition: Competition, now=None) -> dict:
    """Everything the dashboard shows, in a fixed number of queries (see the module docstring)."""
    now = now or timezone.now()
    stages = sorted(competition.stages.all(), key=lambda stage: stage.order)
    counts = dict(
        Submission.objects.filter(competition=competition)
        .values("status")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("status", "n")
    )
    sent = sum(n for status, n in counts.items() if status not in NOT_SUBMITTED)
    screened = sum(counts.get(status, 0) for status in SCREENED)
    to_screen = counts.get(SubmissionStatus.SUBMITTED, 0)
    returned = counts.get(SubmissionStatus.RETURNED, 0)
    per_category = {
        row["category_id"]: row
        for row in Submission.objects.filter(competition=competition)
        .values("category_id")
        .annotate(
            sent=Count("id", filter=~Q(status__in=NOT_SUBMITTED)),
            drafts=Count("id", filter=Q(status=SubmissionStatus.DRAFT)),
            eligible=Count("id", filter=Q(status__in=PASSED_SCREENING)),
        )
        .order_by()
    }
    categories = [
        {
            "name": category.name,
            "sent": per_category.get(category.pk, {}).get("sent", 0),
            "drafts": per_category.get(category.pk, {}).get("drafts", 0),
            "eligible": per_category.get(category.pk, {}).get("eligible", 0),
        }
        for category in competition.categories.all()
    ]
    uncategorised = per_category.get(None)
    if uncategorised and (uncategorised["sent"] or uncategorised["drafts"]):
        categories.append(
            {
                "name": _("Tanpa kategori"),
                "sent": uncategorised["sent"],
                "drafts": uncategorised["drafts"],
                "eligible": uncategorised["eligible"],
            }
        )
    most = max((row["sent"] for row in categories), default=0)
    for row in categories:
        row["percent"] = percent(row["sent"], most)
    units = unsubmitted_units(competition)
    active_units = expected_units().count()
    progress = stage_progress(competition, stages, now)
    for item in progress:
        item.url = _optional_url("judging:stage_assignments", item.stage.pk)
        item.jury_url = _optional_url("judging:stage_jury", item.stage.pk)
    screening_stage = next((stage for stage in stages if stage.kind == StageKind.SCREENING), None)
    competition_filter = f"?competition={competition.pk}"
    phase = competition.phase_at(now)
    return {
        "competition": competition,
        "phase": phase,
        "ranking_is_next": phase in (Phase.JUDGING, Phase.RANKING),
        "now": now,
        "total": sum(counts.values()),
        "sent": sent,
        "drafts": counts.get(SubmissionStatus.DRAFT, 0),
        "status_rows": status_rows(counts),
        "categories": categories,
        "screening": {
            "stage": screening_stage,
            "to_screen": to_screen,
            "returned": returned,
            "screened": screened,
            "eligible": sum(counts.get(status, 0) for status in PASSED_SCREENING),
            "ineligible": counts.get(SubmissionStatus.INELIGIBLE, 0),
            "percent": percent(screened, screened + to_screen + returned),
        },
        "units": units,
        "units_drafting": sum(1 for unit in units if unit["has_draft"]),
        "active_units": active_units,
        "units_submitted_percent": percent(active_units - len(units), active_units),
        "stage_progress": progress,
        "overdue": overdue_items(competition, stages, counts, progress, now),
        "next_deadline": competition_selectors.next_deadline(competition, now),
        "links": {
            "screening": _optional_url(
                "submissions:screening_list", query=f"{competition_filter}&status={SubmissionStatus.SUBMITTED}"
            ),
            "screening_all": _optional_url("submissions:screening_list", query=competition_filter),
            "jury": _optional_url("judging:committee_stages"),
            "results": _optional_url("results:ranking", competition.year),
        },
    }


@require_perm("competitions.manage_competition")
def competition_dashboard(request, year):
    competition = get_object_or_404(Competition.objects.prefetch_related("stages", "categories"), year=year)
    context = dashboard_context(competition)
    context["breadcrumbs"] = [
        (_("Panitia"), reverse("competitions:overview")),
        (str(competition), reverse("competitions:settings", kwargs={"year": competition.year})),
        (_("Dasbor"), None),
    ]
    return render(request, "judging/committee_dashboard.html", context)
