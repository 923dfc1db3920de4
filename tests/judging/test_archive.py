"""The public archive: every active published entry of every year, searchable, paginated, constant queries."""

import pytest
from django.urls import reverse

from competitions.models import Category
from judging.services.publication import publication_unpublish
from kipp.enums import UnitKind
from submissions.models import Submission
from tests.factories import CommitteeFactory, UnitFactory
from tests.judging.results_factories import malang_tiers, one_stage_competition, publish

pytestmark = pytest.mark.django_db

URL = reverse("judging_public:archive")


def publish_year(year, entries, *, top_n=None):
    """entries = [(name, acronym meaning, summary, unit kind, category or None)], scored in that order."""
    scores = {name: [90 - index] for index, (name, *_rest) in enumerate(entries)}
    competition, _stage, subs, _panel = one_stage_competition(scores=scores, top_n=top_n or len(entries), year=year)
    for name, meaning, summary, kind, category in entries:
        unit = UnitFactory(kind=kind, name=f"Unit {name}")
        Submission.objects.filter(pk=subs[name].pk).update(
            acronym_meaning=meaning,
            summary=summary,
            unit=unit,
            category=Category.objects.get_or_create(competition=competition, name=category)[0] if category else None,
        )
    malang_tiers(competition)
    return competition, publish(competition)


@pytest.fixture
def two_years():
    first = publish_year(
        2023,
        [
            (
                "KOPI TUBRUK",
                "Konsultasi dan Investigasi Online Tuberkulosis",
                "Skrining TBC.",
                UnitKind.PUSKESMAS,
                None,
            ),
            ("SIAPEL", "Sistem Aplikasi Pelayanan Elektronik", "Akta daring.", UnitKind.DINAS, "Umum"),
        ],
    )
    second = publish_year(
        2024,
        [("SEPAKAT 22", "Sistem Pengelolaan Kantin Sehat", "Kantin sehat sekolah.", UnitKind.SEKOLAH, "Umum")],
    )
    return first, second


def names(response):
    return [item.innovation_name for item in response.context["items"]]


def test_archive_lists_every_year_newest_first(client, two_years):
    response = client.get(URL)

    assert response.status_code == 200
    assert names(response) == ["SEPAKAT 22", "KOPI TUBRUK", "SIAPEL"]


@pytest.mark.parametrize("query", ["tuberkulosis", "TUBERKULOSIS", "Tuberkulosis online", "tubruk"])
def test_archive_search_is_case_insensitive_on_every_word(client, two_years, query):
    assert names(client.get(URL, {"q": query})) == ["KOPI TUBRUK"]


def test_archive_search_reaches_summary_and_unit(client, two_years):
    assert names(client.get(URL, {"q": "kantin"})) == ["SEPAKAT 22"]
    assert names(client.get(URL, {"q": "unit siapel"})) == ["SIAPEL"]
    assert names(client.get(URL, {"q": "tidak-ada-apa-apa"})) == []


def test_archive_filters_by_year_unit_kind_and_category(client, two_years):
    assert names(client.get(URL, {"tahun": "2023"})) == ["KOPI TUBRUK", "SIAPEL"]
    assert names(client.get(URL, {"jenis": UnitKind.SEKOLAH})) == ["SEPAKAT 22"]
    assert names(client.get(URL, {"kategori": "Umum"})) == ["SEPAKAT 22", "SIAPEL"]
    assert names(client.get(URL, {"kategori": "Umum", "tahun": "2023"})) == ["SIAPEL"]


def test_archive_rejects_an_unknown_year_with_a_message(client, two_years):
    response = client.get(URL, {"tahun": "1999"})

    assert response.context["form"].errors["tahun"]
    assert names(response) == ["SEPAKAT 22", "KOPI TUBRUK", "SIAPEL"]


def test_archive_shows_only_active_publications(client, two_years):
    (_first, _publication), (competition, publication) = two_years
    publication_unpublish(publication=publication, actor=CommitteeFactory(), reason="Koreksi.")

    assert names(client.get(URL)) == ["KOPI TUBRUK", "SIAPEL"]


def test_archive_never_shows_unpublished_competitions(client):
    one_stage_competition(scores={"RAHASIA": [90]}, top_n=1)

    response = client.get(URL, {"q": "rahasia"})

    assert names(response) == []
    assert "RAHASIA" not in response.content.decode()


def test_archive_is_paginated(client):
    publish_year(2025, [(f"INOVASI {i:02d}", "", "", UnitKind.DINAS, None) for i in range(14)])

    first = client.get(URL)
    second = client.get(URL, {"halaman": 2})

    assert (len(names(first)), len(names(second))) == (12, 2)
    assert names(second) == ["INOVASI 12", "INOVASI 13"]


@pytest.mark.parametrize("count", [2, 14])
def test_archive_query_count_is_constant(client, django_assert_num_queries, settings, count):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    publish_year(2025, [(f"INOVASI {i:02d}", "", "", UnitKind.DINAS, "Umum") for i in range(count)])

    with django_assert_num_queries(5):
        client.get(URL, {"q": "inovasi", "kategori": "Umum"})
