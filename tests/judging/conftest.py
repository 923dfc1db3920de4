"""Fixtures for the jury tests: an open desk stage with two criteria and rubrics, units in a hierarchy,
and helpers to seat jurors and assign them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from competitions.enums import StageKind
from judging.models import Assignment, JuryMember
from kipp.enums import UnitKind
from submissions.enums import SubmissionStatus
from tests.browser import conftest as browser_fixtures
from tests.factories import (
    CompetitionFactory,
    CriterionFactory,
    JurorFactory,
    RubricLevelFactory,
    StageFactory,
    SubmissionFactory,
    UnitFactory,
)


@pytest.fixture
def competition(db):
    return CompetitionFactory(
        submission_opens_at=timezone.now() - dt.timedelta(days=40),
        submission_closes_at=timezone.now() - dt.timedelta(days=5),
    )


@pytest.fixture
def stage(competition):
    """The desk stage: open now, 3 jurors per submission, criteria weighted 40 (max 100) and 60 (max 50)."""
    stage = StageFactory(
        competition=competition,
        order=2,
        name="Penilaian Proposal",
        kind=StageKind.SCORING,
        jurors_per_submission=3,
    )
    novelty = CriterionFactory(stage=stage, order=1, name="Kebaruan", weight=Decimal("40"), max_score=100)
    impact = CriterionFactory(stage=stage, order=2, name="Signifikansi", weight=Decimal("60"), max_score=50)
    RubricLevelFactory(criterion=novelty, min_score=0, max_score=59, label="Kurang")
    RubricLevelFactory(criterion=novelty, min_score=60, max_score=79, label="Baik")
    RubricLevelFactory(criterion=novelty, min_score=80, max_score=100, label="Sangat baik")
    RubricLevelFactory(criterion=impact, min_score=0, max_score=25, label="Rendah")
    RubricLevelFactory(criterion=impact, min_score=26, max_score=50, label="Tinggi")
    return stage


@pytest.fixture
def criteria(stage):
    return list(stage.criteria.order_by("order"))


@pytest.fixture
def units(db):
    """Dinas Pendidikan dan Kebudayaan with two schools under it, and an unrelated dinas."""
    dinas = UnitFactory(name="Dinas Pendidikan dan Kebudayaan", short_name="Disdikbud")
    return {
        "disdikbud": dinas,
        "smpn5": UnitFactory(name="SMP Negeri 5 Malang", short_name="SMPN 5", kind=UnitKind.SEKOLAH, parent=dinas),
        "smpn10": UnitFactory(name="SMP Negeri 10 Malang", short_name="SMPN 10", kind=UnitKind.SEKOLAH, parent=dinas),
        "dinkes": UnitFactory(name="Dinas Kesehatan", short_name="Dinkes"),
    }


@pytest.fixture
def make_submission(stage):
    def make(**kwargs):
        kwargs.setdefault("competition", stage.competition)
        kwargs.setdefault("status", SubmissionStatus.ELIGIBLE)
        kwargs.setdefault("stage", stage)
        return SubmissionFactory(**kwargs)

    return make


@pytest.fixture
def seat(stage):
    """Put a juror (a new one unless given) on the stage's panel and return it."""

    def seat_juror(juror=None, **kwargs):
        juror = juror or JurorFactory(**kwargs)
        JuryMember.objects.get_or_create(stage=stage, juror=juror)
        return juror

    return seat_juror


@pytest.fixture
def assign(stage, seat):
    """Seat the juror and assign it to the submission."""

    def assign_juror(juror, submission):
        seat(juror)
        return Assignment.objects.create(stage=stage, submission=submission, juror=juror)

    return assign_juror


@pytest.fixture
def assignment(juror, assign, make_submission):
    """The logged-in `juror`'s assignment to one eligible submission of the open stage."""
    return assign(juror, make_submission(name="SIAPEL"))


# The browser fixtures of tests/browser, registered here so their package-scoped Chromium closes when this
# package's tests end (a fixture imported into a test module would live until the end of the session).
browser = browser_fixtures.browser
_browser_checks = browser_fixtures._browser_checks
new_page = browser_fixtures.new_page
phone_page = browser_fixtures.phone_page
