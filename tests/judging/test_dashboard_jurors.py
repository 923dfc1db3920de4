"""The committee dashboard lists at most 20 jurors per stage (those furthest behind), with the totals and a
link to the stage's jury page for the rest, in the same number of queries whatever the size of the jury."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from judging.dashboard import SHOWN_JURORS, dashboard_context
from judging.enums import ScorecardStatus
from judging.models import Assignment, JuryMember, Scorecard
from tests.factories import JurorFactory


def seat(stage, submissions, count, *, start=0):
    """`count` jurors on the stage, each assigned every submission; by index: a third not started, a third
    with drafts only, a third with one final scorecard per assignment but the last (left a draft)."""
    jurors = [JurorFactory(full_name=f"Juri {start + index:02d}") for index in range(count)]
    JuryMember.objects.bulk_create(JuryMember(stage=stage, juror=juror) for juror in jurors)
    for index, juror in enumerate(jurors):
        assignments = Assignment.objects.bulk_create(
            Assignment(stage=stage, submission=submission, juror=juror) for submission in submissions
        )
        band = (start + index) % 3
        if band == 0:
            continue  # not started
        Scorecard.objects.bulk_create(
            Scorecard(
                assignment=assignment,
                status=ScorecardStatus.FINAL if band == 2 and i < len(assignments) - 1 else ScorecardStatus.DRAFT,
            )
            for i, assignment in enumerate(assignments)
        )
    return jurors


def dashboard(client, competition):
    url = reverse("committee:dashboard", args=[competition.year])
    client.get(url)  # the first request of a process fills Django's own caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


@pytest.mark.django_db
def test_a_stage_with_30_jurors_shows_the_20_furthest_behind_and_the_remainder(
    committee_client, competition, stage, make_submission
):
    submissions = [make_submission() for _ in range(3)]
    small = seat(stage, submissions, 3)
    _response, few_queries = dashboard(committee_client, competition)

    jurors = small + seat(stage, submissions, 27, start=3)
    response, many_queries = dashboard(committee_client, competition)

    [item] = [item for item in response.context["stage_progress"] if item.stage.pk == stage.pk]
    assert SHOWN_JURORS == 20
    assert (item.juror_count, len(item.behind), item.more_jurors) == (30, 20, 10)
    # Not started first (10 jurors), then the fewest final scorecards (the 10 with drafts only).
    not_started = [f"Juri {i:02d}" for i in range(30) if i % 3 == 0]
    drafts_only = [f"Juri {i:02d}" for i in range(30) if i % 3 == 1]
    assert [juror.name for juror in item.behind] == not_started + drafts_only
    # The stage's totals still count every juror.
    assert (item.assigned, item.final) == (90, 20)
    html = response.content.decode()
    assert html.count('class="cmp-juror-name"') == 20
    assert "Juri 02" not in html  # finished most: listed on the stage's jury page only
    assert "Ditampilkan 20 dari 30 juri" in html
    assert f'<a href="{reverse("judging:stage_jury", args=[stage.pk])}">dan 10 juri lainnya →</a>' in html
    assert len(jurors) == 30
    assert many_queries == few_queries


@pytest.mark.django_db
def test_a_small_jury_is_listed_in_full_without_a_remainder(committee_client, competition, stage, make_submission):
    seat(stage, [make_submission()], 4)

    context = dashboard_context(competition)

    [item] = [item for item in context["stage_progress"] if item.stage.pk == stage.pk]
    assert (len(item.behind), item.more_jurors) == (4, 0)
    assert "juri lainnya" not in dashboard(committee_client, competition)[0].content.decode()
