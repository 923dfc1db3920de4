"""Publishing while scores change: the frozen snapshot is the ranking entirely before or entirely after
the change, never a mix (PostgreSQL, real threads)."""

import datetime as dt
import time
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from competitions.enums import StageKind
from judging.enums import ScorecardStatus
from judging.models import Assignment, JuryMember, Publication, Score, Scorecard
from judging.ranking import competition_ranking
from submissions.enums import SubmissionStatus
from tests.concurrency.helpers import POSTGRES_ONLY, logged_in, run_together
from tests.factories import (
    CommitteeFactory,
    CompetitionFactory,
    CriterionFactory,
    JurorFactory,
    StageFactory,
    SubmissionFactory,
)

pytestmark = POSTGRES_ONLY

DAY = dt.timedelta(days=1)


def final_round(*, closed: bool, top_n: int = 3):
    """The last scoring stage with two criteria, five finalists and three jurors on the panel."""
    now = timezone.now()
    competition = CompetitionFactory(
        submission_opens_at=now - 60 * DAY, submission_closes_at=now - 30 * DAY, top_n=top_n
    )
    stage = StageFactory(
        competition=competition,
        order=1,
        kind=StageKind.SCORING,
        weight=Decimal(100),
        opens_at=now - 10 * DAY,
        closes_at=now - DAY if closed else now + 5 * DAY,
        closed_at=now - DAY if closed else None,
        scoring_started_at=now - 9 * DAY,  # the scorecards below are written directly, not by the service
    )
    criteria = [
        CriterionFactory(stage=stage, order=1, name="Paparan", weight=Decimal(60), max_score=100),
        CriterionFactory(stage=stage, order=2, name="Tanya jawab", weight=Decimal(40), max_score=100),
    ]
    submissions = [
        SubmissionFactory(competition=competition, stage=stage, status=SubmissionStatus.FINALIST, name=f"FINALIS {i}")
        for i in range(5)
    ]
    jurors = [JurorFactory() for _ in range(3)]
    JuryMember.objects.bulk_create(JuryMember(stage=stage, juror=juror) for juror in jurors)
    return competition, stage, criteria, submissions, jurors


def score(assignment, criteria, values, *, final=True):
    card = Scorecard.objects.create(
        assignment=assignment,
        status=ScorecardStatus.FINAL if final else ScorecardStatus.DRAFT,
        submitted_at=timezone.now() if final else None,
    )
    pairs = zip(criteria, values, strict=True)
    Score.objects.bulk_create(Score(scorecard=card, criterion=c, value=Decimal(v)) for c, v in pairs)
    return card


def top_of(ranking) -> list[tuple[int, int, Decimal]]:
    return [(entry.rank, entry.submission_id, entry.final_score) for entry in ranking.top]


def published_top(publication) -> list[tuple[int, int, Decimal]]:
    return [
        (entry.rank, entry.submission_id, entry.score)
        for entry in publication.entries.order_by("rank", "submission_id")
    ]


def swap_scores(first, second, *, pause: float) -> None:
    """Exchange every score of two submissions in one transaction, row by row, as an admin correcting
    several scorecards would: slow enough that a publication starts in the middle of it."""
    with transaction.atomic():
        rows = {
            (assignment.juror_id, score.criterion_id, assignment.submission_id): score
            for assignment in Assignment.objects.filter(submission__in=[first, second]).select_related("scorecard")
            for score in Score.objects.select_for_update().filter(scorecard=assignment.scorecard)
        }
        original = {key: row.value for key, row in rows.items()}
        for (juror_id, criterion_id, submission_id), row in rows.items():
            other = second.pk if submission_id == first.pk else first.pk
            Score.objects.filter(pk=row.pk).update(value=original[(juror_id, criterion_id, other)])
            time.sleep(pause)


