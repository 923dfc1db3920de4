"""Scorecards: a juror saves drafts and submits final; only the committee reopens a final scorecard.

`scorecard_save` is the single door to a juror's scores. It locks the stage row in a shared mode, then
the assignment row (so simultaneous saves of one scorecard queue up instead of racing), re-checks every
rule that must never break (owner, stage open, not voided, no conflict, not already final, unchanged
since the juror loaded it) and only then writes. Errors are keyed by the scorecard form's field names
(`score_field`, `comment_field`) so the page can show each message beside its input.

Lock order (shared with `judging.services.stages.stage_close` and the assignment services): the stage
row first, then assignment rows (several: by pk), then the scorecard. A save holds `FOR KEY SHARE` on
its stage (see `lock_stage_for_scores`), so jurors still save side by side while closing the stage
(`FOR UPDATE`) waits for the saves in flight and every later save waits for the close, then sees it.
"""

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import connections, router, transaction
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from competitions.models import Criterion, Stage
from judging.enums import ScorecardStatus
from judging.models import Assignment, JuryMember, Score, Scorecard
from judging.services.conflicts import change_reason, submission_conflict
from judging.totals import juror_total, juror_total_e4, summed_totals_e4
from kipp.models import User
from kipp.rules import is_committee

SCORE_PLACES = 2


def score_field(criterion_id: int) -> str:
    """The name of a criterion's score input on the scorecard form (and the key of its errors)."""
    return f"score_{criterion_id}"


def comment_field(criterion_id: int) -> str:
    return f"comment_{criterion_id}"


def _local(moment) -> str:
    return date_filter(timezone.localtime(moment), "j F Y, H:i")


def stage_closed_message(stage: Stage, now) -> str | None:
    """Why nobody can score in `stage` at `now`, or None when it is open."""
    if stage.closed_at is not None:
        return _("Tahap ini sudah ditutup panitia; nilai tidak dapat diubah lagi.")
    if now < stage.opens_at:
        return _("Penilaian tahap ini belum dibuka (dibuka %(date)s).") % {"date": _local(stage.opens_at)}
    if now >= stage.closes_at:
        return _("Batas waktu penilaian tahap ini sudah lewat (%(date)s); nilai tidak dapat diubah lagi.") % {
            "date": _local(stage.closes_at)
        }
    return None


def lock_stage_for_scores(stage_id: int) -> Stage | None:
    """Hold the stage row in `FOR KEY SHARE` mode until the transaction ends and return it as now committed.

    The shared mode lets any number of scorecard saves run side by side and still lets a save set
    `scoring_started_at` (a plain UPDATE takes `FOR NO KEY UPDATE`, which does not conflict with
    `FOR KEY SHARE`, so two first scores cannot deadlock); it conflicts with the `FOR UPDATE` of
    `stage_close` and of the stage edits, so they wait for the saves in flight and later saves wait for
    them. Django has no shared `select_for_update`, hence the SQL. Other databases (SQLite) serialise
    writers on their own; the row is only read there.
    """
    using = router.db_for_write(Stage)
    connection = connections[using]
    if connection.vendor == "postgresql":
        table, column = (connection.ops.quote_name(name) for name in (Stage._meta.db_table, Stage._meta.pk.column))
        with connection.cursor() as cursor:
            sql = f"SELECT 1 FROM {table} WHERE {column} = %s FOR KEY SHARE"  # noqa: S608 - names from model metadata
            cursor.execute(sql, [stage_id])
    # A statement after the lock: under READ COMMITTED it sees whatever the stage's last locker committed.
    return Stage.objects.using(using).filter(pk=stage_id).order_by("pk").first()


def _parse_value(raw) -> Decimal | None:
    """A score as typed: None when empty; raises ValueError when it is not a finite number."""
    if raw is None:
        return None
    if isinstance(raw, Decimal):
        value = raw
    else:
        text = str(raw).strip().replace(",", ".")
        if text == "":
            return None
        try:
            value = Decimal(text)
        except InvalidOperation as exc:
            raise ValueError(text) from exc
    if not value.is_finite():
        raise ValueError(str(raw))
    return value


def _check_values(
    *, criteria: dict[int, Criterion], values: Mapping, comments: Mapping, final: bool
) -> tuple[dict[int, Decimal | None], dict[str, list[str]]]:
    errors: dict[str, list[str]] = {}
    foreign = sorted({int(key) for key in [*values, *comments] if int(key) not in criteria})
    if foreign:
        errors[NON_FIELD_ERRORS] = [
            _("Kriteria yang dikirim bukan bagian dari tahap ini (%(ids)s); tidak ada nilai yang disimpan.")
            % {"ids": ", ".join(f"#{pk}" for pk in foreign)}
        ]
    parsed: dict[int, Decimal | None] = {}
    for criterion_id, criterion in criteria.items():
        field = score_field(criterion_id)
        try:
            value = _parse_value(values.get(criterion_id))
        except ValueError:
            errors[field] = [_("Masukkan angka, misalnya 85 atau 85,5.")]
            continue
        if value is not None:
            if value < 0 or value > criterion.max_score:
                errors[field] = [
                    _("Nilai harus antara 0 dan %(max)s untuk kriteria ini.") % {"max": criterion.max_score}
                ]
                continue
            if -value.as_tuple().exponent > SCORE_PLACES and value != value.quantize(Decimal("0.01")):
                errors[field] = [_("Paling banyak 2 angka di belakang koma.")]
                continue
            value = value.quantize(Decimal("0.01"))
        elif final:
            errors[field] = [_("Wajib diisi sebelum lembar nilai dikirim final.")]
            continue
        parsed[criterion_id] = value
    return parsed, errors


