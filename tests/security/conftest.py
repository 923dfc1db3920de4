"""The security tests' world: eight personas and a competition landscape where every URL can be exercised.

Built once per test module inside one transaction that is rolled back at the end (each cell of the matrix
runs in its own savepoint, rolled back too), so the world is the same for every request. Rows are created
in a fixed order so that the ids next to every sentinel object (pk - 1, pk + 1) belong to a unit and jurors
that no persona is related to: a probe with a neighbouring id must find nothing the persona may see.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from http.cookies import SimpleCookie

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from competitions.enums import StageKind
from competitions.models import AttachmentRequirement, AwardTier, Competition, Criterion, Stage
from judging.enums import ScorecardStatus
from judging.models import Assignment, JuryMember, Score, Scorecard
from judging.services.conflicts import conflict_record
from judging.services.publication import publication_publish
from kipp.enums import UnitKind
from kipp.models import User
from submissions.enums import AttachmentKind, SubmissionStatus
from submissions.models import Attachment, Submission
from submissions.services import attachment_add
from tests.factories import (
    CommitteeFactory,
    CompetitionFactory,
    CriterionFactory,
    JurorFactory,
    OperatorFactory,
    StageFactory,
    SubmissionFactory,
    UnitFactory,
)
from tests.security.files import pdf_bytes, png_bytes
from tests.security.policy import PERSONAS
from tests.security.sentinels import (
    JUROR_A_COMMENT,
    JUROR_A_SCORE,
    MARKER,
    PUBLISHED_COMMENT,
    PUBLISHED_JUROR_NAME,
    SENTINEL_TITLE,
)

HIDDEN_YEAR, PUBLISHED_YEAR, LIVE_YEAR = 2095, 2096, 2097


def stored_attachment(submission: Submission, *, name: str, content: bytes, kind=AttachmentKind.PHOTO) -> Attachment:
    """An attachment written straight to storage (for submissions no operator may change any more)."""
    content_type = "image/png" if kind == AttachmentKind.PHOTO else "application/pdf"
    attachment = Attachment(
        submission=submission,
        kind=kind,
        original_name=name,
        content_type=content_type,
        size=len(content),
        sha256="0" * 64,
    )
    attachment.file.save(name, ContentFile(content), save=False)
    attachment.save()
    return attachment


# The world -----------------------------------------------------------------------------------------


@dataclass
class World:
    """The personas, their logged-in sessions and the named objects URL kwargs are filled from."""

    users: dict[str, User | None]
    objects: dict[str, object]
    sessions: dict[str, str] = field(default_factory=dict)
    _clients: dict[str, Client] = field(default_factory=dict, repr=False)

    def value(self, key: str):
        """A kwarg value: `sentinel` -> its pk, `live_year` -> 2097, `uidb64` -> a string, ..."""
        return self.objects[key]

    def client(self, persona: str) -> Client:
        """The persona's client with only its session cookie: a log-out or a message in one cell stays there.

        Clients are kept (building a client's handler loads every middleware, which costs more than most
        requests); their cookies are reset each time.
        """
        client = self._clients.get(persona)
        if client is None:
            client = self._clients[persona] = Client()
        client.cookies = SimpleCookie()
        key = self.sessions.get(persona)
        if key:
            client.cookies[settings.SESSION_COOKIE_NAME] = key
        return client


def _now():
    return timezone.now()


def _competitions():
    now = _now()
    hidden = CompetitionFactory(
        year=HIDDEN_YEAR,
        title=f"KIPP Belum Diumumkan {HIDDEN_YEAR}",
        is_announced=False,
        submission_opens_at=now + dt.timedelta(days=30),
        submission_closes_at=now + dt.timedelta(days=60),
    )
    published = CompetitionFactory(
        year=PUBLISHED_YEAR,
        title=f"KIPP Terbit {PUBLISHED_YEAR}",
        top_n=3,
        submission_opens_at=now - dt.timedelta(days=90),
        submission_closes_at=now - dt.timedelta(days=60),
        signatory_name="Drs. Penandatangan",
        signatory_title="Wali Kota Malang",
    )
    # Registration still open while the desk stage scores eligible proposals, as in the demo's current year.
    live = CompetitionFactory(
        year=LIVE_YEAR,
        title=f"KIPP Berjalan {LIVE_YEAR}",
        requires_parent_endorsement=True,
        submission_opens_at=now - dt.timedelta(days=30),
        submission_closes_at=now + dt.timedelta(days=10),
    )
    return hidden, published, live


def _live_stages(live: Competition) -> tuple[Stage, list[Criterion]]:
    now = _now()
    StageFactory(
        competition=live,
        order=1,
        name="Seleksi Administrasi",
        kind=StageKind.SCREENING,
        weight=Decimal("0"),
        opens_at=now - dt.timedelta(days=30),
        closes_at=now + dt.timedelta(days=20),
    )
    desk = StageFactory(
        competition=live,
        order=2,
        name="Penilaian Proposal",
        weight=Decimal("100"),
        opens_at=now - dt.timedelta(days=14),
        closes_at=now + dt.timedelta(days=24),
        jurors_per_submission=2,
    )
    criteria = [
        CriterionFactory(stage=desk, order=1, name="Kebaruan", weight=Decimal("60"), max_score=100),
        CriterionFactory(stage=desk, order=2, name="Signifikansi", weight=Decimal("40"), max_score=100),
    ]
    AttachmentRequirement.objects.create(competition=live, code="surat-implementasi", name="Surat implementasi")
    return desk, criteria


def _final_card(assignment: Assignment, criteria, values, comments=None, note="") -> Scorecard:
    card = Scorecard.objects.create(
        assignment=assignment, status=ScorecardStatus.FINAL, submitted_at=_now(), overall_note=note
    )
    comments = comments or [""] * len(values)
    for criterion, value, comment in zip(criteria, values, comments, strict=True):
        Score.objects.create(scorecard=card, criterion=criterion, value=Decimal(str(value)), comment=comment)
    return card


def build_world() -> World:
    """Create everything (see the module docstring for why the order of creation matters)."""
    hidden, published, live = _competitions()
    desk, criteria = _live_stages(live)
    now = _now()

    own_unit = UnitFactory(name="Dinas Pemilik Sentinel", short_name="DPS")
    child_unit = UnitFactory(name="SMP Negeri Sentinel", short_name="SMPN S", kind=UnitKind.SEKOLAH, parent=own_unit)
    other_unit = UnitFactory(name="Dinas Tetangga Lain", short_name="DTL")
    stranger_unit = UnitFactory(name="Badan Tak Terkait", short_name="BTT")

    users = {
        "anonymous": None,
        "operator_own": OperatorFactory(unit=own_unit, full_name="Operator Pemilik"),
        "operator_other": OperatorFactory(unit=other_unit, full_name="Operator Lain"),
        "juror_assigned": JurorFactory(full_name="Juri A Ditugaskan"),
        "juror_unassigned": JurorFactory(full_name="Juri Tanpa Tugas"),
        "juror_conflict": JurorFactory(full_name="Juri Berkonflik"),
        "committee": CommitteeFactory(full_name="Panitia Pemeriksa"),
        "superuser": User.objects.create_superuser(
            username="akar", email="akar@example.test", password="s3cret-pass", full_name="Super Admin"
        ),
    }
    assert tuple(users) == PERSONAS
    juror_a = users["juror_assigned"]
    juror_b = JurorFactory(full_name="Juri B Sesama")  # not a persona: the blind-review tests log in as B
    padder = JurorFactory(full_name="Juri Pengisi")
    panel = [JurorFactory(full_name=PUBLISHED_JUROR_NAME), JurorFactory(full_name="Dr. Penilai Kedua")]

    def stranger(competition, name, status=SubmissionStatus.ELIGIBLE, **kwargs):
        return SubmissionFactory(competition=competition, unit=stranger_unit, name=name, status=status, **kwargs)

    # Submissions: every sentinel sits between two strangers' submissions.
    before_sentinel = stranger(live, f"TETANGGA-{MARKER}-A", stage=desk)
    sentinel = SubmissionFactory(
        competition=live, unit=own_unit, name=SENTINEL_TITLE, status=SubmissionStatus.DRAFT, created_by=None
    )
    after_sentinel = stranger(live, f"TETANGGA-{MARKER}-B", stage=desk)
    draft = SubmissionFactory(competition=live, unit=own_unit, name=f"{SENTINEL_TITLE}-DRAF")
    published_stage = StageFactory(
        competition=published,
        order=1,
        name="Penilaian Akhir",
        weight=Decimal("100"),
        opens_at=now - dt.timedelta(days=50),
        closes_at=now - dt.timedelta(days=40),
        closed_at=now - dt.timedelta(days=39),
    )
    published_criterion = CriterionFactory(
        stage=published_stage, order=1, name="Nilai Akhir", weight=Decimal("100"), max_score=100
    )
    fourth_place = stranger(published, f"TETANGGA-{MARKER}-C", stage=published_stage)
    published_sentinel = SubmissionFactory(
        competition=published, unit=own_unit, name=f"{SENTINEL_TITLE}-TERBIT", stage=published_stage,
        status=SubmissionStatus.ELIGIBLE,
    )  # fmt: skip
    not_eligible = stranger(published, f"TETANGGA-{MARKER}-D", status=SubmissionStatus.INELIGIBLE)
    child_submission = SubmissionFactory(
        competition=live,
        unit=child_unit,
        name=f"{SENTINEL_TITLE}-SEKOLAH",
        status=SubmissionStatus.AWAITING_ENDORSEMENT,
    )
    after_child = stranger(live, f"TETANGGA-{MARKER}-E")
    tied_one = stranger(published, "INOVASI SAMA SATU", stage=published_stage)
    tied_two = stranger(published, "INOVASI SAMA DUA", stage=published_stage)
    unassigned_work = stranger(live, "INOVASI JURI LAIN", stage=desk)
    hidden_submission = stranger(hidden, f"TETANGGA-{MARKER}-F", status=SubmissionStatus.DRAFT)

    # Attachments: the sentinel's photo and the draft's document, each between strangers' files.
    pad_file_1 = stored_attachment(before_sentinel, name="tetangga-1.png", content=png_bytes())
    sentinel_photo = attachment_add(
        submission=sentinel,
        user=users["operator_own"],
        uploaded=SimpleUploadedFile("foto-sentinel.png", png_bytes(), content_type="image/png"),
    )
    pad_file_2 = stored_attachment(after_sentinel, name="tetangga-2.png", content=png_bytes())
    draft_document = attachment_add(
        submission=draft,
        user=users["operator_own"],
        uploaded=SimpleUploadedFile("surat-sentinel.pdf", pdf_bytes(), content_type="application/pdf"),
    )
    pad_file_3 = stored_attachment(fourth_place, name="tetangga-3.png", content=png_bytes())
    published_photo = stored_attachment(published_sentinel, name="foto-terbit.png", content=png_bytes())
    stored_attachment(not_eligible, name="tetangga-4.png", content=png_bytes())
    # The sentinel passed screening after its files were in (files can only be added while editable).
    Submission.objects.filter(pk=sentinel.pk).update(status=SubmissionStatus.ELIGIBLE, stage=desk, submitted_at=now)
    sentinel.refresh_from_db()

    # The desk stage's panel and assignments: juror A's sits between two of the padding juror's.
    for juror in (juror_a, users["juror_unassigned"], users["juror_conflict"], juror_b, padder):
        JuryMember.objects.create(stage=desk, juror=juror)
    unassigned_own = Assignment.objects.create(stage=desk, submission=unassigned_work, juror=users["juror_unassigned"])
    pad_assignment_1 = Assignment.objects.create(stage=desk, submission=before_sentinel, juror=padder)
    assignment_a = Assignment.objects.create(stage=desk, submission=sentinel, juror=juror_a)
    pad_assignment_2 = Assignment.objects.create(stage=desk, submission=after_sentinel, juror=padder)
    conflict_assignment = Assignment.objects.create(stage=desk, submission=sentinel, juror=users["juror_conflict"])
    assignment_b = Assignment.objects.create(stage=desk, submission=sentinel, juror=juror_b)
    _final_card(pad_assignment_1, criteria, [50, 50])
    card_a = _final_card(assignment_a, criteria, [JUROR_A_SCORE, 70], comments=[JUROR_A_COMMENT, ""])
    _final_card(pad_assignment_2, criteria, [40, 40])
    conflict_record(
        by=users["committee"],
        juror=users["juror_conflict"],
        submission=sentinel,
        reason="Saudara kandung kepala unit pengusul.",
    )
    padder_member = JuryMember.objects.get(stage=desk, juror=padder)

    # The published year: top 3 of four scored, a tie at places 2-3 inside the Top 3, published.
    for juror in panel:
        JuryMember.objects.create(stage=published_stage, juror=juror)
    for sub, values in (
        (published_sentinel, [90, 90]),
        (tied_one, [80, 80]),
        (tied_two, [80, 80]),
        (fourth_place, [60, 60]),
    ):
        for juror, value in zip(panel, values, strict=True):
            assignment = Assignment.objects.create(stage=published_stage, submission=sub, juror=juror)
            comment = PUBLISHED_COMMENT if sub == published_sentinel and juror == panel[0] else ""
            _final_card(assignment, [published_criterion], [value], comments=[comment])
    AwardTier.objects.create(competition=published, name="Tiga Besar", first_place=1, last_place=3)
    publication = publication_publish(competition=published, actor=users["committee"], backup=False)

    objects = {
        "hidden_year": hidden.year,
        "published_year": published.year,
        "live_year": live.year,
        "desk_stage": desk.pk,
        "desk_criterion": criteria[0].pk,
        "desk_criteria": [criterion.pk for criterion in criteria],
        "published_stage": published_stage.pk,
        "sentinel": sentinel.pk,
        "draft": draft.pk,
        "published_sentinel": published_sentinel.pk,
        "child_submission": child_submission.pk,
        "hidden_submission": hidden_submission.pk,
        "sentinel_photo": sentinel_photo.pk,
        "draft_document": draft_document.pk,
        "published_photo": published_photo.pk,
        "assignment_a": assignment_a.pk,
        "assignment_b": assignment_b.pk,
        "conflict_assignment": conflict_assignment.pk,
        "unassigned_own_assignment": unassigned_own.pk,
        "scorecard_a": card_a.pk,
        "padder_member": padder_member.pk,
        "publication_version": publication.version,
        "winner_rank": 1,
        "tie_rank": 2,
        "language": "en",
        "uidb64": "MQ",
        "token": "bukan-token-sah",
        # Kept for the blind-review tests and for checks on the order of creation.
        "juror_b": juror_b,
        "own_unit": own_unit,
        "panel": panel,
    }
    _check_neighbours(
        {
            Submission: [sentinel, draft, published_sentinel, child_submission],
            Attachment: [sentinel_photo, draft_document, published_photo],
            Assignment: [assignment_a],
        },
        allowed_units={stranger_unit.pk},
        padder=padder,
    )
    assert [pad_file_1.pk + 1, pad_file_2.pk + 1, pad_file_3.pk + 1] == [
        sentinel_photo.pk,
        draft_document.pk,
        published_photo.pk,
    ]
    assert after_child.pk == child_submission.pk + 1
    return World(users=users, objects=objects)


def _check_neighbours(sentinels, *, allowed_units, padder) -> None:
    """Fail early if an id next to a sentinel object belongs to anyone a persona is related to."""
    for model, items in sentinels.items():
        for item in items:
            for neighbour_pk in (item.pk - 1, item.pk + 1):
                neighbour = model.objects.get(pk=neighbour_pk)
                if model is Submission:
                    assert neighbour.unit_id in allowed_units, (model, item.pk, neighbour_pk)
                elif model is Attachment:
                    assert neighbour.submission.unit_id in allowed_units, (model, item.pk, neighbour_pk)
                else:
                    assert neighbour.juror_id == padder.pk, (model, item.pk, neighbour_pk)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The world, built once per module in a transaction that is rolled back when the module ends."""
    with django_db_blocker.unblock():
        # pytest-django sets the test database up only when a collected test asks for the database:
        # every test module here is marked django_db, and this guard keeps the world off a real one.
        name = str(connection.settings_dict["NAME"])
        assert "test" in name or "memory" in name, f"not a test database: {name}"
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            cache.clear()
            built = build_world()
            for persona, user in built.users.items():
                if user is not None:
                    client = Client()
                    client.force_login(user)
                    built.sessions[persona] = client.cookies[settings.SESSION_COOKIE_NAME].value
            yield built
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            cache.clear()
