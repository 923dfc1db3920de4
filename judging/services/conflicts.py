"""Conflicts of interest: the one place that decides whether a juror may judge a submission.

Three sources, checked together by `ConflictMap.conflict_for`:

* the unit hierarchy: a juror linked to a unit conflicts with submissions of that unit, of the units above
  it and of the units below it (a juror of Dinas Pendidikan vs. SMP Negeri 5, and the other way round);
* conflicts the juror declared on a submission (the juror is then recused);
* conflicts the committee recorded on a submission or on a whole unit (a unit conflict counts like
  belonging to that unit: the unit, its parents and its children).

Every entry point (automatic and manual assignment, the scorecard, the permission rules) asks this module,
so the rule is stated once. Declaring or recording a conflict voids the assignments it touches; their
scorecards are kept (history) but, being on a voided assignment, no longer count.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from judging.enums import ConflictSource
from judging.models import Assignment, ConflictOfInterest
from kipp.models import Unit, User
from kipp.rules import is_committee
from kipp.selectors import unit_family_ids, unit_parent_map
from submissions.models import Submission

HIERARCHY = "hierarchy"
CHANGE_REASON_LENGTH = 100  # django-simple-history's history_change_reason column


def change_reason(text: str) -> str:
    """Fit a reason into the history's change-reason column; the full text stays on the row itself.

    Cut by code points (what the database counts), not by Truncator's visible characters, which let text
    with combining marks overflow the column.
    """
    if len(text) <= CHANGE_REASON_LENGTH:
        return text
    return text[: CHANGE_REASON_LENGTH - 1] + "…"


@dataclass(frozen=True)
class Conflict:
    """Why a juror may not judge a submission: `source` is "hierarchy" or a `ConflictSource` value."""

    source: str
    reason: str

    @property
    def label(self) -> str:
        if self.source == HIERARCHY:
            return _("Struktur organisasi")
        return ConflictSource(self.source).label


class ConflictMap:
    """Everything needed to decide conflicts for a set of jurors, loaded in a fixed number of queries.

    Build it with `load_conflict_map`; then `conflict_for` answers any (juror, submission) question in
    memory, so assigning 200 submissions to 15 jurors costs the same few queries as one check.
    """

    def __init__(
        self,
        *,
        juror_units: dict[int, int | None],
        recorded: Iterable[ConflictOfInterest],
        parent_by_id: dict[int, int | None],
        unit_names: dict[int, str] | None = None,
    ):
        self.parent_by_id = parent_by_id
        self.unit_names = unit_names or {}
        self._families: dict[int, frozenset[int]] = {}
        self.juror_units = dict(juror_units)
        self.by_submission: dict[tuple[int, int], ConflictOfInterest] = {}
        self.by_unit: dict[int, list[tuple[frozenset[int], ConflictOfInterest]]] = {}
        for conflict in recorded:
            if conflict.submission_id is not None:
                self.by_submission.setdefault((conflict.juror_id, conflict.submission_id), conflict)
            if conflict.unit_id is not None:
                self.by_unit.setdefault(conflict.juror_id, []).append((self.family(conflict.unit_id), conflict))

    def family(self, unit_id: int) -> frozenset[int]:
        """The unit with its ancestors and descendants (cached per unit)."""
        if unit_id not in self._families:
            self._families[unit_id] = frozenset(unit_family_ids(unit_id, parent_by_id=self.parent_by_id))
        return self._families[unit_id]

    def conflict_for(self, juror_id: int, submission_id: int, submission_unit_id: int) -> Conflict | None:
        """The first reason `juror_id` may not judge the submission, or None."""
        recorded = self.by_submission.get((juror_id, submission_id))
        if recorded is not None:
            return Conflict(recorded.source, recorded.reason)
        juror_unit_id = self.juror_units.get(juror_id)
        if juror_unit_id is not None and submission_unit_id in self.family(juror_unit_id):
            juror_unit = self.unit_names.get(juror_unit_id, "")
            submission_unit = self.unit_names.get(submission_unit_id, "")
            if juror_unit and submission_unit:
                reason = _("Juri dari %(juror_unit)s; usulan dari %(unit)s (satu garis organisasi).") % {
                    "juror_unit": juror_unit,
                    "unit": submission_unit,
                }
            else:
                reason = _("Juri dan pengusul berada dalam satu garis organisasi.")
            return Conflict(HIERARCHY, reason)
        for family, conflict in self.by_unit.get(juror_id, ()):
            if submission_unit_id in family:
                return Conflict(conflict.source, conflict.reason)
        return None

    def is_conflicted(self, juror_id: int, submission_id: int, submission_unit_id: int) -> bool:
        return self.conflict_for(juror_id, submission_id, submission_unit_id) is not None


def load_conflict_map(
    *,
    juror_ids: Iterable[int],
    parent_by_id: dict[int, int | None] | None = None,
    with_unit_names: bool = False,
) -> ConflictMap:
    """Load the conflicts of `juror_ids`: the jurors' units, their recorded conflicts and the unit tree.

    The unit tree (and its names) is read only when a juror has a unit or a conflict is recorded on a whole
    unit: for the others only the conflicts recorded on submissions can apply. Pass `parent_by_id` from
    `kipp.selectors.unit_parent_map()` when the caller already has it.
    """
    juror_ids = list(juror_ids)
    juror_units = dict(User.objects.filter(pk__in=juror_ids).values_list("pk", "unit_id"))
    recorded = list(
        ConflictOfInterest.objects.filter(juror_id__in=juror_ids).only(
            "juror_id", "submission_id", "unit_id", "source", "reason"
        )
    )
    unit_names = None
    needs_tree = any(unit_id is not None for unit_id in juror_units.values()) or any(
        conflict.unit_id is not None for conflict in recorded
    )
    if not needs_tree:
        parent_by_id = parent_by_id or {}
    elif with_unit_names:
        units = list(Unit.objects.values_list("pk", "parent_id", "name"))
        parent_by_id = {pk: parent for pk, parent, _name in units}
        unit_names = {pk: name for pk, _parent, name in units}
    elif parent_by_id is None:
        parent_by_id = unit_parent_map()
    return ConflictMap(juror_units=juror_units, recorded=recorded, parent_by_id=parent_by_id, unit_names=unit_names)


def submission_conflict(
    *, juror: User, submission: Submission, parent_by_id: dict[int, int | None] | None = None
) -> Conflict | None:
    """Why `juror` may not judge `submission`, or None (a few queries; use a ConflictMap for many pairs)."""
    conflict_map = load_conflict_map(juror_ids=[juror.pk], parent_by_id=parent_by_id, with_unit_names=True)
    return conflict_map.conflict_for(juror.pk, submission.pk, submission.unit_id)


def is_conflicted(juror: User, submission: Submission, *, parent_by_id: dict[int, int | None] | None = None) -> bool:
    """Whether `juror` may not judge `submission` (hierarchy, declared or committee conflict)."""
    return submission_conflict(juror=juror, submission=submission, parent_by_id=parent_by_id) is not None


def conflicted_pairs(stage, *, parent_by_id: dict[int, int | None] | None = None) -> dict[tuple[int, int], Conflict]:
    """Every conflicted (juror id, submission id) pair among the stage's jury and the submissions it judges."""
    from judging.selectors import reached_submissions, stage_juror_ids

    juror_ids = stage_juror_ids(stage)
    conflict_map = load_conflict_map(juror_ids=juror_ids, parent_by_id=parent_by_id, with_unit_names=True)
    pairs = {}
    for submission_id, unit_id in reached_submissions(stage).values_list("pk", "unit_id"):
        for juror_id in juror_ids:
            conflict = conflict_map.conflict_for(juror_id, submission_id, unit_id)
            if conflict is not None:
                pairs[(juror_id, submission_id)] = conflict
    return pairs


