"""The phase of a competition at every boundary date of its timeline."""

import datetime as dt

import pytest
from django.utils import timezone

from competitions.enums import Phase
from competitions.models import Competition
from tests.competitions.conftest import CLOSES, OPENS, stage

SECOND = dt.timedelta(seconds=1)


@pytest.fixture
def timeline(national):
    """(competition, desk stage, presentation stage) of the national 2031 defaults."""
    return national, stage(national, 2), stage(national, 3)


def phase(competition, now):
    competition = Competition.objects.prefetch_related("stages").get(pk=competition.pk)
    return competition.phase_at(now)


def test_phase_is_draft_before_registration_opens(timeline):
    competition, _desk, _presentation = timeline
    assert phase(competition, OPENS - SECOND) == Phase.DRAFT


def test_phase_is_open_from_the_exact_opening(timeline):
    competition, _desk, _presentation = timeline
    assert phase(competition, OPENS) == Phase.OPEN


def test_phase_is_open_until_the_last_second_before_closing(timeline):
    competition, _desk, _presentation = timeline
    assert phase(competition, CLOSES - SECOND) == Phase.OPEN


def test_phase_is_screening_from_the_exact_close(timeline):
    competition, _desk, _presentation = timeline
    assert phase(competition, CLOSES) == Phase.SCREENING


def test_phase_is_screening_until_the_first_scoring_stage_opens(timeline):
    competition, desk, _presentation = timeline
    assert phase(competition, desk.opens_at - SECOND) == Phase.SCREENING


def test_phase_is_judging_from_the_first_scoring_stage_opening(timeline):
    competition, desk, _presentation = timeline
    assert phase(competition, desk.opens_at) == Phase.JUDGING


def test_phase_stays_judging_between_two_scoring_stages(timeline):
    competition, desk, presentation = timeline
    assert phase(competition, desk.closes_at) == Phase.JUDGING
    assert phase(competition, presentation.opens_at - SECOND) == Phase.JUDGING


def test_phase_is_judging_until_the_last_second_of_the_final_stage(timeline):
    competition, _desk, presentation = timeline
    assert phase(competition, presentation.closes_at - SECOND) == Phase.JUDGING


def test_phase_is_ranking_from_the_close_of_the_final_stage(timeline):
    competition, _desk, presentation = timeline
    assert phase(competition, presentation.closes_at) == Phase.RANKING


def test_phase_is_ranking_when_the_committee_closed_every_scoring_stage_early(timeline):
    competition, desk, presentation = timeline
    moment = presentation.opens_at + dt.timedelta(hours=1)
    competition.stages.filter(pk__in=[desk.pk, presentation.pk]).update(closed_at=moment)
    assert phase(competition, moment) == Phase.RANKING


def test_phase_is_open_while_a_rolling_scoring_stage_runs_during_registration(national):
    desk = stage(national, 2)
    desk.opens_at = OPENS + dt.timedelta(days=10)
    desk.save()
    assert phase(national, OPENS + dt.timedelta(days=11)) == Phase.OPEN
    assert phase(national, CLOSES) == Phase.JUDGING


def test_phase_is_draft_when_not_announced_even_inside_the_window(timeline):
    competition, _desk, _presentation = timeline
    Competition.objects.filter(pk=competition.pk).update(is_announced=False)
    assert phase(competition, OPENS + dt.timedelta(days=1)) == Phase.DRAFT


def test_phase_is_published_once_published_whatever_the_date(timeline):
    competition, _desk, _presentation = timeline
    Competition.objects.filter(pk=competition.pk).update(published_at=timezone.now())
    assert phase(competition, OPENS - SECOND) == Phase.PUBLISHED
    assert phase(competition, CLOSES) == Phase.PUBLISHED


def test_phase_archived_wins_over_published(timeline):
    competition, _desk, _presentation = timeline
    Competition.objects.filter(pk=competition.pk).update(published_at=timezone.now(), archived_at=timezone.now())
    assert phase(competition, CLOSES) == Phase.ARCHIVED


def test_phase_without_scoring_stages_stays_screening_after_the_close(timeline):
    competition, _desk, _presentation = timeline
    competition.stages.all().delete()
    assert phase(competition, CLOSES + dt.timedelta(days=100)) == Phase.SCREENING
