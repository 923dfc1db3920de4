"""SQLite as the settings configure it (WAL journal, 20 s busy timeout, IMMEDIATE transactions) lets two
people save drafts at the same moment without "database is locked".

The test database of pytest-django is an in-memory SQLite database, which has neither WAL nor a busy
timeout; so the test copies it into a file and lets the threads connect to that file with the options
from the settings, exactly as a development server or a small deployment would.
"""

import sqlite3

import pytest
from django.db import connection

from submissions import services
from submissions.models import Submission
from tests.concurrency.helpers import in_thread, run_together
from tests.factories import OperatorFactory
from tests.fuzz.worlds import complete_proposal, submission_world

pytestmark = [
    pytest.mark.skipif(connection.vendor != "sqlite", reason="checks SQLite's own locking (the default database)"),
    pytest.mark.django_db(transaction=True),
]

SAVES = 25


@pytest.fixture
def to_file(tmp_path):
    """Call it once the data exists: copy the test database into a file and point every new connection
    (each thread's) at it; the in-memory database is the default again after the test."""
    settings_dict = connection.settings_dict
    in_memory = settings_dict["NAME"]

    def switch():
        path = tmp_path / "kipp.sqlite3"
        connection.ensure_connection()
        copy = sqlite3.connect(path)
        connection.connection.backup(copy)
        copy.close()
        settings_dict["NAME"] = str(path)

    yield switch
    settings_dict["NAME"] = in_memory


def test_settings_give_sqlite_wal_and_a_busy_timeout(to_file):
    to_file()

    def pragmas():
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            journal = cursor.fetchone()[0]
            cursor.execute("PRAGMA busy_timeout")
            return journal, cursor.fetchone()[0]

    assert in_thread(pragmas) == ("wal", 20000)


def test_two_operators_saving_drafts_at_once_never_hit_database_is_locked(to_file):
    world = submission_world()
    other_operator = OperatorFactory()
    other = services.submission_create(
        competition=world.competition, user=other_operator, data=complete_proposal(name="LAYANAN LAIN")
    )
    editors = [(world.operator, world.draft.pk), (other_operator, other.pk)]
    to_file()

    def save_many(user, pk):
        for number in range(SAVES):
            submission = Submission.objects.get(pk=pk)
            services.submission_update(
                submission=submission,
                user=user,
                data={"summary": f"Ringkasan ke-{number} oleh {user.username}."},
                expected_version=submission.version,
            )
        return Submission.objects.get(pk=pk).version

    results = run_together([lambda user=user, pk=pk: save_many(user, pk) for user, pk in editors])

    assert results == [world.draft.version + SAVES, other.version + SAVES]
    ids = [world.draft.pk, other.pk]
    summaries = in_thread(lambda: sorted(Submission.objects.filter(pk__in=ids).values_list("summary", flat=True)))
    assert summaries == sorted(f"Ringkasan ke-{SAVES - 1} oleh {user.username}." for user, _pk in editors)


def test_two_editors_of_one_draft_on_sqlite_get_a_conflict_not_a_lock_error(to_file):
    world = submission_world()
    colleague = OperatorFactory(unit=world.operator.unit)
    version = world.draft.version
    to_file()

    results = run_together(
        [
            lambda user=user: services.submission_update(
                submission=Submission.objects.get(pk=world.draft.pk),
                user=user,
                data={"summary": f"Teks {user.username}."},
                expected_version=version,
            )
            for user in (world.operator, colleague)
        ]
    )

    assert sorted(type(result).__name__ for result in results) == ["StaleSubmissionError", "Submission"]
    winner = next(result for result in results if isinstance(result, Submission))
    stored = in_thread(lambda: Submission.objects.get(pk=world.draft.pk))
    assert (stored.summary, stored.version) == (winner.summary, version + 1)