@transaction.atomic
def scorecard_save(
    *,
    juror: User,
    assignment: Assignment,
    values: Mapping[int, object],
    comments: Mapping[int, str] | None = None,
    overall_note: str = "",
    final: bool = False,
    expected_version: int | None = None,
    now=None,
) -> Scorecard:
    """Save the juror's scores on `assignment` as a draft (partial allowed) or final (every criterion).

    `values` and `comments` are keyed by criterion id; a value may be a Decimal, a number or the typed
    text ("85,5"). `expected_version` is the scorecard version the juror's page was built from (0 for no
    scorecard yet): a different stored version means another window saved in between, and the save is
    refused so nothing is silently overwritten. Nothing is written when anything is refused.
    """
    now = now or timezone.now()
    comments = comments or {}
    # Lock order: the stage (shared), then the assignment; see the module docstring.
    # Reads by primary key carry an explicit order_by: the models' default orderings would join the stage,
    # competition, submission and criterion tables to sort at most one stage's rows.
    stage_id = Assignment.objects.filter(pk=assignment.pk).order_by().values_list("stage_id", flat=True).first()
    stage = lock_stage_for_scores(stage_id) if stage_id is not None else None
    locked = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("submission")
        .only("pk", "stage_id", "juror_id", "voided_at", "submission__unit_id")
        .filter(pk=assignment.pk)
        .order_by()
        .first()
    )
    if stage is None or locked is None or locked.juror_id != juror.pk:
        raise ValidationError(_("Penugasan ini bukan milik Anda."))
    assignment = locked
    assignment.stage = stage
    if not stage.is_scoring:
        raise ValidationError(_("Tahap ini bukan tahap penilaian juri."))
    # Before the voided check: a stage close voids the unfinished assignments, and "closed" is the reason.
    closed = stage_closed_message(stage, now)
    if closed:
        raise ValidationError(closed)
    if assignment.voided_at is not None:
        raise ValidationError(_("Penugasan ini sudah dibatalkan; lembar nilai tidak dapat diubah."))
    if not JuryMember.objects.filter(stage=stage, juror=juror).exists():
        raise ValidationError(_("Anda bukan anggota panel juri tahap ini."))
    conflict = submission_conflict(juror=juror, submission=assignment.submission)
    if conflict is not None:
        raise ValidationError(
            _("Anda berkonflik kepentingan dengan usulan ini (%(source)s); penilaian tidak dapat disimpan.")
            % {"source": conflict.label}
        )
    scorecard = Scorecard.objects.filter(assignment=assignment).first()
    if scorecard is not None and scorecard.status == ScorecardStatus.FINAL:
        raise ValidationError(_("Lembar nilai ini sudah dikirim final; hanya panitia yang dapat membukanya kembali."))
    stored_version = scorecard.version if scorecard is not None else 0
    if expected_version is not None and expected_version != stored_version:
        raise ValidationError(
            _(
                "Lembar nilai ini baru saja disimpan dari jendela atau perangkat lain. Periksa nilai di bawah "
                "(yang Anda ketik masih ada), lalu simpan lagi."
            )
        )

    criteria = {criterion.pk: criterion for criterion in Criterion.objects.filter(stage=stage).order_by("order", "pk")}
    parsed, errors = _check_values(
        criteria=criteria,
        values={int(key): value for key, value in values.items()},
        comments={int(key): value for key, value in comments.items()},
        final=final,
    )
    if errors:
        raise ValidationError(errors)

    if scorecard is None:
        scorecard = Scorecard(assignment=assignment, version=0)
    scorecard.overall_note = (overall_note or "").strip()
    scorecard.version += 1
    if final:
        scorecard.status = ScorecardStatus.FINAL
        scorecard.submitted_at = now
    scorecard.full_clean()
    scorecard._change_reason = _("Dikirim final") if final else _("Draf disimpan")
    scorecard._history_user = juror
    scorecard.save()

    existing = {score.criterion_id: score for score in Score.objects.filter(scorecard=scorecard).order_by()}
    to_create, to_update, to_delete = [], [], []
    for criterion_id, value in parsed.items():
        comment = (comments.get(criterion_id) or "").strip()
        score = existing.get(criterion_id)
        if value is None and not comment:
            if score is not None:
                to_delete.append(score.pk)
            continue
        if score is None:
            to_create.append(Score(scorecard=scorecard, criterion_id=criterion_id, value=value, comment=comment))
        elif score.value != value or score.comment != comment:
            score.value, score.comment = value, comment
            to_update.append(score)
    if to_delete:
        Score.objects.filter(pk__in=to_delete).delete()
    if to_create:
        bulk_create_with_history(to_create, Score, default_user=juror, default_change_reason=scorecard._change_reason)
    if to_update:
        bulk_update_with_history(
            to_update, Score, ["value", "comment"], default_user=juror, default_change_reason=scorecard._change_reason
        )
    if final:
        # After the scores: writing them empties the stored total (the triggers of migration 0004).
        scorecard.total_e4 = juror_total_e4(
            (parsed[pk], criterion.weight, criterion.max_score) for pk, criterion in criteria.items()
        )
        Scorecard.objects.filter(pk=scorecard.pk).update(total_e4=scorecard.total_e4)
    # The stage was read after its lock; once set, scoring_started_at is never emptied, so a stage that has
    # started needs no UPDATE (which would match no row).
    if stage.scoring_started_at is None and any(value is not None for value in parsed.values()):
        Stage.objects.filter(pk=stage.pk, scoring_started_at__isnull=True).update(scoring_started_at=now)
    return scorecard


