"""Every committee results address, asked by every role: jurors and operators never get in (403), anonymous
visitors are sent to log in, the committee is served."""

import pytest
from django.urls import reverse

from tests.factories import CommitteeFactory, JurorFactory, OperatorFactory
from tests.judging.results_factories import published_competition

pytestmark = pytest.mark.django_db


def addresses(competition, stage, winner):
    year = {"year": competition.year}
    return [
        reverse("results:index"),
        reverse("results:ranking", kwargs=year),
        reverse("results:export_csv", kwargs=year),
        reverse("results:export_xlsx", kwargs=year),
        reverse("results:stage_close", kwargs={**year, "stage_pk": stage.pk}),
        reverse("results:publish", kwargs=year),
        reverse("results:publications", kwargs=year),
        reverse("results:publication_detail", kwargs={**year, "version": 1}),
        reverse("results:unpublish", kwargs={**year, "version": 1}),
        reverse("results:certificates_zip", kwargs=year),
        reverse("results:forwarding", kwargs=year),
        reverse("results:forwarding_pdf", kwargs={**year, "pk": winner.pk}),
        reverse("results:forwarding_zip", kwargs=year),
    ]


@pytest.fixture
def published():
    competition, _publication, subs = published_competition(count=2, top_n=1)
    return competition, competition.stages.get(), subs[0]


@pytest.mark.parametrize("factory", [JurorFactory, OperatorFactory])
def test_jurors_and_operators_are_refused_everywhere(client, published, factory):
    client.force_login(factory())

    statuses = {url: client.get(url).status_code for url in addresses(*published)}

    assert set(statuses.values()) == {403}, statuses


def test_tie_page_is_refused_to_jurors(client, published):
    competition, _stage, _winner = published
    client.force_login(JurorFactory())

    assert client.get(reverse("results:tie_resolve", kwargs={"year": competition.year, "rank": 1})).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in_everywhere(client, published):
    for url in addresses(*published):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url


def test_the_committee_is_served_everywhere(client, published):
    client.force_login(CommitteeFactory())

    statuses = {url: client.get(url).status_code for url in addresses(*published)}

    assert set(statuses.values()) == {200}, statuses
