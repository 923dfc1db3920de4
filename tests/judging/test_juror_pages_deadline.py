"""The juror's deadline badge (judging/selectors.py deadline_badge_class): calm, warning, danger."""

import datetime as dt

import pytest
from django.utils import timezone

from judging.selectors import deadline_badge_class
from kipp.templatetags.kipp_format import wib

NOW = dt.datetime(2026, 11, 29, 9, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("left", "expected"),
    [
        (dt.timedelta(days=45), "text-bg-success"),
        (dt.timedelta(days=7, seconds=1), "text-bg-success"),
        (dt.timedelta(days=7), "text-bg-warning"),
        (dt.timedelta(days=1, seconds=1), "text-bg-warning"),
        (dt.timedelta(days=1), "text-bg-danger"),
        (dt.timedelta(minutes=5), "text-bg-danger"),
        (dt.timedelta(0), "text-bg-danger"),
        (-dt.timedelta(hours=3), "text-bg-danger"),
    ],
)
def test_deadline_badge_class_follows_the_time_left(left, expected):
    assert deadline_badge_class(closes_at=NOW + left, now=NOW) == expected


@pytest.mark.django_db
def test_juror_home_deadline_badge_is_calm_weeks_before_the_deadline(juror_client, juror, assignment):
    stage = assignment.stage
    stage.closes_at = timezone.now() + dt.timedelta(days=45)
    stage.save(update_fields=["closes_at"])

    page = juror_client.get("/penilaian/").content.decode()

    assert '<span class="badge text-bg-success kipp-deadline">Sisa waktu 1\xa0bulan, 2\xa0minggu</span>' in page
    assert f"Batas penilaian: <strong>{wib(stage.closes_at)}</strong>" in page
    assert wib(stage.closes_at).endswith(" WIB")
