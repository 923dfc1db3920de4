"""Simultaneous saves on PostgreSQL: row locks and the scorecard version keep every juror's scores and let
exactly one of many simultaneous final submissions through, without an error leaking to the juror."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from judging.enums import ScorecardStatus
from judging.models import Score, Scorecard
from judging.services.scoring import scorecard_save
from tests.factories import JurorFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
    pytest.mark.django_db(transaction=True),
]


def run_together(callables):
    """Start every callable at the same moment in its own thread; return their results or exceptions."""
    barrier = threading.Barrier(len(callables))
    results = [None] * len(callables)

    def worker(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - the test inspects whatever happened
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, call)) for i, call in enumerate(callables)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_two_jurors_saving_the_same_submission_both_keep_their_scores(assign, make_submission, criteria):
    novelty, impact = criteria
    submission = make_submission(name="SIAPEL")
    first, second = JurorFactory(), JurorFactory()
    assignments = [assign(first, submission), assign(second, submission)]
    clients = [logged_in(first), logged_in(second)]
    data = [
        {f"score_{novelty.pk}": "81", f"score_{impact.pk}": "41", "version": "0", "action": "final"},
        {f"score_{novelty.pk}": "62", f"score_{impact.pk}": "22", "version": "0", "action": "final"},
    ]

    results = run_together(
        [lambda i=i: clients[i].post(reverse("judging:scorecard", args=[assignments[i].pk]), data[i]) for i in range(2)]
    )

    assert [response.status_code for response in results] == [302, 302]
    stored = {
        card.assignment.juror_id: sorted(card.scores.values_list("value", flat=True))
        for card in Scorecard.objects.select_related("assignment")
    }
    assert stored == {first.pk: [Decimal("41.00"), Decimal("81.00")], second.pk: [Decimal("22.00"), Decimal("62.00")]}
    assert Scorecard.objects.filter(status=ScorecardStatus.FINAL).count() == 2


def test_twenty_simultaneous_final_submissions_give_one_final_and_no_error(assign, make_submission, criteria):
    novelty, impact = criteria
    juror = JurorFactory()
    assignment = assign(juror, make_submission(name="KOPI TUBRUK"))
    clients = [logged_in(juror) for _ in range(20)]
    url = reverse("judging:scorecard", args=[assignment.pk])

    results = run_together(
        [
            lambda i=i: clients[i].post(
                url,
                {f"score_{novelty.pk}": str(50 + i), f"score_{impact.pk}": "25", "version": "0", "action": "final"},
            )
            for i in range(20)
        ]
    )

    codes = sorted(getattr(response, "status_code", repr(response)) for response in results)
    assert codes == [200] * 19 + [302]
    refused = [r.content.decode() for r in results if r.status_code == 200]
    assert all(
        "sudah dikirim final" in page or "baru saja disimpan dari jendela atau perangkat lain" in page
        for page in refused
    )
    card = Scorecard.objects.get(assignment=assignment)
    assert (card.status, card.version, Score.objects.filter(scorecard=card).count()) == (ScorecardStatus.FINAL, 1, 2)


def test_twenty_simultaneous_final_service_calls_on_an_existing_draft(assign, make_submission, criteria):
    novelty, impact = criteria
    juror = JurorFactory()
    assignment = assign(juror, make_submission(name="IBUKOTA"))
    scorecard_save(juror=juror, assignment=assignment, values={novelty.pk: 10})

    results = run_together(
        [
            lambda i=i: scorecard_save(
                juror=juror,
                assignment=assignment,
                values={novelty.pk: 60 + i, impact.pk: 30},
                final=True,
                expected_version=1,
            )
            for i in range(20)
        ]
    )

    successes = [r for r in results if isinstance(r, Scorecard)]
    failures = [r for r in results if isinstance(r, ValidationError)]
    assert (len(successes), len(failures)) == (1, 19)
    card = Scorecard.objects.get(assignment=assignment)
    assert (card.status, card.version) == (ScorecardStatus.FINAL, 2)
    assert Score.objects.get(scorecard=card, criterion=novelty).value in {Decimal(60 + i) for i in range(20)}
