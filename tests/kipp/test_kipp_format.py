"""The shared date-time filter (kipp/templatetags/kipp_format.py): one format, always in WIB."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from kipp.templatetags.kipp_format import wib

DEADLINE = dt.datetime(2026, 12, 10, 16, 59, tzinfo=dt.UTC)  # 23.59 in Malang


@pytest.mark.parametrize(
    ("language", "expected"),
    [("id", "10 Desember 2026, 23.59 WIB"), ("en", "10 December 2026, 23:59 WIB")],
)
def test_wib_formats_a_moment_in_the_active_language(language, expected):
    with translation.override(language):
        assert wib(DEADLINE) == expected


def test_wib_shows_jakarta_time_whatever_the_active_time_zone():
    with translation.override("id"), timezone.override(dt.UTC):
        assert wib(DEADLINE) == "10 Desember 2026, 23.59 WIB"


@pytest.mark.parametrize(("value", "expected"), [(dt.date(2026, 1, 2), "2 Januari 2026"), (None, ""), ("", "")])
def test_wib_handles_dates_and_missing_values(value, expected):
    with translation.override("id"):
        assert wib(value) == expected


def test_wib_loads_in_a_template():
    template = Template("{% load kipp_format %}Batas: {{ deadline|wib }}")

    with translation.override("id"):
        assert template.render(Context({"deadline": DEADLINE})) == "Batas: 10 Desember 2026, 23.59 WIB"
