"""send_juror_reminders: who is reminded, in Indonesian, at most once a day per stage."""

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from judging.models import JurorReminder
from judging.services.scoring import scorecard_save
from tests.factories import JurorFactory

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("send_juror_reminders", *args, "--site-url", "https://kipp.example.test", stdout=out)
    return out.getvalue()


@pytest.fixture
def closing_soon(stage):
    stage.closes_at = timezone.now() + dt.timedelta(days=2)
    stage.save()
    return stage


def test_reminders_email_juror_with_unfinished_scorecards(closing_soon, assign, make_submission, criteria):
    juror = JurorFactory(full_name="Dr. Siti Aminah", email="siti@example.test")
    draft = assign(juror, make_submission(name="SIAPEL"))
    assign(juror, make_submission(name="KOPI TUBRUK"))
    done = assign(juror, make_submission(name="IBUKOTA"))
    scorecard_save(juror=juror, assignment=draft, values={criteria[0].pk: 50})
    scorecard_save(juror=juror, assignment=done, values={criteria[0].pk: 50, criteria[1].pk: 25}, final=True)

    output = run()

    (message,) = mail.outbox
    assert message.to == ["siti@example.test"]
    assert message.subject == "[KIPP] Pengingat: 2 usulan belum final, Penilaian Proposal"
    assert "Yth. Dr. Siti Aminah," in message.body
    assert "- KOPI TUBRUK (belum dinilai)\n- SIAPEL (draf)\n" in message.body
    assert "IBUKOTA" not in message.body
    assert "https://kipp.example.test/penilaian/" in message.body
    assert "Sent 1 reminder(s)." in output


def test_reminders_skip_jurors_who_finished(closing_soon, assign, make_submission, criteria):
    juror = JurorFactory()
    done = assign(juror, make_submission())
    scorecard_save(juror=juror, assignment=done, values={criteria[0].pk: 50, criteria[1].pk: 25}, final=True)

    run()

    assert mail.outbox == []


def test_reminders_skip_stages_closing_later_than_days(stage, assign, make_submission):
    stage.closes_at = timezone.now() + dt.timedelta(days=5)
    stage.save()
    assign(JurorFactory(), make_submission())

    run()
    assert mail.outbox == []
    run("--days", "6")
    assert len(mail.outbox) == 1


def test_reminders_skip_closed_and_voided(closing_soon, assign, make_submission):
    voided = assign(JurorFactory(), make_submission())
    voided.voided_at = timezone.now()
    voided.save()

    run()

    assert mail.outbox == []


def test_reminders_are_sent_once_a_day(closing_soon, assign, make_submission):
    juror = JurorFactory()
    assign(juror, make_submission())

    run()
    second = run()

    assert len(mail.outbox) == 1
    assert "Sent 0 reminder(s)." in second
    assert list(JurorReminder.objects.values_list("juror_id", "sent_on", "unfinished_count")) == [
        (juror.pk, timezone.localdate(), 1)
    ]


def test_reminders_dry_run_sends_and_records_nothing(closing_soon, assign, make_submission):
    juror = JurorFactory(email="dry@example.test")
    assign(juror, make_submission())

    output = run("--dry-run")

    assert mail.outbox == []
    assert JurorReminder.objects.count() == 0
    assert "would remind dry@example.test (1 unfinished)" in output


def test_reminders_help_documents_the_command():
    from judging.management.commands.send_juror_reminders import Command

    assert "--days" in Command.help
    assert "cron" in Command.help
