"""The ceremony view: every place in the page (N -> 1), external script only, no external assets, 404 before."""

import re

import pytest
from django.urls import reverse

from tests.judging.results_factories import one_stage_competition, photo_attachment, published_competition

pytestmark = pytest.mark.django_db


def url(year):
    return reverse("judging_public:ceremony", kwargs={"year": year})


def test_ceremony_reveals_places_from_n_to_1(client):
    competition, _publication, subs = published_competition(count=4, top_n=3)
    photo_attachment(subs[0])

    response = client.get(url(competition.year))
    html = response.content.decode()

    assert response.status_code == 200
    assert [entry.rank for entry in response.context["reveal"]] == [3, 2, 1]
    positions = [html.index(f"INOVASI {letter}</h2>") for letter in "CBA"]
    assert positions == sorted(positions)
    assert "INOVASI D" not in html
    assert reverse("judging_public:photo", kwargs={"pk": subs[0].pk}) in html


def test_ceremony_has_no_inline_script_and_no_external_asset(client):
    competition, _publication, _subs = published_competition(count=2, top_n=2)

    html = client.get(url(competition.year)).content.decode()

    assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/js/ceremony.js">']
    assert "<style" not in html
    assert " style=" not in html
    assert " onclick=" not in html
    assert not re.search(r'(src|href)="(https?:)?//', html)


def test_ceremony_lists_everything_for_visitors_without_script(client):
    competition, _publication, _subs = published_competition(count=3, top_n=3)

    html = client.get(url(competition.year)).content.decode()

    # Every place is in the markup; only the script hides them one by one.
    assert html.count('class="cer-slide cer-place') == 3
    assert "hidden" not in re.sub(r"aria-hidden=\"true\"", "", html.split("<main", 1)[1].split("</main>")[0])


def test_ceremony_404_before_publication(client):
    competition, _stage, _subs, _panel = one_stage_competition(scores={"A": [90]}, top_n=1)

    assert client.get(url(competition.year)).status_code == 404
