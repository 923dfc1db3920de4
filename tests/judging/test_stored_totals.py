"""The juror's total stored on a final scorecard (Scorecard.total_e4): written when it is sent final, emptied
by the database whenever a score or a criterion it was computed from changes (by any path), and read by the
ranking instead of summing every score."""

import importlib
from decimal import Decimal as D

import pytest
from django.apps import apps as django_apps
from django.db.models import F

from competitions import services as competition_services
from competitions.models import Criterion
from judging.models import Score, Scorecard
from judging.ranking import competition_ranking
from judging.selectors import scorecard_scores
from judging.services.scoring import refresh_stored_totals, scorecard_reopen, scorecard_save, scorecard_total
from judging.totals import from_e4
from tests.judging.results_factories import bulk_scores, jurors, past_competition, scoring_stage, submission

pytestmark = pytest.mark.django_db


def stored_total(card):
    return Scorecard.objects.values_list("total_e4", flat=True).get(pk=card.pk)


def send_final(juror, assignment, values):
    return scorecard_save(juror=juror, assignment=assignment, values=values, final=True)


# Written when sent final, emptied when reopened -------------------------------------------------------------


def test_sending_final_stores_the_total_the_juror_is_shown(juror, assignment, criteria):
    novelty, impact = criteria  # weights 40 (max 100) and 60 (max 50)
    draft = scorecard_save(juror=juror, assignment=assignment, values={novelty.pk: 80})
    assert stored_total(draft) is None

    card = send_final(juror, assignment, {novelty.pk: "80", impact.pk: "40,5"})

    # 80 × 40 / 100 + 40.5 × 60 / 50 = 32 + 48.6
    assert stored_total(card) == 806_000
    assert from_e4(stored_total(card)) == scorecard_total(criteria, scorecard_scores(card)) == D("80.6000")


def test_reopening_empties_the_stored_total_and_sending_final_again_stores_the_new_one(
    juror, assignment, criteria, committee
):
    novelty, impact = criteria
    card = send_final(juror, assignment, {novelty.pk: 80, impact.pk: 40})

    scorecard_reopen(scorecard=card, by=committee, reason="Nilai tertukar")
    assert stored_total(card) is None

    scorecard_save(
        juror=juror, assignment=assignment, values={novelty.pk: 80, impact.pk: 20}, final=True, expected_version=2
    )
    assert stored_total(card) == 560_000  # 32 + 24


# Emptied by the database, whatever wrote the scores ---------------------------------------------------------


def test_a_score_changed_outside_the_service_empties_the_total(juror, assignment, criteria):
    novelty, impact = criteria
    card = send_final(juror, assignment, {novelty.pk: 80, impact.pk: 40})

    Score.objects.filter(scorecard=card).update(comment="catatan panitia")
    assert stored_total(card) == 800_000  # a comment is not part of the total

    Score.objects.filter(scorecard=card, criterion=novelty).update(value=F("value") - 30)
    assert stored_total(card) is None

    [entry] = competition_ranking(assignment.stage.competition).entries
    assert entry.juror_totals[assignment.stage_id] == [(juror.pk, D("68.0000"))]  # 50 × 0.4 + 48


def test_saving_a_scorecard_loaded_before_its_scores_changed_does_not_bring_the_old_total_back(
    juror, assignment, criteria
):
    novelty, _impact = criteria
    card = send_final(juror, assignment, {novelty.pk: 80, criteria[1].pk: 40})
    loaded = Scorecard.objects.get(pk=card.pk)
    assert loaded.total_e4 == 800_000

    Score.objects.filter(scorecard=card, criterion=novelty).update(value=D("0"))
    loaded.overall_note = "Catatan ditambahkan lewat shell"
    loaded.save()

    assert stored_total(card) is None
    [entry] = competition_ranking(assignment.stage.competition).entries
    assert entry.juror_totals[assignment.stage_id] == [(juror.pk, D("48.0000"))]


def test_a_score_deleted_or_added_outside_the_service_empties_the_total(juror, assignment, criteria):
    novelty, impact = criteria
    card = send_final(juror, assignment, {novelty.pk: 80, impact.pk: 40})

    Score.objects.filter(scorecard=card, criterion=impact).delete()
    assert stored_total(card) is None
    [entry] = competition_ranking(assignment.stage.competition).entries
    assert entry.juror_totals[assignment.stage_id] == [(juror.pk, D("32.0000"))]

    refresh_stored_totals([assignment.stage_id])
    assert stored_total(card) == 320_000
    Score.objects.create(scorecard=card, criterion=impact, value=D("50"))
    assert stored_total(card) is None
    [entry] = competition_ranking(assignment.stage.competition).entries
    assert entry.juror_totals[assignment.stage_id] == [(juror.pk, D("92.0000"))]


