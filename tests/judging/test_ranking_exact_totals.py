"""Juror totals read as exact integers of ten-thousandths (judging.totals.juror_total_e4_expression): the same
numbers on SQLite and PostgreSQL, equal to exact fractions rounded half-up, and to what the juror is shown."""

from decimal import Decimal as D
from fractions import Fraction

import pytest

from competitions.models import Criterion
from judging import totals as totals_module
from judging.models import Assignment, Scorecard
from judging.ranking import (
    RankingData,
    ScaledTotals,
    StageRow,
    SubmissionRow,
    _half_up_div,
    competition_ranking,
    compute_ranking,
    ranking_data,
)
from judging.selectors import scorecard_scores
from judging.services.scoring import scorecard_total
from judging.totals import (
    common_denominator,
    exact_e4_fits,
    from_e4,
    juror_total,
    juror_total_e4_expression,
    to_e4,
)
from tests.fuzz.reference import juror_total as exact_total
from tests.judging.results_factories import jurors, past_competition, scorecard, scoring_stage, submission

# Weights with decimals, max scores whose common multiple is 2,100 and a third (7) that never terminates.
CRITERIA = [("12.50", 100), ("50.25", 3), ("37.25", 7)]
CARDS = [
    ["33.33", "0", "0"],  # 12.5 × 33.33 / 100 = 4.16625 exactly: a half, rounded up to 4.1663
    ["99.99", "2.99", "6.99"],
    ["0.01", "0.01", "0.01"],
    ["50", "1.5", "3.5"],
    ["100", "3", "7"],  # every maximum: 100.0000
]


@pytest.mark.django_db
def test_totals_are_exact_ten_thousandths_rounded_half_up():
    competition = past_competition(top_n=1)
    stage, criteria = scoring_stage(competition, order=1, weight=100, criteria=CRITERIA, closed=True)
    entry = submission(competition, stage=stage)
    panel = jurors(len(CARDS))
    for juror, values in zip(panel, CARDS, strict=True):
        scorecard(stage, entry, juror, [D(v) for v in values], criteria=criteria)
    expected = {
        juror.pk: exact_total([(D(v), D(w), m) for v, (w, m) in zip(values, CRITERIA, strict=True)])
        for juror, values in zip(panel, CARDS, strict=True)
    }
    assert expected[panel[0].pk] == D("4.1663")
    assert expected[panel[-1].pk] == D("100.0000")

    data = ranking_data(competition)

    assert all(type(total) is int for *_ids, total in data.totals_e4)
    assert {juror_id: from_e4(total) for _s, _e, juror_id, total in data.totals_e4} == expected
    assert isinstance(data.totals, ScaledTotals)
    assert sorted((j, t) for _s, _e, j, t in data.totals) == sorted(expected.items())
    # What the juror is shown (the scorecard page) is what the ranking counts.
    criterion_rows = list(Criterion.objects.filter(stage=stage))
    for card in Scorecard.objects.filter(assignment__stage=stage).select_related("assignment"):
        assert scorecard_total(criterion_rows, scorecard_scores(card)) == expected[card.assignment.juror_id]
    [ranked] = competition_ranking(competition).entries
    assert ranked.juror_totals[stage.pk] == sorted(expected.items())
    # Stage score: the exact mean of the five totals, half-up.
    mean = sum((Fraction(t) for t in expected.values()), Fraction(0)) / len(expected)
    assert ranked.final_score == D(_half_up_div(mean.numerator * 10000, mean.denominator)).scaleb(-4)


@pytest.mark.django_db
def test_the_decimal_fallback_reads_the_same_totals(monkeypatch):
    competition = past_competition(top_n=1)
    stage, criteria = scoring_stage(competition, order=1, weight=100, criteria=CRITERIA, closed=True)
    entry = submission(competition, stage=stage)
    for juror, values in zip(jurors(len(CARDS)), CARDS, strict=True):
        scorecard(stage, entry, juror, [D(v) for v in values], criteria=criteria)
    exact = sorted(ranking_data(competition).totals_e4)

    monkeypatch.setattr(totals_module, "exact_e4_fits", lambda denominator, criteria: False)
    Scorecard.objects.update(total_e4=None)  # summed from the scores, not read as stored

    assert sorted(ranking_data(competition).totals_e4) == exact


