"""The committee's ranking page: warnings, chart, method comparison, permissions and constant queries."""

from decimal import Decimal

import pytest
from django.urls import reverse

from judging.enums import ScorecardStatus
from tests.factories import CompetitionFactory, JurorFactory, OperatorFactory
from tests.judging.results_factories import one_stage_competition, scorecard

pytestmark = pytest.mark.django_db


def url(competition, **query):
    path = reverse("results:ranking", kwargs={"year": competition.year})
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_ranking_page_shows_ranking_chart_and_warnings(committee_client):
    competition, stage, subs, _panel = one_stage_competition(
        scores={"A": [90, 88], "B": [80, 80], "C": [80, 80], "D": [60, 62]}, top_n=2, closed=False
    )
    scorecard(stage, subs["D"], JurorFactory(), [10], criteria=list(stage.criteria.all()), status=ScorecardStatus.DRAFT)

    response = committee_client.get(url(competition))
    html = response.content.decode()

    assert response.status_code == 200
    assert [(row["entry"].submission.name, row["entry"].rank) for row in response.context["rows"]] == [
        ("A", 1),
        ("B", 2),
        ("C", 2),
        ("D", 4),
    ]
    assert [tie["names"] for tie in response.context["ties"]] == [["B", "C"]]
    assert response.context["unfinished_by_stage"] == [(stage.name, 1)]
    assert [s.pk for s in response.context["open_stages"]] == [stage.pk]
    assert "Nilai sama di peringkat 2 melewati batas 2 besar:" in html
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="kipp-chart"' in html
    assert "batas 2 besar" in html
    assert reverse("results:tie_resolve", kwargs={"year": competition.year, "rank": 2}) in html


def test_ranking_page_compares_methods_side_by_side(committee_client):
    competition, _stage, _subs, _panel = one_stage_competition(
        scores={"A": [10, 70, 80, 90, 100], "B": [75, 75, 75, 75, 75]}, top_n=1
    )

    raw = committee_client.get(url(competition, banding="trimmed"))

    # Raw mean: A (10+70+80+90+100)/5 = 70, B 75 -> B first; trimmed: A (70+80+90)/3 = 80 -> A first.
    rows = {row["entry"].submission.name: row for row in raw.context["rows"]}
    assert (rows["A"]["entry"].rank, rows["A"]["compared"].rank, rows["A"]["moved"]) == (2, 1, 1)
    assert (rows["B"]["entry"].rank, rows["B"]["compared"].rank, rows["B"]["moved"]) == (1, 2, -1)
    assert raw.context["moved_count"] == 2


def test_ranking_page_shows_margin_and_stability(committee_client):
    competition, _stage, _subs, _panel = one_stage_competition(scores={"A": [90, 80, 70], "B": [70, 80, 85]}, top_n=1)

    response = committee_client.get(url(competition))

    (top,) = response.context["top_rows"]
    assert (top["entry"].submission.name, top["entry"].stability_percent, top["entry"].margin) == (
        "A",
        67,
        Decimal("1.6667"),
    )
    assert "67%" in response.content.decode()


@pytest.mark.parametrize("factory", [JurorFactory, OperatorFactory])
def test_ranking_page_refuses_jurors_and_operators(client, factory):
    competition, _stage, _subs, _panel = one_stage_competition(scores={"RAHASIA": [90]}, top_n=1)
    client.force_login(factory())

    response = client.get(url(competition))

    assert response.status_code == 403
    assert "RAHASIA" not in response.content.decode()


def test_ranking_page_sends_anonymous_visitors_to_log_in(client):
    competition, _stage, _subs, _panel = one_stage_competition(scores={"A": [90]}, top_n=1)

    response = client.get(url(competition))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_ranking_page_404_for_an_unknown_year(committee_client):
    assert committee_client.get(reverse("results:ranking", kwargs={"year": 2999})).status_code == 404


@pytest.mark.parametrize("count", [10, 60])
def test_ranking_page_query_count_is_constant(committee_client, django_assert_num_queries, count):
    competition, _stage, _subs, _panel = one_stage_competition(
        scores={f"S{i:03d}": [40 + i % 50, 45 + i % 40, 50 + i % 30] for i in range(count)}, top_n=5
    )

    with django_assert_num_queries(17):
        committee_client.get(url(competition))


def test_results_index_lists_every_year_for_the_committee(committee_client):
    competition, _stage, _subs, _panel = one_stage_competition(scores={"A": [90]}, top_n=1)

    response = committee_client.get(reverse("results:index"))

    assert [c.year for c in response.context["competitions"]] == [competition.year]


def test_pages_of_a_competition_without_scoring_stage_work(committee_client):
    competition = CompetitionFactory()

    ranking = committee_client.get(url(competition))
    export = committee_client.get(reverse("results:export_csv", kwargs={"year": competition.year}))
    publish = committee_client.get(reverse("results:publish", kwargs={"year": competition.year}))
    tie = committee_client.get(reverse("results:tie_resolve", kwargs={"year": competition.year, "rank": 1}))

    assert (ranking.status_code, export.status_code, publish.status_code, tie.status_code) == (200, 200, 200, 404)
    assert publish.context["preview"].blockers == ["Kompetisi ini belum mempunyai tahap penilaian."]
