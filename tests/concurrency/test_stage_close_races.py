"""A juror's save and the committee's stage close at the same moment, with the interleaving forced by a
third transaction that holds a lock both wait for (so each test is deterministic, not a lucky race).

Both tests guard fixed bugs: the lock order of `scorecard_save` (assignment, then stage) and
`stage_close` (stage, then the assignments it voids) was opposite, a deadlock; and the close voided the
assignments it had read as unfinished without re-reading them under the lock, losing a final save.
Now both take the stage row first (the save in `FOR KEY SHARE`, the close `FOR UPDATE`), then the
assignments, and the close reads its plan only after holding its locks.
"""

import datetime as dt
import threading
import time
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from competitions.enums import StageKind
from competitions.models import Stage
from judging.enums import ScorecardStatus
from judging.models import Assignment, JuryMember, Scorecard
from judging.services.scoring import scorecard_reopen, scorecard_save
from judging.services.stages import stage_close
from submissions.enums import SubmissionStatus
from tests.concurrency.helpers import POSTGRES_ONLY, logged_in
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


def open_stage(*, scoring_started: bool):
    now = timezone.now()
    competition = CompetitionFactory(submission_opens_at=now - 60 * DAY, submission_closes_at=now - 30 * DAY)
    stage = StageFactory(
        competition=competition,
        order=1,
        kind=StageKind.SCORING,
        weight=Decimal(100),
        opens_at=now - 10 * DAY,
        closes_at=now + 5 * DAY,
        scoring_started_at=now - DAY if scoring_started else None,
    )
    criterion = CriterionFactory(stage=stage, weight=Decimal(100), max_score=100)
    juror = JurorFactory()
    JuryMember.objects.create(stage=stage, juror=juror)
    submission = SubmissionFactory(competition=competition, stage=stage, status=SubmissionStatus.FINALIST)
    assignment = Assignment.objects.create(stage=stage, submission=submission, juror=juror)
    return stage, criterion, juror, assignment


class Worker(threading.Thread):
    """Run `call` in its own thread and connection; keep its result or exception."""

    def __init__(self, call):
        super().__init__()
        self.call, self.result, self.error = call, None, None

    def run(self):
        try:
            self.result = self.call()
        except Exception as error:  # noqa: BLE001 - the test asserts on it
            self.error = error
        finally:
            connection.close()


def wait_for_lock_waiters(count: int, timeout: float = 15) -> None:
    """Wait until `count` other sessions of this database are blocked on a lock."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0] >= count:
                return
        time.sleep(0.02)
    raise AssertionError(f"{count} sessions never waited on a lock")


def test_closing_a_stage_while_its_first_score_is_saved_does_not_deadlock():
    stage, criterion, juror, assignment = open_stage(scoring_started=False)
    committee = CommitteeFactory()
    closer = Worker(lambda: stage_close(stage=stage, by=committee, confirm_unfinished=True, confirm_early=True))
    scorer = Worker(lambda: scorecard_save(juror=juror, assignment=assignment, values={criterion.pk: 80}, final=True))

    with transaction.atomic():
        Stage.objects.select_for_update().get(pk=stage.pk)  # both will queue behind this lock, closer first
        closer.start()
        wait_for_lock_waiters(1)
        scorer.start()
        wait_for_lock_waiters(2)
    closer.join(30)
    scorer.join(30)

    # No deadlock (a database error): the close, first in the queue, goes through; the save then sees
    # the closed stage and is refused with the clear message, so nothing half-saved is left behind.
    assert closer.error is None
    assert isinstance(scorer.error, ValidationError), scorer.error
    assert scorer.error.messages == ["Tahap ini sudah ditutup panitia; nilai tidak dapat diubah lagi."]
    assignment.refresh_from_db()
    assert assignment.voided_at is not None
    assert not Scorecard.objects.filter(assignment=assignment).exists()


def test_a_final_save_confirmed_while_the_stage_closes_is_counted_or_refused():
    stage, criterion, juror, assignment = open_stage(scoring_started=True)
    committee = CommitteeFactory()
    scorer = Worker(lambda: scorecard_save(juror=juror, assignment=assignment, values={criterion.pk: 80}, final=True))
    closer = Worker(lambda: stage_close(stage=stage, by=committee, confirm_unfinished=True, confirm_early=True))

    with transaction.atomic():
        # An uncommitted scorecard for the same assignment: the juror's insert waits on its unique key
        # while holding the assignment lock, so the close reads the assignment as unfinished meanwhile.
        Scorecard.objects.create(assignment=assignment)
        scorer.start()
        wait_for_lock_waiters(1)
        closer.start()
        wait_for_lock_waiters(2)
        transaction.set_rollback(True)
    scorer.join(30)
    closer.join(30)

    assert (closer.error, scorer.error) == (None, None)
    assignment.refresh_from_db()
    saved = scorer.error is None and Scorecard.objects.get(assignment=assignment).status == ScorecardStatus.FINAL
    assert not saved or assignment.voided_at is None, "the juror was told the scores were sent, yet they do not count"


def test_reopening_a_scorecard_while_the_stage_closes_waits_and_is_refused():
    stage, criterion, juror, assignment = open_stage(scoring_started=True)
    scorecard = scorecard_save(juror=juror, assignment=assignment, values={criterion.pk: 80}, final=True)
    committee = CommitteeFactory()
    closer = Worker(lambda: stage_close(stage=stage, by=committee, confirm_early=True))
    reopener = Worker(lambda: scorecard_reopen(scorecard=scorecard, by=committee, reason="Salah ketik"))

    with transaction.atomic():
        Stage.objects.select_for_update().get(pk=stage.pk)  # both queue behind this lock, closer first
        closer.start()
        wait_for_lock_waiters(1)
        reopener.start()
        wait_for_lock_waiters(2)
    closer.join(30)
    reopener.join(30)

    # Reopened after the close read it as final, the scorecard would be a draft in a closed stage.
    assert closer.error is None
    assert isinstance(reopener.error, ValidationError), reopener.error
    assert reopener.error.messages == ["Tahap ini sudah ditutup; lembar nilai tidak dapat dibuka kembali."]
    scorecard.refresh_from_db()
    assert scorecard.status == ScorecardStatus.FINAL


def test_a_save_refused_because_the_stage_closed_meanwhile_shows_the_message():
    stage, criterion, juror, assignment = open_stage(scoring_started=True)
    committee = CommitteeFactory()
    client = logged_in(juror)
    url = reverse("judging:scorecard", args=[assignment.pk])
    closer = Worker(lambda: stage_close(stage=stage, by=committee, confirm_unfinished=True, confirm_early=True))
    scorer = Worker(lambda: client.post(url, {f"score_{criterion.pk}": "80", "action": "final"}))

    with transaction.atomic():
        Stage.objects.select_for_update().get(pk=stage.pk)  # both queue behind this lock, closer first
        closer.start()
        wait_for_lock_waiters(1)
        scorer.start()
        wait_for_lock_waiters(2)
    closer.join(30)
    scorer.join(30)

    assert closer.error is None
    assert scorer.error is None, scorer.error
    assert scorer.result.status_code == 200
    assert "Tahap ini sudah ditutup panitia" in scorer.result.content.decode()