def scorecard_total(criteria, scores: Mapping[int, Score]) -> Decimal | None:
    """The juror's weighted total (judging.totals) over the scored criteria; None when nothing is scored."""
    triples = [
        (scores[c.pk].value, c.weight, c.max_score)
        for c in criteria
        if c.pk in scores and scores[c.pk].value is not None
    ]
    return juror_total(triples) if triples else None


@transaction.atomic
def scorecard_reopen(*, scorecard: Scorecard, by: User, reason: str) -> Scorecard:
    """Let the committee reopen a final scorecard so its juror can change it; the reason is shown to the juror."""
    if not is_committee(by):
        raise ValidationError(_("Hanya panitia yang dapat membuka kembali lembar nilai."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Tuliskan alasan membuka kembali lembar nilai ini.")})
    # Lock order as in scorecard_save: the stage (shared), the assignment, then the scorecard; a stage
    # close is then either seen (refused below) or waits, and never keeps a scorecard reopened after its plan.
    assignment_id = Scorecard.objects.filter(pk=scorecard.pk).values_list("assignment_id", flat=True).get()
    stage = lock_stage_for_scores(Assignment.objects.filter(pk=assignment_id).values_list("stage_id", flat=True).get())
    assignment = Assignment.objects.select_for_update().get(pk=assignment_id)
    assignment.stage = stage
    scorecard = Scorecard.objects.select_for_update().get(pk=scorecard.pk)
    scorecard.assignment = assignment
    if scorecard.status != ScorecardStatus.FINAL:
        raise ValidationError(_("Lembar nilai ini belum final, jadi tidak perlu dibuka kembali."))
    if scorecard.assignment.voided_at is not None:
        raise ValidationError(_("Penugasan lembar nilai ini sudah dibatalkan."))
    if scorecard.assignment.stage.closed_at is not None:
        raise ValidationError(_("Tahap ini sudah ditutup; lembar nilai tidak dapat dibuka kembali."))
    scorecard.status = ScorecardStatus.DRAFT
    scorecard.submitted_at = None
    scorecard.total_e4 = None
    scorecard.reopened_at = timezone.now()
    scorecard.reopened_by = by
    scorecard.reopen_reason = reason
    scorecard.version += 1
    scorecard.full_clean()
    scorecard._change_reason = change_reason(_("Dibuka kembali oleh panitia: %(reason)s") % {"reason": reason})
    scorecard._history_user = by
    scorecard.save()
    return scorecard


def refresh_stored_totals(stage_ids) -> int:
    """Store the total on every final scorecard of `stage_ids`, summed from its scores: for scorecards written
    around `scorecard_save` (bulk loads, rows from before totals were stored) or whose total a trigger emptied
    (a criterion's weight changed after scoring). Returns the number of scorecards updated.

    The ranking is right without it (it sums the scores of a final scorecard without a stored total), only
    slower.
    """
    stage_ids = list(stage_ids)
    criteria_by_stage: dict[int, list[tuple[int, Decimal, int]]] = {stage_id: [] for stage_id in stage_ids}
    for pk, stage_id, weight, max_score in Criterion.objects.filter(stage_id__in=stage_ids).values_list(
        "pk", "stage_id", "weight", "max_score"
    ):
        criteria_by_stage[stage_id].append((pk, weight, max_score))
    updated = 0
    with transaction.atomic():
        for stage_id, criteria in criteria_by_stage.items():
            totals = summed_totals_e4(
                Scorecard.objects.filter(assignment__stage_id=stage_id, status=ScorecardStatus.FINAL),
                prefix="scores__",
                criteria=criteria,
                criteria_per_stage=len(criteria),
                keys=("id",),
            )
            cards = [Scorecard(pk=pk, total_e4=total) for (pk,), total in totals.items()]
            updated += Scorecard.objects.bulk_update(cards, ["total_e4"], batch_size=500)
    return updated