def _void_conflicted_assignments(*, assignments, reason: str, by: User, now) -> int:
    """Void the given active assignments; their scorecards stay for the record but stop counting."""
    voided = 0
    for assignment in assignments:
        assignment.voided_at = now
        assignment.void_reason = reason
        assignment._change_reason = change_reason(reason)
        assignment._history_user = by
        assignment.save(update_fields=["voided_at", "void_reason"])
        voided += 1
    return voided


@transaction.atomic
def conflict_declare(*, juror: User, assignment: Assignment, reason: str) -> ConflictOfInterest:
    """Let the assigned juror recuse itself from a submission, with a reason.

    The juror's active assignments on that submission (in every stage) are voided with the reason; a
    scorecard already started is kept but no longer counts.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Tuliskan alasan konflik kepentingan.")})
    assignment = Assignment.objects.select_for_update(of=("self",)).select_related("submission").get(pk=assignment.pk)
    if assignment.juror_id != juror.pk:
        raise ValidationError(_("Penugasan ini bukan milik Anda."))
    if assignment.voided_at is not None:
        raise ValidationError(_("Penugasan ini sudah dibatalkan."))
    conflict = ConflictOfInterest(
        juror=juror,
        submission=assignment.submission,
        reason=reason,
        source=ConflictSource.DECLARED,
        created_by=juror,
    )
    conflict.full_clean()
    conflict.save()
    _void_conflicted_assignments(
        assignments=Assignment.objects.filter(juror=juror, submission=assignment.submission, voided_at__isnull=True),
        reason=_("Juri menyatakan konflik kepentingan: %(reason)s") % {"reason": reason},
        by=juror,
        now=timezone.now(),
    )
    return conflict


@transaction.atomic
def conflict_record(
    *, by: User, juror: User, reason: str, submission: Submission | None = None, unit: Unit | None = None
) -> tuple[ConflictOfInterest, int]:
    """Record, for the committee, that `juror` conflicts with a submission or a whole unit.

    Returns the conflict and how many active assignments it voided (on the submission, or on every
    submission of the unit, its parents and its children).
    """
    if not is_committee(by):
        raise ValidationError(_("Hanya panitia yang dapat mencatat konflik kepentingan."))
    reason = (reason or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = _("Tuliskan alasan konflik kepentingan.")
    if submission is None and unit is None:
        errors["submission"] = _("Pilih usulan atau unit yang berkonflik.")
    if submission is not None and unit is not None:
        errors["unit"] = _("Pilih usulan atau unit, tidak keduanya.")
    if errors:
        raise ValidationError(errors)
    conflict = ConflictOfInterest(
        juror=juror,
        submission=submission,
        unit=unit,
        reason=reason,
        source=ConflictSource.COMMITTEE,
        created_by=by,
    )
    conflict.full_clean()
    conflict.save()
    active = Assignment.objects.filter(juror=juror, voided_at__isnull=True)
    if submission is not None:
        active = active.filter(submission=submission)
    else:
        active = active.filter(submission__unit_id__in=unit_family_ids(unit.pk))
    voided = _void_conflicted_assignments(
        assignments=active.select_for_update(of=("self",)),
        reason=_("Konflik kepentingan dicatat panitia: %(reason)s") % {"reason": reason},
        by=by,
        now=timezone.now(),
    )
    return conflict, voided
