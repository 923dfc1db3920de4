"""The ranking selector: database aggregation in a fixed number of queries, identical on SQLite and PostgreSQL."""

from decimal import Decimal as D

import pytest
from django.utils import timezone

from judging.enums import ScorecardStatus
from judging.models import Assignment, ConflictOfInterest, TieResolution
from judging.ranking import TieBreak, competition_ranking, ranking_data
from kipp.enums import UnitKind
from tests.factories import JurorFactory, UnitFactory
from tests.judging.results_factories import (
    bulk_scores,
    jurors,
    past_competition,
    scorecard,
    scoring_stage,
    submission,
)

pytestmark = pytest.mark.django_db


def test_juror_totals_follow_the_weighted_formula_with_exact_decimals():
    # Criteria 33.33 / 33.33 / 33.34, each out of 7:
    #   j1: 5, 6, 3 -> (33.33×5 + 33.33×6 + 33.34×3) / 7 = 466.65 / 7 = 66.66428... -> 66.6643
    #   j2: 7, 2, 6 -> (233.31 + 66.66 + 200.04) / 7 = 500.01 / 7 = 71.43        -> 71.4300
    #   j3: 4, 4, 4 -> 400 / 7 = 57.142857...                                       -> 57.1429
    # Stage score: (66.6643 + 71.4300 + 57.1429) / 3 = 195.2372 / 3 = 65.07906... -> 65.0791
    competition = past_competition(top_n=1)
    stage, criteria = scoring_stage(
        competition, order=1, weight=100, criteria=[("33.33", 7), ("33.33", 7), ("33.34", 7)], closed=True
    )
    entry = submission(competition, stage=stage)
    j1, j2, j3 = jurors(3)
    scorecard(stage, entry, j1, [5, 6, 3], criteria=criteria)
    scorecard(stage, entry, j2, [7, 2, 6], criteria=criteria)
    scorecard(stage, entry, j3, [4, 4, 4], criteria=criteria)

    result = competition_ranking(competition)

    (ranked,) = result.entries
    assert ranked.juror_totals[stage.pk] == sorted(
        [(j1.pk, D("66.6643")), (j2.pk, D("71.4300")), (j3.pk, D("57.1429"))]
    )
    assert (ranked.stage_scores[stage.pk], ranked.final_score) == (D("65.0791"), D("65.0791"))


def test_only_final_scorecards_of_active_unconflicted_assignments_count():
    competition = past_competition(top_n=1)
    stage, criteria = scoring_stage(competition, order=1, weight=100, criteria=[(100, 100)], closed=True)
    parent = UnitFactory(kind=UnitKind.DINAS)
    school = UnitFactory(kind=UnitKind.SEKOLAH, parent=parent)
    entry = submission(competition, stage=stage, unit=school)
    counted, drafting, voided, declared, unit_conflict, insider = jurors(5) + [JurorFactory(unit=parent)]
    scorecard(stage, entry, counted, [80], criteria=criteria)
    scorecard(stage, entry, drafting, [10], criteria=criteria, status=ScorecardStatus.DRAFT)
    scorecard(stage, entry, voided, [10], criteria=criteria)
    Assignment.objects.filter(juror=voided).update(voided_at=timezone.now(), void_reason="Konflik")
    scorecard(stage, entry, declared, [10], criteria=criteria)
    ConflictOfInterest.objects.create(juror=declared, submission=entry, reason="Keluarga", source="declared")
    scorecard(stage, entry, unit_conflict, [10], criteria=criteria)
    ConflictOfInterest.objects.create(juror=unit_conflict, unit=parent, reason="Mantan pegawai", source="committee")
    scorecard(stage, entry, insider, [10], criteria=criteria)  # the juror's own dinas is the school's parent

    data = ranking_data(competition)
    result = competition_ranking(competition)

    assert result.entries[0].juror_totals[stage.pk] == [(counted.pk, D("80.0000"))]
    assert result.entries[0].final_score == D("80.0000")
    assert sorted(data.excluded_for_conflict) == sorted(
        [(stage.pk, entry.pk, declared.pk), (stage.pk, entry.pk, unit_conflict.pk), (stage.pk, entry.pk, insider.pk)]
    )
    assert data.unfinished == [(stage.pk, entry.pk, drafting.pk)]


