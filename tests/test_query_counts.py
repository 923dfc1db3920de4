"""Query counts that do not grow: every benchmarked page, and the ranking, at two sizes with one literal number.

The data comes from the benchmark's builder (`judging.benchmark`), so these are the same pages, users and
competition shape that `manage.py benchmark` measures at national scale. Public pages are counted on a
cache miss (the cache is emptied first): a hit runs no query at all, which the caching tests pin.
"""

import pytest
from django.core.cache import cache

from competitions.models import Competition
from judging import benchmark
from judging.ranking import competition_ranking

SMALL, LARGE = 10, 200

# page key -> queries for one request by the role that uses it (the same at both sizes).
PAGE_QUERIES = {
    "committee_dashboard": 13,
    "screening_list": 9,
    "juror_assignments": 5,
    "scorecard": 12,
    "ranking": 17,
    "public_results": 10,
    "archive": 12,
}
RANKING_QUERIES = 9
PAGES = {page.key: page for page in benchmark.PAGES}


def _request(data, key):
    page = PAGES[key]
    path = benchmark.page_path(page, data)
    if path is None:
        pytest.xfail(f"{key}: no URL serves this page yet")
    client = benchmark.page_client(page, data)
    cache.clear()
    client.get(path)  # the first request of a process fills Django's own caches (content types, …)
    cache.clear()
    return client, path


@pytest.mark.django_db
@pytest.mark.parametrize("size", [SMALL, LARGE])
@pytest.mark.parametrize("key", list(PAGE_QUERIES))
def test_page_query_count_is_the_same_at_10_and_200_submissions(key, size, django_assert_num_queries):
    public = PAGES[key].role is None
    data = benchmark.build_competition(submissions=size, past_years=(2023,) if public else ())
    if PAGE_QUERIES[key] is None:
        pytest.xfail(f"{key}: the page is not finished yet")
    if public:
        assert benchmark.publish_for_public_pages(data) is None
    client, path = _request(data, key)

    with django_assert_num_queries(PAGE_QUERIES[key]):
        response = client.get(path)

    assert response.status_code == 200
    assert PAGE_QUERIES[key] <= benchmark.GOAL_PAGE_QUERIES


@pytest.mark.django_db
@pytest.mark.parametrize("size", [50, 500])
def test_ranking_query_count_is_the_same_at_50_and_500_submissions(size, django_assert_num_queries):
    data = benchmark.build_competition(submissions=size, past_years=())
    competition = Competition.objects.get(pk=data.competition.pk)

    with django_assert_num_queries(RANKING_QUERIES):
        result = competition_ranking(competition)

    assert len(result.entries) == size
    assert len(result.finalists) == min(size, benchmark.FINALISTS)
