"""The jury part of `load_demo`: KIPP 2026's desk-stage panel, its assignments and a mix of scorecards.

juri1..juri5 sit on the desk stage ("Penilaian Proposal"); juri5 belongs to Dinas Pendidikan dan
Kebudayaan, so the schools' submissions show the hierarchy conflict. The automatic assignment runs over
the eligible submissions the submissions demo created, then scorecards are written through the scoring
service: juri1 has some final, one draft and some not started (a demo juror sees every state), the others
differ in progress and severity so the calibration page has something to show. Idempotent: members and
assignments are only added when missing, and a scorecard is only written where none exists.
"""

import hashlib
from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from competitions.enums import StageKind
from judging.models import Assignment, JuryMember, Scorecard
from judging.selectors import stage_criteria
from judging.services.assignment import assignment_auto
from judging.services.scoring import scorecard_save

JURORS = ["juri1", "juri2", "juri3", "juri4", "juri5"]
# Per juror: (share of assignments submitted final, drafts after them, severity in points of 100).
PROGRESS = {
    "juri1": (0.5, 1, 0),
    "juri2": (0.8, 1, -9),
    "juri3": (0.6, 0, 7),
    "juri4": (0.3, 1, 0),
    "juri5": (0.5, 1, 3),
}


def _unit_interval(*parts: str) -> float:
    """A stable pseudo-random number in [0, 1) from the given words (same words, same number)."""
    digest = hashlib.sha256("|".join(parts).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def _score(*, submission, criterion, username: str, severity: int) -> Decimal:
    """A plausible score: the proposal's quality, the juror's severity and a little noise, within the scale."""
    quality = 55 + 35 * _unit_interval(submission.name)
    noise = 12 * (_unit_interval(submission.name, criterion.name, username) - 0.5)
    percent = min(max(quality + noise + severity, 5), 100)
    return (Decimal(criterion.max_score) * Decimal(str(percent)) / 100).quantize(Decimal("1"))


def _desk_stage(competition):
    return competition.stages.filter(kind=StageKind.SCORING).order_by("order").first()


def load(context: dict) -> dict:
    competition = (context.get("competitions") or {}).get(2026)
    people = context.get("people") or {}
    if competition is None:
        return {}
    stage = _desk_stage(competition)
    committee = people.get("panitia")
    jurors = [people[username] for username in JURORS if username in people]
    if stage is None or committee is None or not jurors:
        return {}

    for juror in jurors:
        JuryMember.objects.get_or_create(stage=stage, juror=juror, defaults={"added_by": committee})
    try:
        assignment_auto(stage=stage, by=committee, gaps_only=True)
    except ValidationError:
        return {}  # the stage is already over: keep whatever the earlier run left

    criteria = stage_criteria(stage)
    if not criteria:
        return {}
    now = timezone.now()
    if not stage.is_open_at(now):
        now = min(max(now, stage.opens_at + timedelta(minutes=1)), stage.closes_at - timedelta(minutes=1))
    started = set(Scorecard.objects.filter(assignment__stage=stage).values_list("assignment_id", flat=True))
    for juror in jurors:
        final_share, drafts, severity = PROGRESS.get(juror.username, (0.5, 1, 0))
        assignments = list(
            Assignment.objects.filter(stage=stage, juror=juror, voided_at__isnull=True)
            .select_related("submission")
            .order_by("submission__name", "pk")
        )
        finals = int(len(assignments) * final_share)
        if juror.username == "juri1" and len(assignments) >= 3:
            finals = max(1, min(finals, len(assignments) - 2))  # leave a draft and at least one not started
        for index, assignment in enumerate(assignments):
            if index >= finals + drafts or assignment.pk in started:
                continue
            is_final = index < finals
            scored = criteria if is_final else criteria[: max(1, len(criteria) // 2)]
            values = {
                criterion.pk: _score(
                    submission=assignment.submission, criterion=criterion, username=juror.username, severity=severity
                )
                for criterion in scored
            }
            comments = {scored[0].pk: "Data sebelum dan sesudah inovasi disajikan dengan jelas."} if is_final else {}
            scorecard_save(
                juror=juror,
                assignment=assignment,
                values=values,
                comments=comments,
                overall_note="Inovasi relevan dengan kebutuhan warga." if is_final else "",
                final=is_final,
                now=now,
            )
    return {}
