"""The database ranking (`judging.ranking.competition_ranking`) against a short reference written here
from ARCHITECTURE.md "Ranking, stated once", on random small competitions.

The reference, in exact fractions, rounded half-up to 4 places where the ranking module's docstring
says the app rounds:
- a juror's total for a submission in a stage is Σ weight × score / max score (0–100), rounded;
- only final scorecards of assignments that are not voided count, and never a juror in conflict with
  the submission (recorded on the submission, on its unit or a unit above or below it, or the juror's
  own unit in the same line of the organisation chart): a recusal removes the juror from the mean;
- the stage score is the mean of the counted totals (rounded); none counted: no stage score;
- the final score, for submissions that reached the last scoring stage, is Σ stage weight × stage score
  / 100 (rounded), a missing stage score adding nothing;
- order: submissions that reached the last stage first; among them the final score, then the mean of
  the last stage's highest-weight criterion on 0–100 (same jurors), then the last stage score, then
  earlier stage scores (latest first); the others by the stage they reached, its score, then earlier
  stages. Equal on every level: the same rank (1 + the number strictly ahead).
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import pytest
from django.db.models import F
from django.utils import timezone
from hypothesis import event, given, settings
from hypothesis import strategies as st

from competitions.enums import RankingMethod, StageKind
from competitions.models import Criterion, Stage
from judging.enums import ConflictSource, ScorecardStatus
from judging.models import Assignment, ConflictOfInterest, Score, Scorecard
from judging.ranking import competition_ranking
from judging.selectors import scorecard_scores
from judging.services.scoring import refresh_stored_totals, scorecard_total
from judging.totals import juror_total_e4
from kipp.models import Unit, User
from submissions.enums import SubmissionStatus
from submissions.models import Submission
from tests.factories import CompetitionFactory, JurorFactory, UnitFactory
from tests.fuzz.invariants import rolled_back
from tests.fuzz.profiles import ranking_examples
from tests.fuzz.reference import round4

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

# Units: 0 is a dinas with 1–3 under it; 4–8 stand alone. Submissions come from 1–8.
UNIT_COUNT = 9
PARENT, CHILDREN = 0, (1, 2, 3)
MAX_JURORS = 6
RANKED = [SubmissionStatus.ELIGIBLE, SubmissionStatus.FINALIST, SubmissionStatus.WINNER]
MAX_SCORES = [1, 3, 5, 7, 10, 20, 25, 50, 100, 1000]
NOT_RANKED = [SubmissionStatus.SUBMITTED, SubmissionStatus.INELIGIBLE, SubmissionStatus.WITHDRAWN]


@dataclass(frozen=True)
class Card:
    stage: int
    submission: int
    juror: int
    voided: bool
    state: str  # "final", "draft" or "none" (assigned, nothing saved)
    values: tuple  # one Decimal (or None on a draft) per criterion of the stage


@dataclass(frozen=True)
class Plan:
    stage_weights: tuple  # Decimal per scoring stage, in order
    criteria: tuple  # per stage: ((weight, max score), ...)
    submissions: tuple  # (status, unit index, reached the last stage)
    juror_units: tuple  # unit index or None per juror
    cards: tuple
    conflicts: tuple  # (juror, submission index or None, unit index or None)
    # How final scorecards carry their total (Scorecard.total_e4): "none" (rows written around the service:
    # summed from the scores), "saved" (as scorecard_save stores it), "refreshed" (refresh_stored_totals),
    # "emptied" (saved, then every other one's scores rewritten as they were: the triggers empty its total).
    stored: str = "none"


STORED = ("none", "saved", "refreshed", "emptied")


def weights_summing_to_100(count: int):
    """`count` positive weights with two decimals that add up to exactly 100."""
    return (
        st.lists(st.integers(1, 9999), min_size=count - 1, max_size=count - 1, unique=True)
        .map(lambda cuts: [0, *sorted(cuts), 10000])
        .map(lambda edges: tuple(Decimal(b - a) / 100 for a, b in zip(edges, edges[1:], strict=False)))
    )


@st.composite
def plans(draw) -> Plan:
    stage_count = draw(st.integers(1, 2), label="stages")
    stage_weights = draw(weights_summing_to_100(stage_count)) if stage_count == 2 else (Decimal(100),)
    criteria = []
    for _ in range(stage_count):
        count = draw(st.integers(2, 6))
        equal = tuple((Decimal(100) / count).quantize(Decimal("0.01")) for _ in range(count))
        # Equal weights (then the tie-break criterion is the first in order) or random ones.
        weights = equal if sum(equal) == 100 and draw(st.booleans()) else draw(weights_summing_to_100(count))
        maxima = draw(st.lists(st.sampled_from(MAX_SCORES), min_size=count, max_size=count))
        criteria.append(tuple(zip(weights, maxima, strict=True)))
    coarse = draw(st.booleans(), label="coarse scores (many exact ties)")
    submissions = []
    for _ in range(draw(st.integers(3, 12), label="submissions")):
        reached = stage_count == 1 or draw(st.booleans())
        status = draw(st.sampled_from(RANKED if stage_count == 1 else RANKED[1:] if reached else RANKED[:1]))
        submissions.append((status, draw(st.integers(1, UNIT_COUNT - 1)), reached))
    for _ in range(draw(st.integers(0, 2), label="not ranked")):
        submissions.append((draw(st.sampled_from(NOT_RANKED)), draw(st.integers(1, UNIT_COUNT - 1)), False))
    juror_count = draw(st.integers(3, MAX_JURORS), label="jurors")
    juror_units = tuple(
        draw(st.one_of(st.none(), st.none(), st.integers(0, UNIT_COUNT - 1))) for _ in range(juror_count)
    )

    def values(stage: int, state: str):
        result = []
        for _weight, maximum in criteria[stage]:
            if state == "draft" and draw(st.booleans()):
                result.append(None)
            elif coarse:
                result.append(Decimal(draw(st.sampled_from([0, maximum // 2, maximum]))))
            else:
                result.append(Decimal(draw(st.integers(0, maximum * 100))) / 100)
        return tuple(result)

    cards = []
    for stage in range(stage_count):
        last = stage == stage_count - 1
        made: dict[int, list[Card]] = {}
        for index, (_status, _unit, reached) in enumerate(submissions):
            if last and stage_count == 2 and not reached:
                continue
            earlier = [i for i in made if made[i]]
            if earlier and draw(st.integers(0, 3)) == 0:  # an exact copy of another submission's scorecards
                source = draw(st.sampled_from(earlier))
                made[index] = [Card(stage, index, c.juror, c.voided, c.state, c.values) for c in made[source]]
                continue
            made[index] = []
            for juror in range(juror_count):
                if not draw(st.integers(0, 4)):
                    continue  # not assigned
                state = draw(st.sampled_from(["final"] * 6 + ["draft", "none"]))
                voided = draw(st.integers(0, 7)) == 0
                made[index].append(Card(stage, index, juror, voided, state, values(stage, state)))
        cards.extend(card for group in made.values() for card in group)
    conflicts = []
    for _ in range(draw(st.integers(0, 3), label="recorded conflicts")):
        juror = draw(st.integers(0, juror_count - 1))
        if draw(st.booleans()):
            conflicts.append((juror, draw(st.integers(0, len(submissions) - 1)), None))
        else:
            conflicts.append((juror, None, draw(st.integers(0, UNIT_COUNT - 1))))
    stored = draw(st.sampled_from(STORED), label="stored totals")
    return Plan(
        tuple(stage_weights), tuple(criteria), tuple(submissions), juror_units, tuple(cards), tuple(conflicts), stored
    )


# ---------------------------------------------------------------------------------------------------------
# The reference


def family(unit: int) -> set[int]:
    if unit == PARENT:
        return {PARENT, *CHILDREN}
    if unit in CHILDREN:
        return {unit, PARENT}
    return {unit}


def conflicted(plan: Plan, juror: int, submission: int) -> bool:
    unit = plan.submissions[submission][1]
    own = plan.juror_units[juror]
    if own is not None and unit in family(own):
        return True
    for who, on_submission, on_unit in plan.conflicts:
        if who != juror:
            continue
        if on_submission == submission or (on_unit is not None and unit in family(on_unit)):
            return True
    return False


def reference_ranking(plan: Plan) -> dict[int, tuple[dict[int, Decimal | None], Decimal | None, int]]:
    """Per submission index: (stage scores by stage index, final score or None, rank)."""
    last = len(plan.stage_weights) - 1
    counted: dict[tuple[int, int], list[Card]] = {}
    for card in plan.cards:
        if card.state == "final" and not card.voided and not conflicted(plan, card.juror, card.submission):
            counted.setdefault((card.stage, card.submission), []).append(card)

    def juror_total(card: Card) -> Decimal:
        total = sum(
            (Fraction(w) * Fraction(v) / m for (w, m), v in zip(plan.criteria[card.stage], card.values, strict=True)),
            Fraction(0),
        )
        return round4(total)

    minus = Decimal("-Infinity")
    tiebreak = max(range(len(plan.criteria[last])), key=lambda i: (plan.criteria[last][i][0], -i))
    tiebreak_max = plan.criteria[last][tiebreak][1]
    results = {}
    keys = {}
    for index, (status, _unit, reached) in enumerate(plan.submissions):
        if status not in RANKED:
            continue
        scores = {}
        for stage in range(len(plan.stage_weights)):
            totals = [Fraction(juror_total(card)) for card in counted.get((stage, index), [])]
            scores[stage] = round4(sum(totals, Fraction(0)) / len(totals)) if totals else None
        if reached:
            weighted = [Fraction(w) * Fraction(scores[s]) for s, w in enumerate(plan.stage_weights) if scores[s]]
            # No final score until the last stage has one (never a sum of the earlier stages alone).
            final = None if scores[last] is None else round4(sum(weighted, Fraction(0)) / 100)
            cards = counted.get((last, index), [])
            marks = [round4(Fraction(card.values[tiebreak]) * 100 / tiebreak_max) for card in cards]
            criterion_mean = round4(sum(map(Fraction, marks), Fraction(0)) / len(marks)) if marks else minus
            last_score = minus if scores[last] is None else scores[last]
            earlier = [minus if scores[s] is None else scores[s] for s in reversed(range(last))]
            keys[index] = (1, last, minus if final is None else final, criterion_mean, last_score, *earlier)
        else:
            final = None
            reached_stage = 0  # with two stages, a submission that did not reach the last is at the first
            keys[index] = (0, reached_stage, minus if scores[0] is None else scores[0])
        results[index] = (scores, final)
    ranked = {}
    for index, key in keys.items():
        ahead = sum(1 for other in keys.values() if other > key)
        ranked[index] = (*results[index], ahead + 1)
    return ranked


# ---------------------------------------------------------------------------------------------------------
# Into the database


@pytest.fixture
def people(db):
    """Units (a dinas with three units under it, five more) and the jurors, made once per test."""
    parent = UnitFactory(name="Dinas Pendidikan")
    units = [parent] + [UnitFactory(parent=parent) for _ in CHILDREN]
    units += [UnitFactory() for _ in range(UNIT_COUNT - len(units))]
    return units, [JurorFactory() for _ in range(MAX_JURORS)]


def build(plan: Plan, units: list[Unit], jurors: list[User]):
    """Write `plan` into the database; return the competition and submission ids by index."""
    now = timezone.now()
    competition = CompetitionFactory(
        year=2050,
        ranking_method=RankingMethod.RAW_MEAN,
        submission_opens_at=now - dt.timedelta(days=90),
        submission_closes_at=now - dt.timedelta(days=60),
    )
    stages = []
    for order, weight in enumerate(plan.stage_weights, start=1):
        stages.append(
            Stage.objects.create(
                competition=competition,
                order=order,
                name=f"Tahap {order}",
                kind=StageKind.SCORING,
                weight=weight,
                opens_at=now - dt.timedelta(days=50 - 10 * order),
                closes_at=now - dt.timedelta(days=45 - 10 * order),
            )
        )
    criteria = [
        Criterion.objects.bulk_create(
            Criterion(stage=stage, order=i, name=f"Kriteria {i}", weight=weight, max_score=maximum)
            for i, (weight, maximum) in enumerate(plan.criteria[stage_index])
        )
        for stage_index, stage in enumerate(stages)
    ]
    for juror, unit in zip(jurors, plan.juror_units, strict=False):
        User.objects.filter(pk=juror.pk).update(unit=None if unit is None else units[unit])
    submissions = Submission.objects.bulk_create(
        Submission(
            competition=competition,
            unit=units[unit],
            name=f"INOVASI {index}",
            status=status,
            stage=stages[-1] if reached else stages[0],
        )
        for index, (status, unit, reached) in enumerate(plan.submissions)
    )
    assignments = Assignment.objects.bulk_create(
        Assignment(
            stage=stages[card.stage],
            submission=submissions[card.submission],
            juror=jurors[card.juror],
            voided_at=now if card.voided else None,
        )
        for card in plan.cards
    )
    saved = [(card, row) for card, row in zip(plan.cards, assignments, strict=True) if card.state != "none"]
    scorecards = Scorecard.objects.bulk_create(
        Scorecard(
            assignment=assignment,
            status=ScorecardStatus.FINAL if card.state == "final" else ScorecardStatus.DRAFT,
            submitted_at=now if card.state == "final" else None,
        )
        for card, assignment in saved
    )
    Score.objects.bulk_create(
        Score(scorecard=scorecard, criterion=criterion, value=value)
        for (card, _assignment), scorecard in zip(saved, scorecards, strict=True)
        for criterion, value in zip(criteria[card.stage], card.values, strict=True)
        if value is not None
    )
    store_totals(plan, criteria, saved, scorecards, [stage.pk for stage in stages])
    ConflictOfInterest.objects.bulk_create(
        ConflictOfInterest(
            juror=jurors[juror],
            submission=None if submission is None else submissions[submission],
            unit=None if unit is None else units[unit],
            reason="Acak",
            source=ConflictSource.COMMITTEE,
        )
        for juror, submission, unit in plan.conflicts
    )
    return competition, [submission.pk for submission in submissions], [stage.pk for stage in stages]


def store_totals(plan: Plan, criteria, saved, scorecards, stage_ids) -> None:
    """Give the final scorecards their stored totals as `plan.stored` says."""
    if plan.stored == "refreshed":
        refresh_stored_totals(stage_ids)
        return
    if plan.stored == "none":
        return
    finals = [
        (card, scorecard)
        for (card, _assignment), scorecard in zip(saved, scorecards, strict=True)
        if card.state == "final"
    ]
    for card, scorecard in finals:
        scorecard.total_e4 = juror_total_e4(
            (value, c.weight, c.max_score) for value, c in zip(card.values, criteria[card.stage], strict=True)
        )
    Scorecard.objects.bulk_update([scorecard for _card, scorecard in finals], ["total_e4"])
    if plan.stored == "emptied":
        for _card, scorecard in finals[::2]:
            # A wrong total, then a score write by another path: the trigger must empty it.
            Scorecard.objects.filter(pk=scorecard.pk).update(total_e4=123_456)
            Score.objects.filter(scorecard=scorecard).update(value=F("value"))


@settings(max_examples=ranking_examples())
@given(plan=plans())
def test_database_ranking_equals_the_reference(people, plan):
    units, jurors = people
    expected = reference_ranking(plan)

    with rolled_back():
        competition, submission_ids, stage_ids = build(plan, units, jurors)
        result = competition_ranking(competition)

    index_of = {pk: index for index, pk in enumerate(submission_ids)}
    actual = {
        index_of[entry.submission_id]: (
            {stage_ids.index(stage_id): score for stage_id, score in entry.stage_scores.items()},
            entry.final_score,
            entry.rank,
        )
        for entry in result.entries
    }
    assert actual == expected
    ranks = [rank for _scores, _final, rank in expected.values()]
    event(f"stages: {len(plan.stage_weights)}")
    event("shared rank" if len(ranks) != len(set(ranks)) else "no shared rank")
    event("with a recusal" if result.excluded_for_conflict else "without recusal")
    event(f"stored totals: {plan.stored}")
    event("with a voided scorecard" if any(c.voided and c.state == "final" for c in plan.cards) else "nothing voided")


def test_juror_total_shown_on_the_scorecard_equals_the_total_the_ranking_counts(people):
    units, jurors = people
    plan = Plan(
        stage_weights=(Decimal(100),),
        criteria=(((Decimal("12.5"), 100), (Decimal("87.5"), 100)),),
        submissions=((SubmissionStatus.ELIGIBLE, 4, True),),
        juror_units=(None,),
        cards=(Card(0, 0, 0, voided=False, state="final", values=(Decimal("33.33"), Decimal(0))),),
        conflicts=(),
    )
    competition, _submissions, [stage_id] = build(plan, units, jurors)
    card = Scorecard.objects.get()

    shown = scorecard_total(list(Criterion.objects.filter(stage_id=stage_id)), scorecard_scores(card))
    [entry] = competition_ranking(competition).entries

    assert entry.juror_totals[stage_id] == [(jurors[0].pk, shown)]
