"""Real concurrency on PostgreSQL: threads racing on one draft never overwrite or double-submit."""

import threading

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection

from submissions import services
from submissions.models import Submission, SubmissionEvent
from tests.submissions.conftest import attach_statements, complete_data

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"), reason="needs PostgreSQL (DATABASE_URL)"
    ),
]


def race(count, action):
    """Run `action(index)` in `count` threads released at the same moment; return results and errors."""
    barrier = threading.Barrier(count)
    results, errors = [], []

    def run(index):
        try:
            barrier.wait()
            results.append(action(index))
        except Exception as error:  # noqa: BLE001 - every outcome is collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_submits_create_one_event(competition, operator):
    submission = services.submission_create(competition=competition, user=operator, data=complete_data())
    attach_statements(submission, operator)

    results, errors = race(
        20, lambda _index: services.submission_submit(submission=submission, user=operator, notify=False)
    )

    assert len(results) == 1
    assert len(errors) == 19
    assert all(isinstance(error, ValidationError) and error.code == "already_submitted" for error in errors)
    assert SubmissionEvent.objects.filter(submission=submission, to_status="submitted").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_editors_saving_at_once_never_overwrite_each_other(competition, operator, colleague):
    submission = services.submission_create(competition=competition, user=operator, data=complete_data())
    version = submission.version
    editors = [operator, colleague]

    results, errors = race(
        2,
        lambda index: services.submission_update(
            submission=submission,
            user=editors[index],
            data={"summary": f"Teks editor {index}."},
            expected_version=version,
        ),
    )

    assert len(results) == 1
    assert len(errors) == 1
    assert isinstance(errors[0], services.StaleSubmissionError)
    stored = Submission.objects.get(pk=submission.pk)
    assert stored.summary == results[0].summary
    assert stored.version == version + 1