def test_publishing_while_scores_are_corrected_freezes_either_before_or_after():
    competition, stage, criteria, submissions, jurors = final_round(closed=True)
    points = [90, 70, 60, 50, 30]
    for submission, value in zip(submissions, points, strict=True):
        for offset, juror in enumerate(jurors):
            assignment = Assignment.objects.create(stage=stage, submission=submission, juror=juror)
            score(assignment, criteria, [value + offset, value - offset])
    committee = logged_in(CommitteeFactory())
    url = reverse("results:publish", kwargs={"year": competition.year})
    seen = {"before": 0, "after": 0}

    for round_number in range(8):
        before = top_of(competition_ranking(competition))
        responses = run_together(
            [
                lambda: committee.post(url, {"confirm": "on"}),
                lambda: swap_scores(submissions[0], submissions[4], pause=0.005),
            ]
        )
        after = top_of(competition_ranking(competition))

        assert responses[0].status_code == 302, responses[0].content.decode()[-3000:]
        assert before != after
        publication = Publication.objects.get(competition=competition, version=round_number + 1)
        frozen = published_top(publication)
        assert frozen in (before, after)
        seen["before" if frozen == before else "after"] += 1
        assert [row["submission_id"] for row in publication.snapshot["entries"]] == [row[1] for row in frozen]
    assert sum(seen.values()) == 8
    print(f"snapshots frozen before the correction: {seen['before']}, after: {seen['after']}")


def test_closing_and_publishing_while_jurors_submit_freezes_what_counts():
    competition, stage, criteria, submissions, jurors = final_round(closed=False)
    late = []
    for index, submission in enumerate(submissions):
        for offset, juror in enumerate(jurors):
            assignment = Assignment.objects.create(stage=stage, submission=submission, juror=juror)
            if offset == 2 and index in (1, 3):
                score(assignment, criteria, [10, 10], final=False)
                late.append((juror, assignment, [95 - index, 99 - index]))
            else:
                score(assignment, criteria, [80 - 10 * index + offset, 70 - 5 * index])
    committee = logged_in(CommitteeFactory())
    year = competition.year

    def close_then_publish():
        closing = committee.post(
            reverse("results:stage_close", kwargs={"year": year, "stage_pk": stage.pk}),
            {"confirm_early": "on", "confirm_unfinished": "on"},
        )
        publishing = committee.post(reverse("results:publish", kwargs={"year": year}), {"confirm": "on"})
        return closing.status_code, publishing.status_code

    clients = {juror.pk: logged_in(juror) for juror in jurors}

    def submit_late(juror, assignment, values):
        client = clients[juror.pk]
        body = {f"score_{c.pk}": str(v) for c, v in zip(criteria, values, strict=True)} | {"action": "final"}
        return client.post(reverse("judging:scorecard", args=[assignment.pk]), body).status_code

    results = run_together([close_then_publish] + [lambda args=args: submit_late(*args) for args in late])

    assert results[0] == (302, 302)
    # 200: refused with the closed-stage message; 404: the close had voided the assignment first.
    assert all(code in (200, 302, 404) for code in results[1:]), results
    publication = Publication.objects.get(competition=competition)
    assert published_top(publication) == top_of(competition_ranking(competition))
    outcomes = []
    for (_juror, assignment, _values), code in zip(late, results[1:], strict=True):
        assignment.refresh_from_db()
        status = Scorecard.objects.get(assignment=assignment).status
        outcomes.append((code, status, assignment.voided_at is None))
    # Refused (the stage had closed), counted (saved before the close read the scores), or saved while the
    # close was voiding the unfinished assignments it had read (then not counted, as the committee confirmed).
    assert set(outcomes) <= {
        (200, ScorecardStatus.DRAFT, True),
        (200, ScorecardStatus.DRAFT, False),
        (404, ScorecardStatus.DRAFT, False),
        (302, ScorecardStatus.FINAL, True),
        (302, ScorecardStatus.FINAL, False),
    }
    print("late finals (status, scorecard, counts):", outcomes)
