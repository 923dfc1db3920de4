"""Closing a scoring stage: who advances (top K by stage score), the committee's overrides, the move on.

Closing is the committee's explicit step. It needs the stage's deadline to have passed (or an explicit
confirmation to close early), and every active scorecard to be final (or an explicit confirmation: the
unfinished assignments are then voided with a recorded reason, so they neither count nor block the
publication later). The proposal is the top K = `stage.advance_count` by stage score, computed by the
ranking module with the competition's method; submissions tied at the cut are all proposed and shown as a
tie. The committee may include or exclude any submission with a recorded reason.

Confirming stores one `StageAdvancement` row per submission at the stage (advanced or not, overridden or
not, its stage score), sets `Stage.closed_at/closed_by`, and moves the advancing submissions to the next
scoring stage. Choice documented here: a submission that moves into the *final* scoring stage becomes a
`finalist` (with a recorded `SubmissionEvent`); one that moves into an intermediate stage stays `eligible`
(an event records the move). The final stage itself advances no one: closing it only ends the scoring.

Lock order, the same in every service that touches a stage's scores: the stage row, then its assignment
rows (several: ordered by pk), then scorecards. `stage_close` takes the stage `FOR UPDATE`, then every
active assignment of the stage, and only then reads what is unfinished and builds the plan. A juror's
save (`judging.services.scoring.scorecard_save`) holds the stage `FOR KEY SHARE` before it locks its
assignment, so the close waits for the saves in flight: a final save that committed before the close
got its locks counts, and a save that comes later waits for the close and is refused as "stage closed".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_create_with_history

from competitions.enums import StageKind
from competitions.models import Stage
from judging.enums import ScorecardStatus
from judging.models import Assignment, StageAdvancement
from judging.ranking import RankedEntry, compute_ranking, ranking_data
from kipp.models import User
from kipp.rules import is_committee
from submissions.enums import SubmissionStatus
from submissions.models import Submission, SubmissionEvent

HISTORY_REASON_LENGTH = 100  # django-simple-history's history_change_reason column (varchar)


def history_reason(text: str) -> str:
    """Fit a change reason into the history column, counted in code points as the database counts them."""
    text = str(text)
    return text if len(text) <= HISTORY_REASON_LENGTH else text[: HISTORY_REASON_LENGTH - 1] + "…"


@dataclass
class AdvancementRow:
    """One submission at the stage, in stage-score order, with the proposal for it."""

    entry: RankedEntry
    score: Decimal | None
    score_rank: int | None  # shared by equal stage scores
    juror_count: int
    proposed: bool
    tied_at_cut: bool = False

    @property
    def submission_id(self) -> int:
        return self.entry.submission_id


@dataclass
class StageClosePlan:
    stage: Stage
    next_stage: Stage | None
    rows: list[AdvancementRow]
    unfinished: list[tuple[int, int]] = field(default_factory=list)  # (submission id, juror id)
    before_deadline: bool = False

    @property
    def is_final(self) -> bool:
        return self.next_stage is None

    @property
    def proposed_ids(self) -> list[int]:
        return [row.submission_id for row in self.rows if row.proposed]

    @property
    def tied_at_cut(self) -> list[AdvancementRow]:
        return [row for row in self.rows if row.tied_at_cut]


def _next_scoring_stage(stage: Stage) -> Stage | None:
    return (
        Stage.objects.filter(competition_id=stage.competition_id, kind=StageKind.SCORING, order__gt=stage.order)
        .order_by("order")
        .first()
    )


def stage_close_plan(*, stage: Stage, now=None) -> StageClosePlan:
    """Who would advance if the stage closed now: top K by stage score, ties at the cut all proposed."""
    competition = stage.competition
    data = ranking_data(competition)
    ranking = compute_ranking(data, method=competition.ranking_method, top_n=competition.top_n)
    next_stage = _next_scoring_stage(stage)
    at_stage = [entry for entry in ranking.entries if entry.reached_stage_id == stage.pk]
    at_stage.sort(key=lambda entry: entry.submission.name.casefold())
    at_stage.sort(
        key=lambda entry: (entry.stage_scores.get(stage.pk) is not None, entry.stage_scores.get(stage.pk) or 0),
        reverse=True,
    )
    rows: list[AdvancementRow] = []
    for index, entry in enumerate(at_stage):
        score = entry.stage_scores.get(stage.pk)
        if score is None:
            score_rank = None
        elif index and rows[index - 1].score == score:
            score_rank = rows[index - 1].score_rank
        else:
            score_rank = index + 1
        rows.append(
            AdvancementRow(
                entry=entry,
                score=score,
                score_rank=score_rank,
                juror_count=len(entry.juror_totals.get(stage.pk, [])),
                proposed=False,
            )
        )
    if next_stage is not None:
        limit = stage.advance_count
        for row in rows:
            row.proposed = row.score_rank is not None and (limit is None or row.score_rank <= limit)
        if limit is not None:
            cut_rank = max((row.score_rank for row in rows if row.proposed), default=None)
            group = [row for row in rows if row.score_rank is not None and row.score_rank == cut_rank]
            if cut_rank is not None and cut_rank + len(group) - 1 > limit:
                for row in group:
                    row.tied_at_cut = True
    unfinished = [
        (submission_id, juror_id) for stage_id, submission_id, juror_id in data.unfinished if stage_id == stage.pk
    ]
    return StageClosePlan(
        stage=stage,
        next_stage=next_stage,
        rows=rows,
        unfinished=unfinished,
        before_deadline=(now or timezone.now()) < stage.closes_at,
    )


@transaction.atomic
def stage_close(
    *,
    stage: Stage,
    by: User,
    advancing_ids: list[int] | None = None,
    reason: str = "",
    confirm_unfinished: bool = False,
    confirm_early: bool = False,
    now=None,
) -> StageClosePlan:
    """Close `stage`, store who advances and move them on; `advancing_ids` None keeps the proposal.

    Any difference between `advancing_ids` and the proposal is an override and needs `reason`. `now`
    (default: the current time) is when the stage is closed; the demo backdates a past year with it.
    """
    now = now or timezone.now()
    if not is_committee(by):
        raise ValidationError(_("Hanya panitia yang dapat menutup tahap."))
    # Lock order (module docstring): the stage, then its active assignments by pk; the plan is read after both.
    stage = Stage.objects.select_for_update().select_related("competition").get(pk=stage.pk)
    if stage.kind != StageKind.SCORING:
        raise ValidationError(_("Hanya tahap penilaian yang ditutup dengan cara ini."))
    if stage.closed_at is not None:
        raise ValidationError(_("Tahap ini sudah ditutup."))
    list(
        Assignment.objects.select_for_update(of=("self",))
        .filter(stage=stage, voided_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    plan = stage_close_plan(stage=stage, now=now)
    errors: dict[str, list[str]] = {}
    if plan.before_deadline and not confirm_early:
        errors.setdefault("confirm_early", []).append(
            _("Batas waktu tahap ini belum lewat. Centang konfirmasi untuk menutupnya lebih awal.")
        )
    if plan.unfinished and not confirm_unfinished:
        errors.setdefault("confirm_unfinished", []).append(
            ngettext(
                "Masih ada %(count)d lembar nilai yang belum final. Centang konfirmasi bila tahap tetap ditutup: "
                "lembar itu tidak akan dihitung.",
                "Masih ada %(count)d lembar nilai yang belum final. Centang konfirmasi bila tahap tetap ditutup: "
                "lembar-lembar itu tidak akan dihitung.",
                len(plan.unfinished),
            )
            % {"count": len(plan.unfinished)}
        )
    known = {row.submission_id for row in plan.rows}
    proposed = set(plan.proposed_ids)
    chosen = proposed if advancing_ids is None else {int(pk) for pk in advancing_ids}
    if plan.is_final and chosen:
        chosen = set()
    unknown = chosen - known
    if unknown:
        errors.setdefault("advancing", []).append(_("Ada usulan yang tidak berada pada tahap ini."))
    overridden = (chosen ^ proposed) if not plan.is_final else set()
    reason = (reason or "").strip()
    if overridden and not reason:
        errors.setdefault("reason", []).append(
            _("Tuliskan alasan keputusan panitia yang menyimpang dari peringkat (menambah atau mengurangi yang lolos).")
        )
    if errors:
        raise ValidationError(errors)

    if plan.unfinished:
        void_reason = _("Tahap ditutup panitia sebelum lembar nilai ini final.")
        for assignment in (
            Assignment.objects.select_for_update(of=("self",))
            .filter(stage=stage, voided_at__isnull=True, submission_id__in=[s for s, _j in plan.unfinished])
            .exclude(scorecard__status=ScorecardStatus.FINAL)
        ):
            assignment.voided_at = now
            assignment.void_reason = void_reason
            assignment._change_reason = history_reason(void_reason)
            assignment._history_user = by
            assignment.save(update_fields=["voided_at", "void_reason"])

    if not plan.is_final:
        advancements = []
        for row in plan.rows:
            advancement = StageAdvancement(
                stage=stage,
                submission_id=row.submission_id,
                stage_score=row.score,
                advanced=row.submission_id in chosen,
                overridden=row.submission_id in overridden,
                reason=reason if row.submission_id in overridden else "",
                decided_by=by,
            )
            # Field checks only: the foreign keys come from the rows just read, and closing twice is refused above.
            advancement.full_clean(
                exclude=["submission", "stage", "decided_by"], validate_unique=False, validate_constraints=False
            )
            advancements.append(advancement)
        bulk_create_with_history(
            advancements, StageAdvancement, default_user=by, default_change_reason=history_reason(reason)
        )
        _move_on(stage=stage, next_stage=plan.next_stage, submission_ids=sorted(chosen), by=by)
        for row in plan.rows:
            row.proposed = row.submission_id in chosen

    stage.closed_at = now
    stage.closed_by = by
    stage._change_reason = history_reason(_("Tahap ditutup panitia"))
    stage._history_user = by
    stage.save(update_fields=["closed_at", "closed_by"])
    return plan


def _move_on(*, stage: Stage, next_stage: Stage, submission_ids: list[int], by: User) -> None:
    """Move the advancing submissions to `next_stage`; into the final stage they become finalists."""
    is_final = not Stage.objects.filter(
        competition_id=stage.competition_id, kind=StageKind.SCORING, order__gt=next_stage.order
    ).exists()
    note = _("Lolos ke tahap «%(stage)s»") % {"stage": next_stage.name}
    events = []
    for submission in Submission.objects.select_for_update().filter(pk__in=submission_ids).order_by("pk"):
        from_status = submission.status
        submission.stage = next_stage
        if is_final and from_status == SubmissionStatus.ELIGIBLE:
            submission.status = SubmissionStatus.FINALIST
        submission.version += 1
        submission._change_reason = history_reason(note)
        submission._history_user = by
        submission.full_clean(validate_unique=False, validate_constraints=False)
        submission.save(update_fields=["stage", "status", "version", "updated_at"])
        event = SubmissionEvent(
            submission=submission, actor=by, from_status=from_status, to_status=submission.status, reason=note
        )
        event.full_clean()
        events.append(event)
    SubmissionEvent.objects.bulk_create(events)
