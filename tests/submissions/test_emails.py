"""Notifications: sent after the commit, in Bahasa Indonesia; a mail failure is logged, never undoes the action."""

import logging

import pytest
from django.core import mail

from submissions import services
from submissions.enums import SubmissionStatus
from tests.factories import CommitteeFactory, OperatorFactory
from tests.submissions.conftest import attach_statements, complete_data


@pytest.fixture
def mail_log():
    """Collect records of the "kipp.mail" logger (the "kipp" logger does not propagate to the root)."""
    records = []

    class Collector(logging.Handler):
        def emit(self, record):
            records.append(record)

    handler = Collector(level=logging.DEBUG)
    logger = logging.getLogger("kipp.mail")
    logger.addHandler(handler)
    yield records
    logger.removeHandler(handler)


def test_received_mail_goes_to_the_units_operators_and_contact(
    complete_draft, operator, colleague, django_capture_on_commit_callbacks
):
    OperatorFactory()  # another unit's operator hears nothing
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_submit(submission=complete_draft, user=operator)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == '[KIPP 2026] Usulan "SIDAKEP" telah diterima panitia'
    assert message.to == [operator.email, colleague.email, "budi@example.test"]
    assert "Yth. Operator Dinas Kependudukan dan Pencatatan Sipil," in message.body
    assert 'Usulan inovasi "SIDAKEP" untuk KIPP Kota Malang 2026 telah kami terima' in message.body
    assert f"/usulan/{complete_draft.pk}/" in message.body


def test_no_mail_before_the_transaction_commits(complete_draft, operator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.submission_submit(submission=complete_draft, user=operator)
    assert (len(callbacks), len(mail.outbox)) == (1, 0)


def test_returned_mail_carries_the_notes_and_deadline(submitted, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_screen(
            submission=submitted, user=CommitteeFactory(), decision="returned", note="Tambahkan data tahun 2025."
        )
    message = mail.outbox[0]
    assert message.subject == '[KIPP 2026] Usulan "SIDAKEP" dikembalikan untuk perbaikan'
    assert "dikembalikan oleh panitia untuk diperbaiki" in message.body
    assert "Tambahkan data tahun 2025." in message.body
    assert "kirim ulang paling lambat" in message.body


@pytest.mark.parametrize(
    ("decision", "note", "subject", "phrase"),
    [
        ("eligible", "", '[KIPP 2026] Usulan "SIDAKEP" lolos seleksi administrasi', "LOLOS seleksi administrasi"),
        (
            "ineligible",
            "Inovasi merupakan program rutin.",
            '[KIPP 2026] Hasil seleksi administrasi usulan "SIDAKEP"',
            "Inovasi merupakan program rutin.",
        ),
    ],
)
def test_decision_mail(submitted, django_capture_on_commit_callbacks, decision, note, subject, phrase):
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_screen(submission=submitted, user=CommitteeFactory(), decision=decision, note=note)
    assert [message.subject for message in mail.outbox] == [subject]
    assert phrase in mail.outbox[0].body


def test_parent_unit_is_asked_to_endorse(school_setup, competition, django_capture_on_commit_callbacks):
    operator = school_setup["school_operator"]
    submission = services.submission_create(competition=competition, user=operator, data=complete_data(name="RAPOR"))
    attach_statements(submission, operator)
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_submit(submission=submission, user=operator)
    assert [(message.subject, message.to) for message in mail.outbox] == [
        ('[KIPP 2026] Mohon persetujuan usulan "RAPOR"', [school_setup["dinas_operator"].email])
    ]
    assert f"/usulan/{submission.pk}/persetujuan/" in mail.outbox[0].body


def test_mail_failure_is_logged_and_the_submission_stands(
    complete_draft, operator, settings, mail_log, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.submissions.failing_mail.FailingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_submit(submission=complete_draft, user=operator)
    complete_draft.refresh_from_db()
    assert complete_draft.status == SubmissionStatus.SUBMITTED
    assert complete_draft.events.filter(to_status="submitted").count() == 1
    assert [record.getMessage() for record in mail_log] == [
        f"could not send received mail to {operator.email}, budi@example.test"
    ]
    assert mail_log[0].exc_info[0] is ConnectionRefusedError


def test_mail_failure_through_the_page_still_shows_success(
    client, complete_draft, operator, settings, mail_log, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.submissions.failing_mail.FailingBackend"
    client.force_login(operator)
    from django.urls import reverse

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("submissions:submit", kwargs={"pk": complete_draft.pk}), {"version": complete_draft.version}
        )
    assert response.status_code == 302
    complete_draft.refresh_from_db()
    assert complete_draft.status == SubmissionStatus.SUBMITTED
    assert len(mail_log) == 1
