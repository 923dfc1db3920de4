"""Scoring under load on PostgreSQL, through the juror's real page.

tests/judging/test_concurrency_scoring.py covers twenty simultaneous final submissions carrying the
loaded version; here: the same without any version (an old page, a script), a mix of drafts and finals
from one version, and ten jurors scoring thirty submissions each at the same time, whose ranking must
equal a serial recomputation from the values they typed.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from competitions.enums import StageKind
from judging.enums import ScorecardStatus
from judging.models import Assignment, JuryMember, Score, Scorecard
from judging.ranking import competition_ranking
from submissions.enums import SubmissionStatus
from tests.concurrency.helpers import POSTGRES_ONLY, logged_in, run_together
from tests.factories import CompetitionFactory, CriterionFactory, JurorFactory, StageFactory, SubmissionFactory
from tests.fuzz.reference import juror_total, mean

pytestmark = POSTGRES_ONLY

DAY = dt.timedelta(days=1)


@pytest.fixture
def stage():
    now = timezone.now()
    competition = CompetitionFactory(submission_opens_at=now - 40 * DAY, submission_closes_at=now - 5 * DAY)
    stage = StageFactory(
        competition=competition, order=1, kind=StageKind.SCORING, weight=Decimal(100), opens_at=now - DAY
    )
    CriterionFactory(stage=stage, order=1, name="Kebaruan", weight=Decimal("30"), max_score=100)
    CriterionFactory(stage=stage, order=2, name="Signifikansi", weight=Decimal("45.5"), max_score=50)
    CriterionFactory(stage=stage, order=3, name="Keberlanjutan", weight=Decimal("24.5"), max_score=7)
    return stage


def criteria_of(stage):
    return list(stage.criteria.order_by("order"))


def make_assignments(stage, jurors, submissions):
    JuryMember.objects.bulk_create(JuryMember(stage=stage, juror=juror) for juror in jurors)
    return Assignment.objects.bulk_create(
        Assignment(stage=stage, submission=submission, juror=juror) for juror in jurors for submission in submissions
    )


def body(criteria, values, **extra) -> dict:
    pairs = zip(criteria, values, strict=True)
    return {f"score_{criterion.pk}": str(value).replace(".", ",") for criterion, value in pairs} | extra


def test_twenty_final_submissions_without_a_version_still_give_one_final(stage):
    criteria = criteria_of(stage)
    juror = JurorFactory()
    [assignment] = make_assignments(stage, [juror], [SubmissionFactory(competition=stage.competition, stage=stage)])
    clients = [logged_in(juror) for _ in range(20)]
    url = reverse("judging:scorecard", args=[assignment.pk])

    responses = run_together(
        [lambda i=i: clients[i].post(url, body(criteria, [50 + i, 25, 7], action="final")) for i in range(20)]
    )

    codes = sorted(getattr(response, "status_code", repr(response)) for response in responses)
    assert codes == [200] * 19 + [302]
    winner = next(i for i, response in enumerate(responses) if response.status_code == 302)
    assert all(
        "sudah dikirim final" in response.content.decode() for response in responses if response.status_code == 200
    )
    card = Scorecard.objects.get(assignment=assignment)
    assert (card.status, card.version, card.history.count()) == (ScorecardStatus.FINAL, 1, 1)
    stored = list(Score.objects.filter(scorecard=card).order_by("criterion__order").values_list("value", flat=True))
    assert stored == [Decimal(50 + winner), Decimal(25), Decimal(7)]


def test_drafts_and_finals_racing_from_one_version_keep_exactly_the_winner(stage):
    criteria = criteria_of(stage)
    juror = JurorFactory()
    [assignment] = make_assignments(stage, [juror], [SubmissionFactory(competition=stage.competition, stage=stage)])
    clients = [logged_in(juror) for _ in range(20)]
    url = reverse("judging:scorecard", args=[assignment.pk])
    actions = ["draft", "final"] * 10

    responses = run_together(
        [
            lambda i=i: clients[i].post(url, body(criteria, [i, i / 2, 3], action=actions[i], version="0"))
            for i in range(20)
        ]
    )

    codes = [getattr(response, "status_code", repr(response)) for response in responses]
    assert sorted(codes) == [200] * 19 + [302]
    winner = codes.index(302)
    card = Scorecard.objects.get(assignment=assignment)
    expected_status = ScorecardStatus.FINAL if actions[winner] == "final" else ScorecardStatus.DRAFT
    assert (card.status, card.version, card.history.count()) == (expected_status, 1, 1)
    stored = list(Score.objects.filter(scorecard=card).order_by("criterion__order").values_list("value", flat=True))
    assert stored == [Decimal(winner), Decimal(winner) / 2, Decimal(3)]


def typed_value(juror_index: int, submission_index: int, criterion_index: int, max_score: int) -> Decimal:
    """A distinct, reproducible score with up to two decimals, within 0..max score."""
    mixed = juror_index * 7919 + submission_index * 104729 + criterion_index * 1299709
    return Decimal(mixed % (max_score * 100 + 1)) / 100


def test_ten_jurors_scoring_thirty_submissions_at_once_equal_a_serial_recomputation(stage):
    criteria = criteria_of(stage)
    jurors = [JurorFactory() for _ in range(10)]
    submissions = [
        SubmissionFactory(competition=stage.competition, stage=stage, status=SubmissionStatus.ELIGIBLE)
        for _ in range(30)
    ]
    make_assignments(stage, jurors, submissions)
    index_of_submission = {submission.pk: index for index, submission in enumerate(submissions)}
    clients = [logged_in(juror) for juror in jurors]

    def score_all(j):
        codes = []
        for assignment in Assignment.objects.filter(juror=jurors[j]).order_by("?"):
            s = index_of_submission[assignment.submission_id]
            values = [typed_value(j, s, c, criterion.max_score) for c, criterion in enumerate(criteria)]
            url = reverse("judging:scorecard", args=[assignment.pk])
            codes.append(clients[j].post(url, body(criteria, values, action="final", version="0")).status_code)
        return codes

    results = run_together([lambda j=j: score_all(j) for j in range(10)], timeout=600)

    assert results == [[302] * 30] * 10
    assert Scorecard.objects.filter(status=ScorecardStatus.FINAL).count() == 300
    stored = {
        (juror_id, submission_id, criterion_id): value
        for juror_id, submission_id, criterion_id, value in Score.objects.values_list(
            "scorecard__assignment__juror_id", "scorecard__assignment__submission_id", "criterion_id", "value"
        )
    }
    typed = {
        (juror.pk, submission.pk, criterion.pk): typed_value(j, s, c, criterion.max_score)
        for j, juror in enumerate(jurors)
        for s, submission in enumerate(submissions)
        for c, criterion in enumerate(criteria)
    }
    assert stored == typed
    ranking = competition_ranking(stage.competition)
    serial = {}
    for s, submission in enumerate(submissions):
        totals = [
            juror_total((typed_value(j, s, c, k.max_score), k.weight, k.max_score) for c, k in enumerate(criteria))
            for j in range(10)
        ]
        serial[submission.pk] = mean(totals)
    assert {entry.submission_id: entry.stage_scores[stage.pk] for entry in ranking.entries} == serial
    assert {entry.submission_id: entry.final_score for entry in ranking.entries} == serial
    assert len(set(serial.values())) == 30  # distinct scores, so the order is the scores' order
    ahead = {pk: sum(1 for other in serial.values() if other > score) for pk, score in serial.items()}
    assert {entry.submission_id: entry.rank for entry in ranking.entries} == {pk: n + 1 for pk, n in ahead.items()}
