"""Who scores what: automatic balanced assignment, manual additions and removals, coverage gaps.

The planner (`plan_assignment`) is a pure function of ids, so it is deterministic and testable without a
database; `assignment_auto` feeds it from the database and writes the difference.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_create_with_history

from competitions.models import Stage
from judging.enums import ScorecardStatus
from judging.models import Assignment, Scorecard
from judging.selectors import reached_submissions, stage_juror_ids
from judging.services.conflicts import change_reason, load_conflict_map, submission_conflict
from kipp.models import User
from kipp.rules import is_committee
from submissions.models import Submission


@dataclass
class AssignmentPlan:
    """New (submission id, juror id) pairs to create and, per submission, how many jurors are still missing."""

    pairs: list[tuple[int, int]]
    shortfalls: dict[int, int]
    loads: dict[int, int]


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def plan_assignment(
    *,
    submission_ids: list[int],
    juror_ids: list[int],
    per_submission: int,
    blocked: set[tuple[int, int]] = frozenset(),
    fixed: dict[int, set[int]] | None = None,
    fixed_loads: dict[int, int] | None = None,
) -> AssignmentPlan:
    """Give each submission up to `per_submission` jurors, spreading the work as evenly as possible.

    `blocked` holds (submission id, juror id) pairs that may not be formed (conflicts, pairs the
    committee removed); `fixed` the jurors a submission keeps whatever happens; `fixed_loads` the kept
    assignments per juror (defaults to counting `fixed`).

    1. Coverage: every submission gets min(needed, jurors free of conflict) jurors; nothing else limits
       it, so coverage is as high as it can be.
    2. Greedy fill, most constrained submission first (fewest spare jurors, then id): pick the least
       loaded juror, then the one who has sat on the fewest panels with the jurors already chosen (so
       panels mix and every juror's scores can be compared with many others), then the lowest id.
    3. Balance: while some juror carries two or more assignments than another that could take one,
       move assignments along a shortest chain of jurors (A gives a submission to B, who gives another
       to C ...). Each move lowers the sum of squared loads, so it ends, and when no chain is left the
       loads are as even as the conflicts allow (differing by at most one whenever that is possible).

    Everything iterates over sorted ids; the same input always gives the same pairs.
    """
    fixed = {sub: set(jurors) for sub, jurors in (fixed or {}).items()}
    jurors = sorted(set(juror_ids))
    submissions = sorted(set(submission_ids))
    loads = dict.fromkeys(jurors, 0)
    if fixed_loads is None:
        for kept in fixed.values():
            for juror in kept:
                if juror in loads:
                    loads[juror] += 1
    else:
        for juror, load in fixed_loads.items():
            if juror in loads:
                loads[juror] = load
    together: dict[tuple[int, int], int] = defaultdict(int)
    for kept in fixed.values():
        for a, b in combinations(sorted(kept), 2):
            together[(a, b)] += 1

    assigned = {sub: set(fixed.get(sub, ())) for sub in submissions}
    candidates = {
        sub: [juror for juror in jurors if (sub, juror) not in blocked and juror not in assigned[sub]]
        for sub in submissions
    }
    need = {sub: max(0, per_submission - len(assigned[sub])) for sub in submissions}
    movable: dict[int, list[int]] = defaultdict(list)

    for sub in sorted(submissions, key=lambda s: (len(candidates[s]) - need[s], s)):
        for _slot in range(min(need[sub], len(candidates[sub]))):
            best = min(
                (juror for juror in candidates[sub] if juror not in assigned[sub]),
                key=lambda j, s=sub: (loads[j], sum(together[_pair(j, other)] for other in assigned[s]), j),
            )
            for other in assigned[sub]:
                together[_pair(best, other)] += 1
            assigned[sub].add(best)
            loads[best] += 1
            movable[best].append(sub)

    for juror in movable:
        movable[juror].sort()
    while _rebalance_once(jurors=jurors, loads=loads, movable=movable, candidates=candidates, assigned=assigned):
        pass

    pairs = sorted((sub, juror) for juror, subs in movable.items() for sub in subs)
    shortfalls = {
        sub: per_submission - len(assigned[sub]) for sub in submissions if len(assigned[sub]) < per_submission
    }
    return AssignmentPlan(pairs=pairs, shortfalls=shortfalls, loads=loads)


def _rebalance_once(*, jurors, loads, movable, candidates, assigned) -> bool:
    """Find and apply one chain of moves from a heavy juror to one lighter by two or more; False if none."""
    for source in sorted(jurors, key=lambda j: (-loads[j], j)):
        target_limit = loads[source] - 2
        if target_limit < min(loads.values(), default=0):
            return False
        parent: dict[int, tuple[int, int] | None] = {source: None}
        queue = [source]
        found = None
        while queue and found is None:
            current = queue.pop(0)
            for sub in movable[current]:
                for juror in candidates[sub]:
                    if juror in parent or juror in assigned[sub]:
                        continue
                    parent[juror] = (current, sub)
                    if loads[juror] <= target_limit:
                        found = juror
                        break
                    queue.append(juror)
                if found is not None:
                    break
        if found is None:
            continue
        receiver = found
        while parent[receiver] is not None:
            giver, sub = parent[receiver]
            movable[giver].remove(sub)
            movable[receiver].append(sub)
            movable[receiver].sort()
            assigned[sub].discard(giver)
            assigned[sub].add(receiver)
            receiver = giver
        loads[source] -= 1
        loads[found] += 1
        return True
    return False


@dataclass
class Shortfall:
    submission: Submission
    assigned: int
    needed: int
    conflicted: int
    removed: int
    jury_size: int

    @property
    def message(self) -> str:
        parts = [
            _("Hanya %(assigned)s dari %(needed)s juri yang dibutuhkan.")
            % {"assigned": self.assigned, "needed": self.needed}
        ]
        if self.conflicted:
            parts.append(
                ngettext(
                    "%(count)s juri berkonflik kepentingan.", "%(count)s juri berkonflik kepentingan.", self.conflicted
                )
                % {"count": self.conflicted}
            )
        if self.removed:
            parts.append(
                ngettext("%(count)s juri pernah dicabut.", "%(count)s juri pernah dicabut.", self.removed)
                % {"count": self.removed}
            )
        if self.jury_size < self.needed:
            parts.append(_("Panel tahap ini hanya %(size)s juri; tambah juri.") % {"size": self.jury_size})
        return " ".join(parts)


@dataclass
class Coverage:
    """The stage's assignment board: who scores what, the jurors' loads and the gaps."""

    stage: Stage
    submissions: list = field(default_factory=list)
    jurors: list = field(default_factory=list)
    shortfalls: list[Shortfall] = field(default_factory=list)

    @property
    def load_spread(self) -> int:
        loads = [juror.load for juror in self.jurors]
        return max(loads) - min(loads) if loads else 0

    @property
    def active_count(self) -> int:
        return sum(juror.load for juror in self.jurors)


def stage_coverage(stage: Stage) -> Coverage:
    """Read the stage's board in a fixed number of queries (submissions, assignments, jury, conflicts)."""
    from judging.selectors import assignment_state

    submissions = list(reached_submissions(stage).select_related("unit").order_by("name", "pk"))
    juror_ids = stage_juror_ids(stage)
    jurors = {user.pk: user for user in User.objects.filter(pk__in=juror_ids).select_related("unit")}
    conflict_map = load_conflict_map(juror_ids=juror_ids, with_unit_names=True)
    assignments = list(
        Assignment.objects.filter(stage=stage).select_related("juror", "scorecard").order_by("juror__full_name", "pk")
    )
    by_submission: dict[int, list[Assignment]] = defaultdict(list)
    removed_pairs = set()
    load = defaultdict(int)
    finals = defaultdict(int)
    for assignment in assignments:
        if assignment.voided_at is None:
            assignment.state = assignment_state(assignment)
            by_submission[assignment.submission_id].append(assignment)
            load[assignment.juror_id] += 1
            finals[assignment.juror_id] += assignment.state == ScorecardStatus.FINAL
        else:
            removed_pairs.add((assignment.submission_id, assignment.juror_id))
    per_submission = stage.jurors_per_submission
    coverage = Coverage(stage=stage)
    conflicts_per_juror = defaultdict(int)
    for submission in submissions:
        submission.active_assignments = by_submission.get(submission.pk, [])
        submission.conflict_list = []
        assigned_ids = {a.juror_id for a in submission.active_assignments}
        conflicted = removed = 0
        for juror_id in juror_ids:
            conflict = conflict_map.conflict_for(juror_id, submission.pk, submission.unit_id)
            if conflict is not None:
                conflicted += 1
                conflicts_per_juror[juror_id] += 1
                submission.conflict_list.append((jurors[juror_id], conflict))
            elif (submission.pk, juror_id) in removed_pairs and juror_id not in assigned_ids:
                removed += 1
        submission.shortfall = None
        if len(submission.active_assignments) < per_submission:
            submission.shortfall = Shortfall(
                submission=submission,
                assigned=len(submission.active_assignments),
                needed=per_submission,
                conflicted=conflicted,
                removed=removed,
                jury_size=len(juror_ids),
            )
            coverage.shortfalls.append(submission.shortfall)
        coverage.submissions.append(submission)
    for juror_id in juror_ids:
        juror = jurors[juror_id]
        juror.load = load[juror_id]
        juror.final_count = finals[juror_id]
        juror.conflict_count = conflicts_per_juror[juror_id]
        coverage.jurors.append(juror)
    coverage.jurors.sort(key=lambda user: (str(user).lower(), user.pk))
    return coverage


def _require_committee(by: User) -> None:
    if not is_committee(by):
        raise ValidationError(_("Hanya panitia yang dapat mengatur penugasan juri."))


def _require_assignable(stage: Stage) -> None:
    if not stage.is_scoring:
        raise ValidationError(_("Tahap seleksi administrasi tidak memakai juri."))
    if stage.is_finished_at(timezone.now()):
        raise ValidationError(_("Tahap ini sudah selesai; penugasan tidak dapat diubah lagi."))


@dataclass
class AutoAssignmentResult:
    created: int
    removed: int
    kept: int
    voided_conflicts: int
    shortfalls: dict[int, int]


@transaction.atomic
def assignment_auto(*, stage: Stage, by: User, gaps_only: bool = False) -> AutoAssignmentResult:
    """Assign the stage's jury to the submissions that reached it, `stage.jurors_per_submission` each.

    With `gaps_only`, every active assignment stays and only missing places are filled. Otherwise the
    plan is made afresh: assignments a juror already started (a scorecard exists) stay, the rest follow
    the new plan (unchanged input gives the same plan, so re-running changes nothing). Active
    assignments that have become conflicted are voided in both modes; pairs the committee removed are
    never formed again automatically.
    """
    _require_committee(by)
    stage = Stage.objects.select_for_update().get(pk=stage.pk)
    _require_assignable(stage)
    now = timezone.now()
    submissions = list(reached_submissions(stage).order_by("pk").values_list("pk", "unit_id"))
    unit_of = dict(submissions)
    juror_ids = stage_juror_ids(stage)
    conflict_map = load_conflict_map(juror_ids=juror_ids, with_unit_names=True)
    existing = list(
        Assignment.objects.filter(stage=stage)
        .annotate(started=Exists(Scorecard.objects.filter(assignment=OuterRef("pk"))))
        .select_for_update(of=("self",))
        .order_by("pk")
    )

    blocked = {
        (sub, juror)
        for sub, unit_id in submissions
        for juror in juror_ids
        if conflict_map.is_conflicted(juror, sub, unit_id)
    }
    voided_conflicts = 0
    fixed: dict[int, set[int]] = defaultdict(set)
    fixed_loads: dict[int, int] = defaultdict(int)
    replaceable: dict[tuple[int, int], Assignment] = {}
    for assignment in existing:
        key = (assignment.submission_id, assignment.juror_id)
        if assignment.voided_at is not None:
            blocked.add(key)
            continue
        unit_id = unit_of.get(assignment.submission_id)
        if unit_id is not None and key in blocked:
            conflict = conflict_map.conflict_for(assignment.juror_id, assignment.submission_id, unit_id)
            assignment.voided_at = now
            assignment.void_reason = _("Konflik kepentingan: %(reason)s") % {"reason": conflict.reason}
            assignment._change_reason = change_reason(assignment.void_reason)
            assignment._history_user = by
            assignment.save(update_fields=["voided_at", "void_reason"])
            voided_conflicts += 1
            continue
        if gaps_only or assignment.started:
            fixed[assignment.submission_id].add(assignment.juror_id)
            fixed_loads[assignment.juror_id] += 1
        else:
            replaceable[key] = assignment

    plan = plan_assignment(
        submission_ids=list(unit_of),
        juror_ids=juror_ids,
        per_submission=stage.jurors_per_submission,
        blocked=blocked,
        fixed=fixed,
        fixed_loads=fixed_loads,
    )
    planned = set(plan.pairs)
    to_remove = [assignment.pk for key, assignment in replaceable.items() if key not in planned]
    to_create = [
        Assignment(stage=stage, submission_id=sub, juror_id=juror, created_by=by)
        for sub, juror in plan.pairs
        if (sub, juror) not in replaceable
    ]
    if to_remove:
        Assignment.objects.filter(pk__in=to_remove).delete()
    if to_create:
        bulk_create_with_history(to_create, Assignment, default_user=by, default_change_reason=_("Penugasan otomatis"))
    return AutoAssignmentResult(
        created=len(to_create),
        removed=len(to_remove),
        kept=len(replaceable) - len(to_remove) + sum(fixed_loads.values()),
        voided_conflicts=voided_conflicts,
        shortfalls=plan.shortfalls,
    )


@transaction.atomic
def assignment_add(*, stage: Stage, submission: Submission, juror: User, by: User) -> Assignment:
    """Assign one juror by hand: refused when the juror is not on the panel, conflicted or already assigned."""
    _require_committee(by)
    stage = Stage.objects.select_for_update().get(pk=stage.pk)
    _require_assignable(stage)
    errors = {}
    if not stage.jury_members.filter(juror=juror).exists():
        errors["juror"] = _("Juri ini bukan anggota panel tahap ini.")
    if not reached_submissions(stage).filter(pk=submission.pk).exists():
        errors["submission"] = _("Usulan ini tidak berada pada tahap ini.")
    if errors:
        raise ValidationError(errors)
    conflict = submission_conflict(juror=juror, submission=submission)
    if conflict is not None:
        raise ValidationError(
            {
                "juror": _("Juri ini berkonflik kepentingan dengan usulan ini (%(source)s): %(reason)s")
                % {"source": conflict.label, "reason": conflict.reason}
            }
        )
    assignment = (
        Assignment.objects.select_for_update(of=("self",))
        .filter(stage=stage, submission=submission, juror=juror)
        .first()
    )
    if assignment is not None and assignment.voided_at is None:
        raise ValidationError({"juror": _("Juri ini sudah ditugaskan pada usulan ini.")})
    if assignment is not None:
        assignment.voided_at = None
        assignment.void_reason = ""
        assignment._change_reason = _("Ditugaskan kembali oleh panitia")
        assignment._history_user = by
        assignment.save(update_fields=["voided_at", "void_reason"])
        return assignment
    assignment = Assignment(stage=stage, submission=submission, juror=juror, created_by=by)
    assignment.full_clean()
    assignment._change_reason = _("Ditugaskan oleh panitia")
    assignment.save()
    return assignment


@transaction.atomic
def assignment_remove(*, assignment: Assignment, by: User, reason: str = "") -> Assignment:
    """Withdraw an assignment: it is voided, never deleted, so a started scorecard keeps its history."""
    _require_committee(by)
    assignment = Assignment.objects.select_for_update(of=("self",)).select_related("stage").get(pk=assignment.pk)
    if assignment.voided_at is not None:
        raise ValidationError(_("Penugasan ini sudah dibatalkan."))
    if assignment.stage.closed_at is not None:
        raise ValidationError(_("Tahap ini sudah ditutup; penugasan tidak dapat diubah lagi."))
    assignment.voided_at = timezone.now()
    assignment.void_reason = (reason or "").strip() or _("Dicabut oleh panitia")
    assignment._change_reason = change_reason(assignment.void_reason)
    assignment._history_user = by
    assignment.save(update_fields=["voided_at", "void_reason"])
    return assignment