def test_tiebreak_criterion_mean_is_normalised_to_a_hundred():
    # Final stage: Signifikansi weight 60 out of 5, Kebaruan 40 out of 10.
    #   A: j1 (4, 6) -> 60×4/5 + 40×6/10 = 48 + 24 = 72;  j2 (3, 9) -> 36 + 36 = 72   -> 72
    #   B: j1 (3, 9) -> 72;                               j2 (3, 9) -> 72             -> 72
    # Signifikansi on 0–100: A (80 + 60) / 2 = 70, B (60 + 60) / 2 = 60 -> A first by the criterion.
    competition = past_competition(top_n=1)
    stage, criteria = scoring_stage(competition, order=1, weight=100, criteria=[(60, 5), (40, 10)], closed=True)
    a = submission(competition, stage=stage, name="A")
    b = submission(competition, stage=stage, name="B")
    j1, j2 = jurors(2)
    scorecard(stage, a, j1, [4, 6], criteria=criteria)
    scorecard(stage, a, j2, [3, 9], criteria=criteria)
    scorecard(stage, b, j1, [3, 9], criteria=criteria)
    scorecard(stage, b, j2, [3, 9], criteria=criteria)

    result = competition_ranking(competition)

    assert [(e.submission_id, e.final_score, e.tiebreak_value, e.decided_by) for e in result.entries] == [
        (a.pk, D("72.0000"), D("70.0000"), TieBreak.CRITERION),
        (b.pk, D("72.0000"), D("60.0000"), TieBreak.CRITERION),
    ]


def test_two_stage_ranking_from_the_database():
    # Desk (weight 40) and presentation (weight 60), one criterion each out of 100.
    # A: desk 80, 70 -> 75; presentation 90, 80 -> 85 -> 0.4×75 + 0.6×85 = 30 + 51 = 81
    # B: desk 95, 85 -> 90; presentation 70, 80 -> 75 -> 36 + 45 = 81 -> tie; criterion A 85 vs B 75: A first.
    # C: desk 60, 60 -> 60; did not advance -> third.
    competition = past_competition(top_n=1)
    desk, (c1,) = scoring_stage(competition, order=1, weight=40, criteria=[(100, 100)], closed=True)
    final, (c2,) = scoring_stage(competition, order=2, weight=60, criteria=[(100, 100)], closed=True)
    a = submission(competition, stage=final, name="A", status="finalist")
    b = submission(competition, stage=final, name="B", status="finalist")
    c = submission(competition, stage=desk, name="C")
    j1, j2 = jurors(2)
    for entry, desk_values, final_values in ((a, (80, 70), (90, 80)), (b, (95, 85), (70, 80)), (c, (60, 60), None)):
        for juror, value in zip((j1, j2), desk_values, strict=True):
            scorecard(desk, entry, juror, [value], criteria=[c1])
        for juror, value in zip((j1, j2), final_values or (), strict=False):
            scorecard(final, entry, juror, [value], criteria=[c2])

    result = competition_ranking(competition)

    assert [(e.submission_id, e.rank, e.reached_final, e.final_score, e.decided_by) for e in result.entries] == [
        (a.pk, 1, True, D("81.0000"), TieBreak.CRITERION),
        (b.pk, 2, True, D("81.0000"), TieBreak.CRITERION),
        (c.pk, 3, False, None, TieBreak.SCORE),
    ]
    assert [e.in_top_n for e in result.entries] == [True, False, False]
    assert result.entries[0].margin == D("0.0000")


