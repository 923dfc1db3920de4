"""Closing a scoring stage: the proposal (top K, ties at the cut), overrides, confirmations, the move on."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from judging.enums import ScorecardStatus
from judging.models import Assignment, JuryMember, StageAdvancement
from judging.services.scoring import scorecard_save
from judging.services.stages import stage_close, stage_close_plan
from submissions.enums import SubmissionStatus
from submissions.models import SubmissionEvent
from tests.factories import CommitteeFactory, JurorFactory, OperatorFactory
from tests.judging.results_factories import jurors, past_competition, scorecard, scoring_stage, submission

pytestmark = pytest.mark.django_db


def two_stage(desk_scores, *, advance=2, desk_closes_in_past=True):
    """Desk (advance `advance`) then a final presentation stage; one juror gives each submission its score."""
    competition = past_competition(top_n=1)
    desk, (criterion,) = scoring_stage(competition, order=1, weight=60, criteria=[(100, 100)], advance_count=advance)
    if not desk_closes_in_past:
        desk.closes_at = timezone.now() + dt.timedelta(days=2)
        desk.opens_at = timezone.now() - dt.timedelta(days=2)
        desk.save()
    final, _criteria = scoring_stage(competition, order=2, weight=40, criteria=[(100, 100)])
    (juror,) = jurors(1)
    subs = {}
    for name, value in desk_scores.items():
        subs[name] = submission(competition, stage=desk, name=name)
        if value is not None:
            scorecard(desk, subs[name], juror, [value], criteria=[criterion])
    return competition, desk, final, subs, juror


def test_plan_proposes_the_top_k_by_stage_score():
    _competition, desk, final, subs, _juror = two_stage({"A": 90, "B": 70, "C": 80, "D": 60})

    plan = stage_close_plan(stage=desk)

    assert [(row.entry.submission.name, row.score_rank, row.proposed) for row in plan.rows] == [
        ("A", 1, True),
        ("C", 2, True),
        ("B", 3, False),
        ("D", 4, False),
    ]
    assert (plan.next_stage, plan.tied_at_cut) == (final, [])


def test_plan_shows_ties_at_the_cut_and_proposes_all_of_them():
    _competition, desk, _final, _subs, _juror = two_stage({"A": 90, "B": 80, "C": 80, "D": 60})

    plan = stage_close_plan(stage=desk)

    assert [(row.entry.submission.name, row.score_rank, row.proposed, row.tied_at_cut) for row in plan.rows] == [
        ("A", 1, True, False),
        ("B", 2, True, True),
        ("C", 2, True, True),
        ("D", 4, False, False),
    ]


def test_close_stores_advancements_and_moves_finalists_on():
    _competition, desk, final, subs, _juror = two_stage({"A": 90, "B": 70, "C": 80})
    committee = CommitteeFactory()

    stage_close(stage=desk, by=committee)

    desk.refresh_from_db()
    assert (desk.closed_by, desk.closed_at is not None) == (committee, True)
    advancements = {
        a.submission.name: (a.advanced, a.overridden, a.stage_score)
        for a in StageAdvancement.objects.filter(stage=desk).select_related("submission")
    }
    assert advancements == {
        "A": (True, False, Decimal("90.0000")),
        "C": (True, False, Decimal("80.0000")),
        "B": (False, False, Decimal("70.0000")),
    }
    for sub in subs.values():
        sub.refresh_from_db()
    assert [(s.name, s.stage_id, s.status) for s in subs.values()] == [
        ("A", final.pk, SubmissionStatus.FINALIST),
        ("B", desk.pk, SubmissionStatus.ELIGIBLE),
        ("C", final.pk, SubmissionStatus.FINALIST),
    ]
    assert list(
        SubmissionEvent.objects.filter(submission=subs["A"]).values_list("from_status", "to_status", "actor")
    ) == [(SubmissionStatus.ELIGIBLE, SubmissionStatus.FINALIST, committee.pk)]


def test_override_needs_a_reason_and_is_recorded():
    _competition, desk, final, subs, _juror = two_stage({"A": 90, "B": 70, "C": 80})
    committee = CommitteeFactory()

    with pytest.raises(ValidationError) as refused:
        stage_close(stage=desk, by=committee, advancing_ids=[subs["A"].pk, subs["B"].pk])
    stage_close(
        stage=desk,
        by=committee,
        advancing_ids=[subs["A"].pk, subs["B"].pk],
        reason="C mundur dari kompetisi; B menggantikannya sesuai rapat panitia.",
    )

    assert "reason" in refused.value.message_dict
    rows = {
        a.submission.name: (a.advanced, a.overridden, a.reason)
        for a in StageAdvancement.objects.filter(stage=desk).select_related("submission")
    }
    reason = "C mundur dari kompetisi; B menggantikannya sesuai rapat panitia."
    assert rows == {"A": (True, False, ""), "B": (True, True, reason), "C": (False, True, reason)}
    subs["B"].refresh_from_db()
    assert subs["B"].stage_id == final.pk


def test_close_refuses_unfinished_scorecards_unless_confirmed():
    _competition, desk, _final, subs, _juror = two_stage({"A": 90, "B": 70})
    drafting = JurorFactory()
    scorecard(desk, subs["B"], drafting, [10], criteria=list(desk.criteria.all()), status=ScorecardStatus.DRAFT)
    committee = CommitteeFactory()

    with pytest.raises(ValidationError) as refused:
        stage_close(stage=desk, by=committee)
    desk.refresh_from_db()
    still_open = desk.closed_at is None
    stage_close(stage=desk, by=committee, confirm_unfinished=True)

    assert still_open is True
    assert refused.value.message_dict["confirm_unfinished"] == [
        "Masih ada 1 lembar nilai yang belum final. Centang konfirmasi bila tahap tetap ditutup: lembar itu tidak "
        "akan dihitung."
    ]
    voided = Assignment.objects.get(juror=drafting)
    assert (voided.voided_at is not None, voided.void_reason) == (
        True,
        "Tahap ditutup panitia sebelum lembar nilai ini final.",
    )


def test_close_before_the_deadline_needs_confirmation():
    _competition, desk, _final, _subs, _juror = two_stage({"A": 90}, desk_closes_in_past=False)
    committee = CommitteeFactory()

    with pytest.raises(ValidationError) as refused:
        stage_close(stage=desk, by=committee)
    stage_close(stage=desk, by=committee, confirm_early=True)

    assert list(refused.value.message_dict) == ["confirm_early"]
    desk.refresh_from_db()
    assert desk.closed_at is not None


def test_close_twice_is_refused():
    _competition, desk, _final, _subs, _juror = two_stage({"A": 90})
    committee = CommitteeFactory()
    stage_close(stage=desk, by=committee)

    with pytest.raises(ValidationError) as refused:
        stage_close(stage=desk, by=committee)

    assert refused.value.messages == ["Tahap ini sudah ditutup."]


def test_closing_the_final_stage_advances_no_one():
    competition, desk, final, subs, _juror = two_stage({"A": 90})
    committee = CommitteeFactory()
    stage_close(stage=desk, by=committee)

    stage_close(stage=final, by=committee)

    final.refresh_from_db()
    assert (final.closed_at is not None, StageAdvancement.objects.filter(stage=final).count()) == (True, 0)


def test_only_the_committee_closes_a_stage():
    _competition, desk, _final, _subs, juror = two_stage({"A": 90})

    with pytest.raises(ValidationError) as refused:
        stage_close(stage=desk, by=juror)

    assert refused.value.messages == ["Hanya panitia yang dapat menutup tahap."]


def test_no_scoring_after_the_stage_is_closed():
    competition = past_competition(top_n=1)
    stage, criteria = scoring_stage(competition, order=1, weight=100, criteria=[(100, 100)], open_now=True)
    juror = JurorFactory()
    JuryMember.objects.create(stage=stage, juror=juror)
    entry = submission(competition, stage=stage)
    assignment = Assignment.objects.create(stage=stage, submission=entry, juror=juror)
    stage_close(stage=stage, by=CommitteeFactory(), confirm_early=True, confirm_unfinished=True)

    with pytest.raises(ValidationError):
        scorecard_save(juror=juror, assignment=assignment, values={criteria[0].pk: "80"}, final=True)


# --- the page ---------------------------------------------------------------------------------------


def page(competition, stage):
    return reverse("results:stage_close", kwargs={"year": competition.year, "stage_pk": stage.pk})


def test_close_page_shows_the_proposal_to_the_committee(committee_client):
    competition, desk, _final, _subs, _juror = two_stage({"A": 90, "B": 80, "C": 80, "D": 60})

    response = committee_client.get(page(competition, desk))

    assert response.status_code == 200
    assert [(row.entry.submission.name, row.proposed) for row in response.context["plan"].rows] == [
        ("A", True),
        ("B", True),
        ("C", True),
        ("D", False),
    ]
    assert "bernilai sama tepat di batas" in response.content.decode()


def test_close_page_post_closes_and_keeps_typed_reason_on_error(committee_client):
    competition, desk, final, subs, _juror = two_stage({"A": 90, "B": 70, "C": 80})

    refused = committee_client.post(page(competition, desk), {"advancing": [subs["B"].pk]})
    closed = committee_client.post(
        page(competition, desk), {"advancing": [subs["A"].pk, subs["B"].pk], "reason": "Keputusan rapat 12 Juni."}
    )

    assert refused.status_code == 200
    assert refused.context["form"].errors["reason"] == [
        "Tuliskan alasan keputusan panitia yang menyimpang dari peringkat (menambah atau mengurangi yang lolos)."
    ]
    assert closed.status_code == 302
    assert sorted(
        StageAdvancement.objects.filter(stage=desk, advanced=True).values_list("submission__name", flat=True)
    ) == [
        "A",
        "B",
    ]


@pytest.mark.parametrize("role", ["juror", "operator"])
def test_close_page_refuses_other_roles(client, role):
    competition, desk, _final, _subs, _juror = two_stage({"A": 90})
    client.force_login(JurorFactory() if role == "juror" else OperatorFactory())

    assert client.get(page(competition, desk)).status_code == 403
    assert client.post(page(competition, desk), {}).status_code == 403
    desk.refresh_from_db()
    assert desk.closed_at is None


def test_close_page_sends_anonymous_visitors_to_log_in(client):
    competition, desk, _final, _subs, _juror = two_stage({"A": 90})

    response = client.get(page(competition, desk))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("count", [3, 12])
def test_close_page_query_count_is_constant(committee_client, django_assert_num_queries, count):
    competition, desk, _final, _subs, _juror = two_stage({f"S{i:02d}": 50 + i for i in range(count)})
    url = page(competition, desk)
    committee_client.get(url)

    with django_assert_num_queries(15):
        committee_client.get(url)


def test_close_page_ignores_tampered_ids(committee_client):
    competition, desk, _final, subs, _juror = two_stage({"A": 90, "B": 70})

    response = committee_client.post(page(competition, desk), {"advancing": ["²", "x", str(subs["A"].pk)]})

    assert response.status_code == 200
    assert response.context["chosen"] == {subs["A"].pk}
    assert response.context["form"].errors["advancing"]