@pytest.mark.django_db
def test_the_per_criterion_case_reads_the_same_totals_as_the_join_to_the_criteria():
    """The ranking's aggregate picks w × (D / max score) per criterion id (a CASE built from the criteria it
    has read) instead of joining the criteria: the same integers, two stages with different criteria."""
    competition = past_competition(top_n=1)
    first, first_criteria = scoring_stage(competition, order=1, weight=60, criteria=CRITERIA, closed=True)
    second, second_criteria = scoring_stage(
        competition, order=2, weight=40, criteria=[("60", 10), ("40", 100)], closed=True
    )
    entry = submission(competition, stage=second, status="finalist")
    panel = jurors(len(CARDS))
    for juror, values in zip(panel, CARDS, strict=True):
        scorecard(first, entry, juror, [D(v) for v in values], criteria=first_criteria)
        scorecard(second, entry, juror, [D("9.99"), D(values[0])], criteria=second_criteria)
    rows = [(c.pk, c.weight, c.max_score) for c in Criterion.objects.filter(stage__competition=competition)]
    denominator = common_denominator(m for _pk, _w, m in rows)
    assignments = Assignment.objects.filter(stage__competition=competition).values("id").order_by("id")

    def totals(**kwargs):
        expression = juror_total_e4_expression(denominator, "scorecard__scores__", **kwargs)
        return list(assignments.annotate(total=expression).values_list("id", "total"))

    joined = totals()
    assert totals(criteria=rows) == joined
    assert len(joined) == 2 * len(CARDS)
    assert sorted(ranking_data(competition).totals_e4) == sorted(
        (
            stage.pk,
            entry.pk,
            juror.pk,
            to_e4(exact_total([(D(v), D(w), m) for v, (w, m) in zip(vs, crit, strict=True)])),
        )
        for stage, crit, cards in (
            (first, CRITERIA, CARDS),
            (second, [("60", 10), ("40", 100)], [["9.99", values[0]] for values in CARDS]),
        )
        for juror, vs in zip(panel, cards, strict=True)
    )


def test_common_denominator_and_its_limit():
    assert common_denominator([100, 3, 7]) == 2100
    assert common_denominator([]) == 1
    assert exact_e4_fits(common_denominator([1, 3, 5, 7, 10, 20, 25, 50, 100, 1000]), 6)
    assert not exact_e4_fits(common_denominator([997, 991, 983, 977]), 4)


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [(5, 2, 3), (3, 2, 2), (7, 3, 2), (8, 3, 3), (0, 7, 0), (-5, 2, -3), (-7, 3, -2), (-1, 3, 0), (10, 5, 2)],
)
def test_half_up_division_rounds_halves_away_from_zero(numerator, denominator, expected):
    assert _half_up_div(numerator, denominator) == expected


def test_the_python_total_rounds_half_up_like_the_ranking():
    assert juror_total([(D("33.33"), D("12.5"), 100)]) == D("4.1663")


STAGE = StageRow(id=9, order=1, name="Penilaian", weight=D("100"), advance_count=None, closed=True)


def _sub(pk):
    return SubmissionRow(id=pk, unit_id=pk, stage_id=STAGE.id, status="eligible", name=f"Inovasi {pk}")


def test_hand_built_totals_with_more_than_4_places_keep_the_decimal_arithmetic():
    # 80.00004 and 80.00005: exactly 80.000045 on average -> 80.0000 (half-up at the 4th place of the mean,
    # not of each total); rounded per total first (80.0000 and 80.0001) it would have been 80.0001.
    data = RankingData(
        stages=[STAGE],
        criteria=[],
        submissions=[_sub(1)],
        totals=[(9, 1, 101, D("80.00004")), (9, 1, 102, D("80.00005"))],
    )

    [entry] = compute_ranking(data, top_n=1).entries

    assert entry.final_score == D("80.0000")
    assert entry.juror_totals[9] == [(101, D("80.00004")), (102, D("80.00005"))]


def test_hand_built_totals_with_4_places_are_ranked_in_ten_thousandths():
    data = RankingData(
        stages=[STAGE],
        criteria=[],
        submissions=[_sub(1), _sub(2)],
        totals=[(9, 1, 101, D("80.0001")), (9, 1, 102, D("80")), (9, 2, 101, D("80.00005").quantize(D("0.0001")))],
    )

    first, second = compute_ranking(data, top_n=1).entries

    # 1: (80.0001 + 80) / 2 = 80.00005 -> 80.0001 (half-up); 2: 80.0000 (80.00005 quantized half-even).
    assert (first.submission_id, first.final_score, second.final_score) == (1, D("80.0001"), D("80.0000"))
    assert first.juror_totals[9] == [(101, D("80.0001")), (102, D("80.0000"))]
    assert str(first.stage_scores[9]) == "80.0001"
