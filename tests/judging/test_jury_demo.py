"""The jury part of the demo: panel, conflict-free assignment, every scorecard state, idempotent."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from competitions.enums import StageKind
from judging import demo_jury
from judging.models import Assignment, JuryMember, Score, Scorecard
from judging.selectors import assignment_state
from kipp import demo as kipp_demo
from submissions.enums import SubmissionStatus
from tests.factories import CompetitionFactory, CriterionFactory, StageFactory, SubmissionFactory

pytestmark = pytest.mark.django_db

UNITS = [
    "SMP Negeri 5 Malang",
    "SMP Negeri 10 Malang",
    "Dinas Kependudukan dan Pencatatan Sipil",
    "Puskesmas Kedungkandang",
    "Badan Perencanaan Pembangunan Daerah",
    "Kelurahan Bakalankrajan",
    "Dinas Kesehatan",
    "Badan Pendapatan Daerah",
]


@pytest.fixture
def context():
    """What kipp's and the competitions/submissions demos hand over: KIPP 2026 with eligible proposals."""
    context = kipp_demo.load()
    now = timezone.now()
    competition = CompetitionFactory(
        year=2026,
        submission_opens_at=now - dt.timedelta(days=45),
        submission_closes_at=now + dt.timedelta(days=10),
    )
    desk = StageFactory(
        competition=competition,
        order=2,
        name="Penilaian Proposal",
        kind=StageKind.SCORING,
        opens_at=now - dt.timedelta(days=14),
        closes_at=now + dt.timedelta(days=24),
    )
    StageFactory(competition=competition, order=1, name="Seleksi Administrasi", kind=StageKind.SCREENING)
    for order, (name, weight) in enumerate([("Kebaruan", 40), ("Signifikansi", 35), ("Keberlanjutan", 25)]):
        CriterionFactory(stage=desk, order=order, name=name, weight=Decimal(weight), max_score=100)
    for index, unit_name in enumerate(UNITS):
        SubmissionFactory(
            competition=competition,
            unit=context["units"][unit_name],
            name=f"Inovasi Demo {index}",
            status=SubmissionStatus.ELIGIBLE,
            stage=desk,
        )
    SubmissionFactory(competition=competition, status=SubmissionStatus.SUBMITTED, name="Masih diseleksi")
    context["competitions"] = {2026: competition}
    return context


def snapshot():
    return (
        sorted(Assignment.objects.values_list("submission_id", "juror_id", "voided_at")),
        sorted(Scorecard.objects.values_list("assignment_id", "status", "version")),
        Score.objects.count(),
    )


def test_demo_jury_seats_five_jurors_and_assigns_without_conflicts(context):
    assert demo_jury.load(context) == {}

    stage = context["competitions"][2026].stages.get(order=2)
    juri5 = context["people"]["juri5"]
    assert sorted(JuryMember.objects.filter(stage=stage).values_list("juror__username", flat=True)) == [
        "juri1",
        "juri2",
        "juri3",
        "juri4",
        "juri5",
    ]
    per_submission = {}
    for submission_id, juror_id in Assignment.objects.values_list("submission_id", "juror_id"):
        per_submission.setdefault(submission_id, set()).add(juror_id)
    assert sorted(len(jurors) for jurors in per_submission.values()) == [3] * len(UNITS)
    school_jurors = set(
        Assignment.objects.filter(submission__unit__parent__name="Dinas Pendidikan dan Kebudayaan").values_list(
            "juror_id", flat=True
        )
    )
    assert juri5.pk not in school_jurors


def test_demo_jury_leaves_juri1_with_every_state(client, context):
    demo_jury.load(context)
    juri1 = context["people"]["juri1"]

    states = sorted(assignment_state(a) for a in Assignment.objects.filter(juror=juri1).select_related("scorecard"))
    client.force_login(juri1)
    page = client.get(reverse("judging:juror_home")).content.decode()

    assert {"final", "draft", "not_started"} <= set(states)
    assert ">Final</span>" in page
    assert ">Draf</span>" in page
    assert ">Belum dinilai</span>" in page


def test_demo_jury_finals_are_complete_and_start_scoring(context):
    demo_jury.load(context)
    stage = context["competitions"][2026].stages.get(order=2)

    finals = Scorecard.objects.filter(status="final")
    assert finals.count() > 0
    assert {card.scores.exclude(value=None).count() for card in finals} == {3}
    stage.refresh_from_db()
    assert stage.scoring_started_at is not None


def test_demo_jury_is_idempotent(context):
    demo_jury.load(context)
    first = snapshot()

    demo_jury.load(context)

    assert snapshot() == first


def test_demo_jury_without_2026_does_nothing():
    assert demo_jury.load({"competitions": {}, "people": {}}) == {}
    assert Assignment.objects.count() == 0