def test_a_weight_changed_after_scoring_empties_that_stage_s_totals_and_the_ranking_uses_it(
    juror, assignment, criteria, committee
):
    novelty, impact = criteria
    card = send_final(juror, assignment, {novelty.pk: 80, impact.pk: 40})
    competition = assignment.stage.competition
    other_stage, other_criteria = scoring_stage(competition, order=5, weight=0, criteria=[(100, 100)])
    other = scorecard_in(other_stage, other_criteria, value=70)
    assert (stored_total(card), stored_total(other)) == (800_000, 700_000)

    rows = [
        {"id": c.pk, "delete": False, **{name: getattr(c, name) for name in competition_services.CRITERION_FIELDS}}
        for c in criteria
    ]
    rows[0]["weight"], rows[1]["weight"] = D("60"), D("40")
    competition_services.criteria_save(
        stage=assignment.stage, rows=rows, actor=committee, override_reason="Bobot salah ketik di juknis"
    )

    assert (stored_total(card), stored_total(other)) == (None, 700_000)
    [entry] = [e for e in competition_ranking(competition).entries if e.submission_id == assignment.submission_id]
    assert entry.juror_totals[assignment.stage_id] == [(juror.pk, D("80.0000"))]  # 48 + 32
    # Saving the same weights again (nothing changed) keeps the refreshed totals.
    refresh_stored_totals([assignment.stage_id])
    Criterion.objects.filter(stage=assignment.stage).update(weight=F("weight"))
    assert stored_total(card) == 800_000


def scorecard_in(stage, criteria, *, value):
    (juror,) = jurors(1)
    entry = submission(stage.competition, stage=stage)
    bulk_scores(stage, criteria, [(entry, juror, [value])])
    return Scorecard.objects.get(assignment__submission=entry)


# Read by the ranking ----------------------------------------------------------------------------------------


def build(count):
    competition = past_competition(top_n=3)
    stage, criteria = scoring_stage(competition, order=1, weight=100, criteria=[(30, 100), (70, 10)], closed=True)
    panel = jurors(3)
    rows = [
        (submission(competition, stage=stage), juror, [(index * 7 + j * 13) % 101, (index + j) % 11])
        for index in range(count)
        for j, juror in enumerate(panel)
    ]
    bulk_scores(stage, criteria, rows)  # stores the totals, as sending final does
    return competition, stage


def test_the_ranking_reads_stored_totals_and_sums_only_the_emptied_ones(django_assert_num_queries):
    competition, stage = build(12)
    expected = [(e.submission_id, e.final_score, e.rank) for e in competition_ranking(competition).entries]
    card = Scorecard.objects.filter(assignment__stage=stage).order_by("pk").first()

    with django_assert_num_queries(9):
        competition_ranking(competition)
    Score.objects.filter(scorecard=card).update(value=F("value"))  # same values: the total is only emptied
    assert stored_total(card) is None
    with django_assert_num_queries(10):  # one aggregate over the emptied scorecard's scores
        result = competition_ranking(competition)

    assert [(e.submission_id, e.final_score, e.rank) for e in result.entries] == expected


def test_refreshing_stores_what_sending_final_would_have_stored():
    competition, stage = build(20)
    stored = dict(Scorecard.objects.filter(assignment__stage=stage).values_list("pk", "total_e4"))
    Scorecard.objects.update(total_e4=None)

    assert refresh_stored_totals([stage.pk]) == len(stored)

    assert dict(Scorecard.objects.filter(assignment__stage=stage).values_list("pk", "total_e4")) == stored
    assert None not in stored.values()


def test_the_migration_stores_the_totals_of_existing_final_scorecards():
    competition, stage = build(5)
    stored = dict(Scorecard.objects.filter(assignment__stage=stage).values_list("pk", "total_e4"))
    Scorecard.objects.update(total_e4=None)
    migration = importlib.import_module("judging.migrations.0004_scorecard_stored_total")

    migration.store_existing_totals(django_apps, None)

    assert dict(Scorecard.objects.filter(assignment__stage=stage).values_list("pk", "total_e4")) == stored
