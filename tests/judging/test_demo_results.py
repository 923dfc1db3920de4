"""The results demo: KIPP 2023 published with exactly the real 2023 Top 10, computed by the ranking module."""

import pytest

from competitions import demo as competitions_demo
from judging import demo
from judging.models import Publication, PublishedEntry, StageAdvancement
from judging.ranking import competition_ranking
from kipp import demo as kipp_demo
from submissions.enums import SubmissionStatus
from submissions.models import Submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def context():
    context = kipp_demo.load()
    context.update(competitions_demo.load(context))
    return context


def test_demo_publishes_2023_with_the_real_top_ten(context):
    demo.load(context)
    competition = context["competitions"][2023]

    publication = Publication.objects.get(competition=competition)
    entries = list(publication.entries.order_by("rank"))
    ranking = competition_ranking(competition)

    assert sorted(entry.innovation_name for entry in entries) == sorted(demo.TOP_TEN)
    assert [entry.submission.name for entry in ranking.top] == [entry.innovation_name for entry in entries]
    assert [entry.rank for entry in entries] == list(range(1, 11))
    assert [entry.tier_name for entry in entries] == ["Tiga Besar"] * 3 + ["Terbaik"] * 3 + ["Favorit"] * 4
    assert Submission.objects.filter(competition=competition).count() == 40
    assert Submission.objects.filter(competition=competition, status=SubmissionStatus.WINNER).count() == 10
    assert Submission.objects.filter(competition=competition, status=SubmissionStatus.FINALIST).count() == 10
    assert StageAdvancement.objects.filter(stage__competition=competition, advanced=True).count() == 20
    assert all(stage.closed_at is not None for stage in competition.stages.filter(kind="scoring"))


def test_demo_never_lets_the_education_juror_score_a_school(context):
    demo.load(context)
    juri5 = context["people"]["juri5"]

    scored_units = set(
        Submission.objects.filter(assignments__juror=juri5).values_list("unit__kind", flat=True).distinct()
    )

    assert "sekolah" not in scored_units
    assert (
        Submission.objects.filter(assignments__juror=juri5, unit__name="Dinas Pendidikan dan Kebudayaan").count() == 0
    )


def test_demo_is_idempotent(context):
    demo.load(context)
    counts = (Publication.objects.count(), PublishedEntry.objects.count(), Submission.objects.count())

    demo.load(context)

    assert (Publication.objects.count(), PublishedEntry.objects.count(), Submission.objects.count()) == counts


def test_demo_pages_show_the_ten(context, client):
    demo.load(context)

    results = client.get("/hasil/2023/")
    ceremony = client.get("/hasil/2023/upacara/")
    certificate = client.get("/hasil/2023/piagam/1/")
    archive = client.get("/arsip/", {"q": "tuberkulosis"})

    assert results.status_code == 200
    assert all(name in results.content.decode() for name in ["KOPI TUBRUK", "SIAPEL", "IBUKOTA", "INDIGO"])
    assert ceremony.status_code == 200
    assert "SEPAKAT 22" in ceremony.content.decode()
    assert certificate["Content-Type"] == "application/pdf"
    assert certificate.content.startswith(b"%PDF")
    assert [item.innovation_name for item in archive.context["items"]] == ["KOPI TUBRUK"]