def test_tie_resolution_from_the_database_orders_the_tie():
    competition = past_competition(top_n=1)
    stage, criteria = scoring_stage(competition, order=1, weight=100, criteria=[(100, 100)], closed=True)
    a = submission(competition, stage=stage, name="A")
    b = submission(competition, stage=stage, name="B")
    (juror,) = jurors(1)
    scorecard(stage, a, juror, [70], criteria=criteria)
    scorecard(stage, b, juror, [70], criteria=criteria)
    TieResolution.objects.create(
        competition=competition, method="lots", ordered_submission_ids=[b.pk, a.pk], note="Undian disaksikan panitia"
    )

    result = competition_ranking(competition)

    assert [(e.submission_id, e.rank, e.decided_by) for e in result.entries] == [
        (b.pk, 1, TieBreak.COMMITTEE),
        (a.pk, 2, TieBreak.COMMITTEE),
    ]


def build_scale(count):
    """`count` submissions × 3 jurors × 7 criteria (weights 20, 15, 15, 15, 15, 10, 10)."""
    competition = past_competition(top_n=10)
    stage, criteria = scoring_stage(
        competition, order=1, weight=100, criteria=[(w, 100) for w in (20, 15, 15, 15, 15, 10, 10)], closed=True
    )
    panel = jurors(6)
    unit = UnitFactory()
    rows = []
    for index in range(count):
        entry = submission(competition, stage=stage, unit=unit, name=f"Inovasi {index:04d}")
        for offset in range(3):
            juror = panel[(index + offset) % len(panel)]
            rows.append((entry, juror, [(index * 7 + offset * 13 + k * 5) % 101 for k in range(7)]))
    bulk_scores(stage, criteria, rows)
    return competition


@pytest.mark.parametrize("count", [50, 500])
def test_ranking_query_count_does_not_grow(django_assert_num_queries, count):
    competition = build_scale(count)

    with django_assert_num_queries(9):
        result = competition_ranking(competition)

    assert len(result.entries) == count
    assert sum(1 for entry in result.entries if entry.in_top_n) >= 10


def test_integer_scores_and_weights_keep_their_fraction():
    # 85 × 15 / 100 = 12.75 (not 12): whole-number scores and weights are the usual case.
    competition = past_competition(top_n=1)
    stage, criteria = scoring_stage(competition, order=1, weight=100, criteria=[(15, 100), (85, 100)], closed=True)
    entry = submission(competition, stage=stage)
    (juror,) = jurors(1)
    scorecard(stage, entry, juror, [85, 0], criteria=criteria)

    result = competition_ranking(competition)

    assert result.entries[0].final_score == D("12.7500")


def test_finalist_without_a_final_stage_score_has_no_final_score_and_blocks_publication():
    # Desk weight 40, final weight 60. A: desk 75, final 85 -> 81. B: desk 90, no final scorecard yet.
    # A sum of B's desk score alone (36) must not pass for a final score: B has none and ranks after A.
    from judging.services.publication import publication_preview

    competition = past_competition(top_n=2)
    desk, (c1,) = scoring_stage(competition, order=1, weight=40, criteria=[(100, 100)], closed=True)
    final, (c2,) = scoring_stage(competition, order=2, weight=60, criteria=[(100, 100)], closed=True)
    a = submission(competition, stage=final, name="A", status="finalist")
    b = submission(competition, stage=final, name="B", status="finalist")
    (juror,) = jurors(1)
    scorecard(desk, a, juror, [75], criteria=[c1])
    scorecard(desk, b, juror, [90], criteria=[c1])
    scorecard(final, a, juror, [85], criteria=[c2])

    result = competition_ranking(competition)

    assert [(e.submission_id, e.rank, e.final_score) for e in result.entries] == [
        (a.pk, 1, D("81.0000")),
        (b.pk, 2, None),
    ]
    assert result.entries[0].margin is None
    blockers = publication_preview(competition=competition).blockers
    assert "Finalis berikut belum mempunyai nilai tahap akhir dari juri mana pun: B." in blockers
