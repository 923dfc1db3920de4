"""Caching of the public results, ceremony and archive pages in the shared cache.

These run against the configured default cache (the database cache, or Redis when REDIS_URL is set: CI
runs `-m cache` again with Redis); only the zero-query test swaps the database cache for local memory,
since reading a database cache is itself a query.
"""

import pytest
from django.core.cache import cache
from django.urls import reverse

from judging.models import Score
from judging.services.publication import publication_unpublish
from tests.factories import CommitteeFactory, OperatorFactory
from tests.judging.results_factories import one_stage_competition, publish, published_competition

pytestmark = [pytest.mark.django_db, pytest.mark.cache]


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def memory_cache_unless_shared(settings):
    """Keep Redis when configured; replace the database cache (whose reads are queries) by local memory."""
    if settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache"):
        settings.CACHES = {
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "kipp-cache-tests"}
        }
    cache.clear()


def public_urls(competition):
    return [
        reverse("judging_public:results", kwargs={"year": competition.year}),
        reverse("judging_public:ceremony", kwargs={"year": competition.year}),
        reverse("judging_public:archive") + "?q=inovasi",
    ]


def test_cache_hit_runs_no_query(client, django_assert_num_queries, memory_cache_unless_shared):
    competition, _publication, _subs = published_competition(count=3, top_n=2)
    for url in public_urls(competition):
        miss = client.get(url)

        with django_assert_num_queries(0):
            hit = client.get(url)

        assert (miss["X-KIPP-Cache"], hit["X-KIPP-Cache"]) == ("miss", "hit")
        assert hit.content == miss.content
        assert hit.status_code == 200


def test_public_pages_send_no_vary_cookie_and_no_cookie(client):
    competition, _publication, _subs = published_competition(count=2, top_n=2)
    for url in public_urls(competition):
        for response in (client.get(url), client.get(url)):
            assert "cookie" not in response.get("Vary", "").lower()
            assert response.cookies == {}
            assert "csrfmiddlewaretoken" not in response.content.decode()


def test_logged_in_visitors_bypass_the_cache(client):
    competition, _publication, _subs = published_competition(count=2, top_n=2)
    operator = OperatorFactory(full_name="Operator Berjaga")
    url = reverse("judging_public:results", kwargs={"year": competition.year})
    client.get(url)
    client.force_login(operator)

    response = client.get(url)

    assert "X-KIPP-Cache" not in response
    assert "Operator Berjaga" in response.content.decode()


def test_cached_page_is_shared_by_anonymous_visitors_but_not_by_the_logged_in_one(client):
    competition, _publication, _subs = published_competition(count=2, top_n=2)
    url = reverse("judging_public:results", kwargs={"year": competition.year})
    committee = CommitteeFactory(full_name="Panitia Rina")
    client.force_login(committee)
    client.get(url)  # rendered for the committee member, never stored
    client.logout()

    response = client.get(url)

    assert response["X-KIPP-Cache"] == "miss"
    assert "Panitia Rina" not in response.content.decode()


def test_republishing_invalidates_the_cached_pages(client):
    competition, _publication, subs = published_competition(count=3, top_n=2)
    url = reverse("judging_public:results", kwargs={"year": competition.year})
    archive = reverse("judging_public:archive")
    client.get(url)
    client.get(archive)
    Score.objects.filter(scorecard__assignment__submission=subs[2]).update(value=100)
    publish(competition)

    fresh = client.get(url)
    fresh_archive = client.get(archive)

    assert fresh["X-KIPP-Cache"] == "miss"
    assert [e.innovation_name for e in fresh.context["entries"]] == ["INOVASI C", "INOVASI A"]
    assert fresh_archive["X-KIPP-Cache"] == "miss"


def test_unpublishing_removes_the_cached_pages(client):
    competition, publication, _subs = published_competition(count=2, top_n=2)
    urls = public_urls(competition)
    for url in urls:
        client.get(url)

    publication_unpublish(publication=publication, actor=CommitteeFactory(), reason="Koreksi.")

    assert [client.get(url).status_code for url in urls[:2]] == [404, 404]
    assert client.get(urls[2]).context["items"] == []


def test_query_strings_and_languages_are_cached_separately(client):
    published_competition(count=2, top_n=2)
    archive = reverse("judging_public:archive")

    first = client.get(archive, {"q": "inovasi"})
    second = client.get(archive, {"q": "tidak-ada"})
    client.cookies["django_language"] = "en"
    english = client.get(archive, {"q": "inovasi"})

    assert [item.innovation_name for item in first.context["items"]] == ["INOVASI A", "INOVASI B"]
    assert [item.innovation_name for item in second.context["items"]] == []
    assert (second["X-KIPP-Cache"], english["X-KIPP-Cache"]) == ("miss", "miss")
    assert '<html lang="en">' in english.content.decode()


def test_pages_before_publication_are_not_cached(client):
    competition, _stage, _subs, _panel = one_stage_competition(scores={"A": [90]}, top_n=1)
    url = reverse("judging_public:results", kwargs={"year": competition.year})
    client.get(url)

    publish(competition)

    assert client.get(url).status_code == 200
