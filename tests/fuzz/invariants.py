"""What must hold in the database after any request, however hostile: checked after every fuzzed example.

Each check reads whole tables (the worlds of the fuzz tests are small) and fails with the offending row.
"""

from collections import defaultdict
from contextlib import contextmanager
from decimal import Decimal

from django.apps import apps
from django.db import models, transaction

from competitions.enums import StageKind
from competitions.models import AwardTier, Competition, Criterion, RubricLevel, Stage
from judging.enums import ScorecardStatus
from judging.models import Assignment, ConflictOfInterest, PublishedEntry, Score, Scorecard, StageAdvancement
from kipp.models import Unit, User
from submissions.enums import SubmissionStatus
from submissions.models import Submission
from submissions.windows import COUNTED_STATUSES

CHECKED_APPS = ("kipp", "competitions", "submissions", "judging")


@contextmanager
def rolled_back():
    """Run one example inside a transaction that is always rolled back, so examples never see each other."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def _text_models(app_labels) -> list:
    return [model for model in apps.get_models() if model._meta.app_label in app_labels]


def assert_answered(response, allowed=frozenset({200, 302})) -> None:
    """The request was answered (no 500) with an expected status, and not by sending the user to log in."""
    assert response.status_code in allowed, response.status_code
    if response.status_code == 302:
        assert not response["Location"].startswith("/accounts/login/"), response["Location"]


def text_is_storable(app_labels=CHECKED_APPS) -> None:
    """No stored text holds NUL or exceeds its column (PostgreSQL refuses both; SQLite would keep them).

    Historical tables are included: a user's reason copied into a change reason is text too.
    """
    for model in _text_models(app_labels):
        fields = [f for f in model._meta.concrete_fields if isinstance(f, models.CharField | models.TextField)]
        if not fields:
            continue
        for row in model._default_manager.values_list("pk", *[f.attname for f in fields]):
            for field, value in zip(fields, row[1:], strict=True):
                if value is None:
                    continue
                where = f"{model._meta.label}#{row[0]}.{field.name}"
                assert "\x00" not in value, f"NUL stored in {where}"
                if field.max_length is not None and isinstance(field, models.CharField):
                    assert len(value) <= field.max_length, f"{len(value)} characters stored in {where}"


def competitions_are_consistent() -> None:
    for competition in Competition.objects.all():
        assert 2000 <= competition.year <= 2100, competition.year
        assert 1 <= competition.top_n <= 500, competition.top_n
        assert competition.max_submissions_per_unit >= 1
        assert competition.submission_closes_at > competition.submission_opens_at
        assert competition.title.strip()
        limits = competition.word_limits
        assert isinstance(limits, dict), limits
        assert all(isinstance(v, int) and 10 <= v <= 5000 for v in limits.values()), limits
    for tier in AwardTier.objects.select_related("competition"):
        assert 1 <= tier.first_place <= tier.last_place <= tier.competition.top_n, tier
    stages_by_competition = defaultdict(list)
    for stage in Stage.objects.all():
        assert Decimal(0) <= stage.weight <= Decimal(100), stage.weight
        assert stage.closes_at > stage.opens_at, stage
        assert 1 <= stage.jurors_per_submission <= 20, stage.jurors_per_submission
        if stage.kind != StageKind.SCORING:
            assert stage.weight == 0, stage
        stages_by_competition[stage.competition_id].append(stage)
    for stages in stages_by_competition.values():
        scoring = [stage for stage in stages if stage.kind == StageKind.SCORING]
        if scoring:
            assert sum(stage.weight for stage in scoring) == 100, [(s.name, s.weight) for s in scoring]
        orders = [stage.order for stage in stages]
        assert len(orders) == len(set(orders)), orders
    weights = defaultdict(Decimal)
    for criterion in Criterion.objects.all():
        assert Decimal("0") < criterion.weight <= Decimal("100"), criterion.weight
        assert 1 <= criterion.max_score <= 1000, criterion.max_score
        assert criterion.name.strip(), criterion.pk
        weights[criterion.stage_id] += criterion.weight
    assert all(total == 100 for total in weights.values()), dict(weights)
    for level in RubricLevel.objects.select_related("criterion"):
        assert 0 <= level.min_score <= level.max_score <= level.criterion.max_score, level


def submissions_are_consistent() -> None:
    counted = defaultdict(int)
    for submission in Submission.objects.select_related("competition"):
        assert submission.name, submission.pk
        assert submission.name == submission.name.strip(), repr(submission.name)
        assert submission.sdgs == sorted(set(submission.sdgs)), submission.sdgs
        assert all(isinstance(goal, int) and 1 <= goal <= 17 for goal in submission.sdgs), submission.sdgs
        for url in (submission.video_url, submission.application_url):
            assert url == "" or url.startswith(("http://", "https://")), url
        assert submission.version >= 1
        assert submission.status in SubmissionStatus.values
        if submission.status in COUNTED_STATUSES:
            counted[(submission.competition_id, submission.unit_id)] += 1
    limits = dict(Competition.objects.values_list("pk", "max_submissions_per_unit"))
    for (competition_id, unit_id), count in counted.items():
        assert count <= limits[competition_id], (competition_id, unit_id, count)


def judging_is_consistent() -> None:
    for score in Score.objects.select_related("criterion", "scorecard__assignment"):
        assert score.criterion.stage_id == score.scorecard.assignment.stage_id, score.pk
        if score.value is not None:
            assert Decimal(0) <= score.value <= score.criterion.max_score, (score.value, score.criterion.max_score)
            assert score.value == score.value.quantize(Decimal("0.01")), score.value
    criteria_of = defaultdict(set)
    for criterion_id, stage_id in Criterion.objects.values_list("pk", "stage_id"):
        criteria_of[stage_id].add(criterion_id)
    scored = defaultdict(set)
    for scorecard_id, criterion_id in Score.objects.filter(value__isnull=False).values_list(
        "scorecard_id", "criterion_id"
    ):
        scored[scorecard_id].add(criterion_id)
    for card in Scorecard.objects.select_related("assignment"):
        assert card.version >= 1
        if card.status == ScorecardStatus.FINAL:
            assert card.submitted_at is not None, card.pk
            assert scored[card.pk] == criteria_of[card.assignment.stage_id], card.pk
    assert not conflicted_active_assignments()
    for entry in PublishedEntry.objects.all():
        assert entry.rank >= 1
        assert Decimal(0) <= entry.score <= Decimal(100), entry.score
    for advancement in StageAdvancement.objects.exclude(stage_score=None):
        assert Decimal(0) <= advancement.stage_score <= Decimal(100), advancement.stage_score


def _family(unit_id: int, parents: dict[int, int | None]) -> set[int]:
    """The unit, its ancestors and its descendants (written here again, independently of the app)."""
    ancestors = {unit_id}
    current = parents.get(unit_id)
    while current is not None and current not in ancestors:
        ancestors.add(current)
        current = parents.get(current)
    descendants = {unit_id}
    grew = True
    while grew:
        grew = False
        for child, parent in parents.items():
            if parent in descendants and child not in descendants:
                descendants.add(child)
                grew = True
    return ancestors | descendants


def conflicted_active_assignments() -> list[int]:
    """Active assignments whose juror conflicts with the submission (recorded, or by the unit tree)."""
    parents = dict(Unit.objects.values_list("pk", "parent_id"))
    juror_units = dict(User.objects.exclude(unit=None).values_list("pk", "unit_id"))
    recorded = list(ConflictOfInterest.objects.values_list("juror_id", "submission_id", "unit_id"))
    found = []
    for pk, juror_id, submission_id, unit_id in Assignment.objects.filter(voided_at__isnull=True).values_list(
        "pk", "juror_id", "submission_id", "submission__unit_id"
    ):
        own = juror_units.get(juror_id)
        if (own is not None and unit_id in _family(own, parents)) or (
            any(
                j == juror_id and (s == submission_id or (u is not None and unit_id in _family(u, parents)))
                for j, s, u in recorded
            )
        ):
            found.append(pk)
    return found


def submissions_area() -> None:
    text_is_storable(("submissions",))
    submissions_are_consistent()


def competitions_area() -> None:
    text_is_storable(("competitions",))
    competitions_are_consistent()


def judging_area() -> None:
    # Closing a stage and publishing also change submissions (status, stage) and record their history.
    text_is_storable(("judging", "kipp", "submissions"))
    judging_is_consistent()
