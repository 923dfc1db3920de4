"""The competitions part of `load_demo`: KIPP 2023 in the past, KIPP 2026 in progress, idempotent."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from competitions import demo
from competitions.enums import Phase, StageKind
from competitions.models import Competition, CompetitionChange, Criterion, RubricLevel, Stage
from kipp import demo as kipp_demo
from tests.competitions.conftest import at


@pytest.fixture
def loaded(db):
    context = kipp_demo.load()
    return demo.load(context)["competitions"]


def windows(competition):
    return [
        (s.name, s.kind, s.opens_at, s.closes_at, s.advance_count, s.weight, s.jurors_per_submission)
        for s in competition.stages.order_by("order")
    ]


def test_demo_kipp_2023_follows_the_real_malang_year(loaded):
    kipp = loaded[2023]
    assert (kipp.year, kipp.is_announced, kipp.published_at, kipp.archived_at) == (2023, True, None, None)
    assert (kipp.submission_opens_at, kipp.submission_closes_at) == (at(2023, 2, 1, 8), at(2023, 4, 30, 23, 59))
    assert (kipp.top_n, kipp.ceremony_date) == (10, dt.date(2023, 7, 10))
    assert (kipp.signatory_name, kipp.signatory_title) == ("Drs. Sutiaji", "Wali Kota Malang")
    assert windows(kipp) == [
        ("Seleksi Administrasi", StageKind.SCREENING, at(2023, 5, 2, 8), at(2023, 5, 12, 16), None, Decimal("0"), 1),
        ("Penilaian Proposal", StageKind.SCORING, at(2023, 5, 15, 8), at(2023, 6, 10, 23, 59), 20, Decimal("70"), 3),
        (
            "Presentasi dan Wawancara",
            StageKind.SCORING,
            at(2023, 6, 20, 8),
            at(2023, 6, 21, 17),
            None,
            Decimal("30"),
            4,
        ),
    ]
    assert list(kipp.award_tiers.values_list("name", "first_place", "last_place")) == [
        ("Tiga Besar", 1, 3),
        ("Terbaik", 4, 6),
        ("Favorit", 7, 10),
    ]
    assert kipp.phase == Phase.RANKING


def test_demo_kipp_2026_is_in_progress_relative_to_today(loaded):
    kipp = loaded[2026]
    now = timezone.now()
    assert kipp.phase == Phase.OPEN
    assert kipp.submission_opens_at.date() <= (now - dt.timedelta(days=44)).date()
    assert (kipp.submission_closes_at - now).days in (9, 10)
    assert (kipp.revision_deadline - now).days in (16, 17)
    screening, desk, presentation = kipp.stages.order_by("order")
    assert desk.name == "Penilaian Proposal"
    assert desk.is_open_at(now)
    assert (desk.advance_count, desk.jurors_per_submission, desk.weight) == (20, 3, Decimal("70"))
    assert (now - desk.opens_at).days in (13, 14)
    assert (desk.closes_at - now).days in (23, 24)
    assert presentation.name == "Presentasi dan Wawancara"
    assert (presentation.opens_at - now).days in (29, 30)
    assert (presentation.closes_at - now).days in (36, 37)
    assert presentation.jurors_per_submission == 4
    assert screening.is_open_at(now)
    assert kipp.ceremony_date.weekday() == 0
    assert kipp.signatory_title == "Wali Kota Malang"
    assert kipp.signatory_name
    assert kipp.top_n == 10
    assert Criterion.objects.filter(stage=desk).count() == 7


def test_demo_is_idempotent(loaded):
    counts = (
        Competition.objects.count(),
        Stage.objects.count(),
        Criterion.objects.count(),
        RubricLevel.objects.count(),
        CompetitionChange.objects.count(),
    )
    again = demo.load(kipp_demo.load())["competitions"]
    assert again == loaded
    assert (
        Competition.objects.count(),
        Stage.objects.count(),
        Criterion.objects.count(),
        RubricLevel.objects.count(),
        CompetitionChange.objects.count(),
    ) == counts
    assert counts[:2] == (2, 6)
