"""The public results page, the innovation pages and photos, the results index and the home page."""

import pytest
from django.urls import reverse

from judging.services.publication import publication_unpublish
from tests.factories import CommitteeFactory, CompetitionFactory, JurorFactory, OperatorFactory
from tests.judging.results_factories import (
    one_stage_competition,
    photo_attachment,
    published_competition,
)

pytestmark = pytest.mark.django_db


def results_url(year):
    return reverse("judging_public:results", kwargs={"year": year})


def test_results_404_for_a_year_without_competition(client):
    response = client.get(results_url(2999))

    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()


def test_results_404_before_publication_even_with_scores(client):
    competition, _stage, _subs, _panel = one_stage_competition(scores={"RAHASIA": [90]}, top_n=1)

    response = client.get(results_url(competition.year))

    assert response.status_code == 404
    assert "RAHASIA" not in response.content.decode()


def test_results_404_after_unpublishing(client):
    competition, publication, _subs = published_competition(count=2, top_n=1)
    publication_unpublish(publication=publication, actor=CommitteeFactory(), reason="Koreksi.")

    assert client.get(results_url(competition.year)).status_code == 404


def test_results_list_the_top_n_by_tier_with_method_and_fingerprint(client):
    competition, publication, subs = published_competition(count=5, top_n=4)
    subs[0].acronym_meaning = "Arti Singkatan Pertama"
    subs[0].save()  # after publication: the page must keep showing the snapshot

    response = client.get(results_url(competition.year))
    html = response.content.decode()

    assert response.status_code == 200
    assert [(tier["name"], [e.innovation_name for e in tier["entries"]]) for tier in response.context["tiers"]] == [
        ("Tiga Besar", ["INOVASI A", "INOVASI B", "INOVASI C"]),
        ("Terbaik", ["INOVASI D"]),
    ]
    assert "INOVASI E" not in html
    assert publication.fingerprint in html
    assert "Arti Singkatan Pertama" not in html
    assert subs[0].unit.name in html
    assert reverse("judging_public:innovation", kwargs={"pk": subs[0].pk}) in html
    # The snapshot's sentences, the stage named without its internal number ("Tahap 1 «Tahap 1»").
    assert response.context["methodology"] == [
        line.replace("Tahap 1 «", "Tahap «") for line in publication.snapshot["methodology"]
    ]
    assert "<script>" not in html


def test_results_page_shows_photos_only_where_there_is_one(client):
    competition, _publication, subs = published_competition(count=2, top_n=2)
    photo_attachment(subs[1])

    response = client.get(results_url(competition.year))

    assert response.context["photos"] == {subs[1].pk}
    assert reverse("judging_public:photo", kwargs={"pk": subs[1].pk}) in response.content.decode()


@pytest.mark.parametrize("count", [3, 10])
def test_results_page_query_count_is_constant(client, django_assert_num_queries, settings, count):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    competition, _publication, subs = published_competition(count=count, top_n=count)
    for sub in subs:
        photo_attachment(sub)

    with django_assert_num_queries(3):
        client.get(results_url(competition.year))


def test_innovation_page_of_a_published_entry(client):
    competition, _publication, subs = published_competition(count=2, top_n=2)
    subs[0].novelty = "Gagasan baru yang dapat ditiru."
    subs[0].contact_phone = "0812-0000-0000"
    subs[0].save()

    response = client.get(reverse("judging_public:innovation", kwargs={"pk": subs[0].pk}))
    html = response.content.decode()

    assert response.status_code == 200
    assert (response.context["entry"].innovation_name, response.context["entry"].rank) == ("INOVASI A", 1)
    assert "Gagasan baru yang dapat ditiru." in html
    assert "0812-0000-0000" not in html
    assert reverse("judging_public:certificate", kwargs={"year": competition.year, "rank": 1}) in html


def test_innovation_page_and_photo_of_an_unpublished_submission_are_404(client):
    competition, _publication, subs = published_competition(count=3, top_n=2)
    photo_attachment(subs[2])
    _hidden, _stage, others, _panel = one_stage_competition(scores={"BELUM": [90]}, top_n=1)
    photo_attachment(others["BELUM"])

    for sub in (subs[2], others["BELUM"]):
        assert client.get(reverse("judging_public:innovation", kwargs={"pk": sub.pk})).status_code == 404
        assert client.get(reverse("judging_public:photo", kwargs={"pk": sub.pk})).status_code == 404


def test_photo_of_a_published_entry_is_served_inline(client):
    _competition, _publication, subs = published_competition(count=1, top_n=1)
    photo_attachment(subs[0], content=b"\x89PNG\r\n\x1a\nisi-foto")

    response = client.get(reverse("judging_public:photo", kwargs={"pk": subs[0].pk}))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"\x89PNG\r\n\x1a\nisi-foto"
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_results_index_lists_published_years_only(client):
    competition, _publication, _subs = published_competition(count=1, top_n=1)
    CompetitionFactory(title="Belum diumumkan")

    response = client.get(reverse("judging_public:results_index"))

    assert [p.competition.year for p in response.context["publications"]] == [competition.year]


def test_home_shows_the_current_competition_and_past_winners(client):
    past, _publication, _subs = published_competition(count=2, top_n=2, year=2023)
    current = CompetitionFactory(year=2026, title="KIPP Kota Malang 2026")

    response = client.get(reverse("home"))
    html = response.content.decode()

    assert response.status_code == 200
    assert response.context["current"] == current
    assert [item["competition"] for item in response.context["past"]] == [past]
    assert reverse("competitions:announcement", kwargs={"year": 2026}) in html
    assert "INOVASI A" in html


@pytest.mark.parametrize("factory", [CommitteeFactory, JurorFactory, OperatorFactory])
def test_public_pages_work_for_every_role(client, factory):
    competition, _publication, subs = published_competition(count=1, top_n=1)
    client.force_login(factory())

    assert client.get(results_url(competition.year)).status_code == 200
    assert client.get(reverse("judging_public:innovation", kwargs={"pk": subs[0].pk})).status_code == 200
    assert client.get(reverse("home")).status_code == 200


def test_public_pages_answer_head_requests(client):
    competition, _publication, _subs = published_competition(count=1, top_n=1)

    assert client.head(results_url(competition.year)).status_code == 200
    assert client.head(reverse("judging_public:archive")).status_code == 200
    assert client.post(results_url(competition.year)).status_code == 405
