"""The committee's audit trail of a competition (issue 7, point 8): every history row, readable, read-only."""

import datetime as dt
import re
from contextlib import contextmanager
from decimal import Decimal
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile
from django.test import RequestFactory
from django.urls import reverse
from simple_history.models import HistoricalRecords

from judging.audit import SOURCES
from kipp.templatetags.kipp_format import wib
from submissions.enums import ScreeningDecision, SubmissionStatus
from tests.factories import (
    AssignmentFactory,
    CategoryFactory,
    CommitteeFactory,
    CompetitionFactory,
    CriterionFactory,
    JurorFactory,
    OperatorFactory,
    ScorecardFactory,
    ScoreFactory,
    StageFactory,
    SubmissionFactory,
    UserFactory,
)
from tests.kipp.factories_ops import AttachmentFactory, ScreeningFactory

WIB = ZoneInfo("Asia/Jakarta")


@contextmanager
def acting_as(user):
    """Do what HistoryRequestMiddleware does for one request made by `user` (None: no request, the system)."""
    request = RequestFactory().post("/")
    request.user = user
    HistoricalRecords.context.request = request
    try:
        yield
    finally:
        del HistoricalRecords.context.request


class RowParser(HTMLParser):
    """The text of each cell of the trail's rows (tr.audit-entry), whitespace collapsed."""

    def __init__(self):
        super().__init__()
        self.rows, self.cell, self.in_row = [], None, False

    def handle_starttag(self, tag, attrs):
        if tag == "tr" and "audit-entry" in (dict(attrs).get("class") or ""):
            self.in_row = True
            self.rows.append([])
        elif tag == "td" and self.in_row:
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "td" and self.cell is not None:
            self.rows[-1].append(re.sub(r"\s+", " ", "".join(self.cell)).strip())
            self.cell = None
        elif tag == "tr":
            self.in_row = False

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def rows_of(response) -> list[list[str]]:
    parser = RowParser()
    parser.feed(response.content.decode())
    return parser.rows


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def panitia(db):
    return CommitteeFactory(full_name="Ani Panitia")


@pytest.fixture
def juri(db):
    return JurorFactory(full_name="Budi Juri")


@pytest.fixture
def competition(db):
    return CompetitionFactory(year=2031, title="KIPP Kota Malang 2031")


@pytest.fixture
def submission(competition):
    return SubmissionFactory(competition=competition, name="SI-CEPAT", status=SubmissionStatus.SUBMITTED)


def url(competition, **params):
    return reverse("committee:audit_trail", args=[competition.year]), params


def get(client, competition, **params):
    path, query = url(competition, **params)
    return client.get(path, query)


@pytest.mark.django_db
def test_audit_trail_shows_a_screening_decision_with_who_and_when(client, panitia, competition, submission):
    with acting_as(panitia):
        screening = ScreeningFactory(submission=submission, decision=ScreeningDecision.ELIGIBLE)
    client.force_login(panitia)

    response = get(client, competition, jenis="seleksi")

    when = screening.history.get().history_date
    assert response.status_code == 200
    assert rows_of(response) == [
        [wib(when), "Ani Panitia", "Keputusan seleksi SI-CEPAT: Lolos", "dibuat", ""],
    ]
    assert wib(when).endswith(" WIB")


@pytest.mark.django_db
def test_audit_trail_shows_a_score_change_as_old_to_new_value(client, panitia, juri, competition, submission):
    stage = StageFactory(competition=competition, name="Penilaian Proposal")
    criterion = CriterionFactory(stage=stage, name="Kebaruan")
    with acting_as(juri):
        assignment = AssignmentFactory(stage=stage, submission=submission, juror=juri)
        score = ScoreFactory(scorecard=ScorecardFactory(assignment=assignment), criterion=criterion, value=60)
        score.value = Decimal("75.50")
        score.comment = "Data sebelum dan sesudah lengkap."
        score.save()
    client.force_login(panitia)

    response = get(client, competition, jenis="nilai")

    created, changed = score.history.order_by("history_date", "history_id")
    name = "Nilai Kebaruan · Budi Juri → SI-CEPAT"
    assert rows_of(response) == [
        [
            wib(changed.history_date),
            "Budi Juri",
            name,
            "diubah",
            "Nilai: 60.00 → 75.50 Komentar: — → Data sebelum dan sesudah lengkap.",
        ],
        [wib(created.history_date), "Budi Juri", name, "dibuat", ""],
    ]


@pytest.mark.django_db
def test_audit_trail_lists_every_kind_of_object_newest_first_and_nothing_of_another_year(
    client, panitia, juri, competition
):
    other_year = CompetitionFactory(year=2032)
    with acting_as(panitia):
        SubmissionFactory(competition=other_year, name="RAHASIA-LAIN")
        stage = StageFactory(competition=competition, name="Penilaian Proposal", order=2)
        criterion = CriterionFactory(stage=stage, name="Kebaruan")
        submission = SubmissionFactory(competition=competition, name="SI-CEPAT")
        AttachmentFactory(submission=submission, original_name="Surat pernyataan.pdf")
        ScreeningFactory(submission=submission, decision=ScreeningDecision.INELIGIBLE)
    with acting_as(juri):
        assignment = AssignmentFactory(stage=stage, submission=submission, juror=juri)
        ScoreFactory(scorecard=ScorecardFactory(assignment=assignment), criterion=criterion)
    client.force_login(panitia)

    response = get(client, competition)

    assert [row[1:4] for row in rows_of(response)] == [
        ["Budi Juri", "Nilai Kebaruan · Budi Juri → SI-CEPAT", "dibuat"],
        ["Budi Juri", "Lembar nilai Budi Juri → SI-CEPAT [Draf]", "dibuat"],
        ["Budi Juri", "Penugasan juri Budi Juri → SI-CEPAT (2. Penilaian Proposal)", "dibuat"],
        ["Ani Panitia", "Keputusan seleksi SI-CEPAT: Tidak lolos", "dibuat"],
        ["Ani Panitia", "Lampiran Surat pernyataan.pdf · SI-CEPAT", "dibuat"],
        ["Ani Panitia", "Usulan inovasi SI-CEPAT", "dibuat"],
        ["Ani Panitia", "Kriteria Kebaruan · 2. Penilaian Proposal", "dibuat"],
        ["Ani Panitia", "Tahap 2. Penilaian Proposal", "dibuat"],
        ["sistem", "Kompetisi KIPP Kota Malang 2031", "dibuat"],
    ]
    assert "RAHASIA-LAIN" not in response.content.decode()


@pytest.mark.django_db
def test_audit_trail_keeps_the_rows_of_a_deleted_object_and_names_its_remover(client, panitia, competition, submission):
    with acting_as(panitia):
        attachment = AttachmentFactory(submission=submission, original_name="Foto kegiatan.jpg")
        attachment.delete()
    client.force_login(panitia)

    response = get(client, competition, jenis="lampiran")

    assert [row[1:4] for row in rows_of(response)] == [
        ["Ani Panitia", "Lampiran Foto kegiatan.jpg · SI-CEPAT", "dihapus"],
        ["Ani Panitia", "Lampiran Foto kegiatan.jpg · SI-CEPAT", "dibuat"],
    ]


@pytest.mark.django_db
def test_audit_trail_names_a_changed_link_and_hides_private_file_paths(client, panitia, competition, submission):
    before, after = CategoryFactory(competition=competition, name="Umum"), CategoryFactory(competition=competition)
    after.name = "Replikasi"
    after.save()
    submission.category = before
    submission.save()
    with acting_as(panitia):
        attachment = AttachmentFactory(submission=submission)
        attachment.file = ContentFile(b"%PDF-1.4 lain", name="surat-baru.pdf")
        attachment.save()
        submission.category = after
        submission.save()
    client.force_login(panitia)

    response = get(client, competition, oleh=panitia.pk)

    changes = [row[4] for row in rows_of(response) if row[3] == "diubah"]
    assert changes == [
        "Kategori: Umum → Replikasi",
        "Berkas: diubah (isi tidak ditampilkan)",
    ]
    assert attachment.file.name not in response.content.decode()


@pytest.mark.django_db
def test_audit_trail_shows_sistem_when_nobody_made_the_change(client, panitia, competition, submission):
    submission.status = SubmissionStatus.ELIGIBLE
    submission.save()
    client.force_login(panitia)

    response = get(client, competition, jenis="usulan", oleh="sistem")

    assert [row[1:5] for row in rows_of(response)] == [
        ["sistem", "Usulan inovasi SI-CEPAT", "diubah", "Status: Terkirim → Lolos seleksi administrasi"],
        ["sistem", "Usulan inovasi SI-CEPAT", "dibuat", ""],
    ]


@pytest.mark.django_db
def test_audit_trail_filters_by_person(client, panitia, juri, competition, submission):
    with acting_as(panitia):
        ScreeningFactory(submission=submission)
    with acting_as(juri):
        submission.summary = "Diubah juri?"
        submission.save()
    client.force_login(panitia)

    by_juror = get(client, competition, oleh=juri.pk)
    by_committee = get(client, competition, oleh=panitia.pk)

    assert [row[1:4] for row in rows_of(by_juror)] == [["Budi Juri", "Usulan inovasi SI-CEPAT", "diubah"]]
    assert [row[1:4] for row in rows_of(by_committee)] == [
        ["Ani Panitia", "Keputusan seleksi SI-CEPAT: Lolos", "dibuat"]
    ]


@pytest.mark.django_db
def test_audit_trail_filters_by_type(client, panitia, competition, submission):
    with acting_as(panitia):
        ScreeningFactory(submission=submission)
    client.force_login(panitia)

    response = get(client, competition, jenis="usulan")

    assert [row[2] for row in rows_of(response)] == ["Usulan inovasi SI-CEPAT"]


@pytest.mark.django_db
def test_audit_trail_filters_by_date_range_in_wib(client, panitia, competition, submission):
    with acting_as(panitia):
        early = ScreeningFactory(submission=submission, note="awal")
        late = ScreeningFactory(submission=submission, decision=ScreeningDecision.RETURNED, note="akhir")
    # 23.30 WIB on 1 March is still 1 March in Malang (16.30 UTC).
    early.history.update(history_date=dt.datetime(2031, 3, 1, 23, 30, tzinfo=WIB))
    late.history.update(history_date=dt.datetime(2031, 3, 5, 8, 0, tzinfo=WIB))
    client.force_login(panitia)

    until_first = get(client, competition, jenis="seleksi", sampai="2031-03-01")
    from_second = get(client, competition, jenis="seleksi", dari="2031-03-02")
    both = get(client, competition, jenis="seleksi", dari="2031-03-01", sampai="2031-03-05")

    assert [row[0] for row in rows_of(until_first)] == ["1 Maret 2031, 23.30 WIB"]
    assert [row[0] for row in rows_of(from_second)] == ["5 Maret 2031, 08.00 WIB"]
    assert [row[0] for row in rows_of(both)] == ["5 Maret 2031, 08.00 WIB", "1 Maret 2031, 23.30 WIB"]


@pytest.mark.django_db
def test_audit_trail_paginates_by_fifty_and_keeps_the_filter(client, panitia, competition, submission):
    with acting_as(panitia):
        for number in range(52):
            submission.summary = f"Ringkasan {number}"
            submission.save()
    client.force_login(panitia)

    first = get(client, competition, jenis="usulan")
    second = get(client, competition, jenis="usulan", halaman=2)

    assert len(rows_of(first)) == 50
    assert [row[3] for row in rows_of(second)] == ["diubah", "diubah", "dibuat"]
    assert "?jenis=usulan&amp;halaman=2" in first.content.decode()


def make_history(competition, juror, size: int):
    """Five objects' creation and `size` changes cycling over them; nothing else in the history tables."""
    stage = StageFactory(competition=competition)
    categories = [CategoryFactory(competition=competition), CategoryFactory(competition=competition)]
    submission = SubmissionFactory(competition=competition, category=categories[0])
    attachment = AttachmentFactory(submission=submission)
    screening = ScreeningFactory(submission=submission)
    assignment = AssignmentFactory(stage=stage, submission=submission, juror=juror)
    score = ScoreFactory(
        scorecard=ScorecardFactory(assignment=assignment), criterion=CriterionFactory(stage=stage), value=0
    )
    changing = {type(obj) for obj in [submission, attachment, screening, assignment, score]}
    for source in SOURCES:
        if source.model not in changing:
            source.model.history.all().delete()
    with acting_as(juror):
        for number in range(size):
            kind = number % 5
            if kind == 0:
                submission.category = categories[(number // 5 + 1) % 2]
                submission.summary = f"Ringkasan {number}"
                submission.save()
            elif kind == 1:
                attachment.caption = f"Keterangan {number}"
                attachment.save()
            elif kind == 2:
                screening.note = f"Catatan {number}"
                screening.save()
            elif kind == 3:
                assignment.void_reason = f"Alasan {number}"
                assignment.save()
            else:
                score.value = number
                score.save()


@pytest.mark.django_db
@pytest.mark.parametrize("size", [5, 50])
def test_audit_trail_query_count_does_not_grow_with_rows(
    client, panitia, juri, competition, size, django_assert_num_queries
):
    make_history(competition, juri, size)
    client.force_login(panitia)

    with django_assert_num_queries(20):
        response = get(client, competition)

    assert len(rows_of(response)) == min(size + 5, 50)


@pytest.mark.django_db
def test_audit_trail_sends_anonymous_visitors_to_log_in(client, competition):
    path, _ = url(competition)

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={path}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "make_user",
    [lambda: OperatorFactory(), lambda: JurorFactory(), lambda: UserFactory()],
    ids=["operator", "juror", "no-role"],
)
def test_audit_trail_is_refused_to_every_other_role(client, panitia, competition, submission, make_user):
    with acting_as(panitia):
        ScreeningFactory(submission=submission, note="RAHASIA catatan seleksi")
    client.force_login(make_user())

    response = get(client, competition)

    assert response.status_code == 403
    assert "RAHASIA" not in response.content.decode()
    assert "SI-CEPAT" not in response.content.decode()


@pytest.mark.django_db
def test_audit_trail_refuses_a_post_and_writes_nothing(client, panitia, competition, submission):
    client.force_login(panitia)
    path, _ = url(competition)
    rows_before = [source.model.history.count() for source in SOURCES]

    response = client.post(path, {"jenis": "usulan"})

    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert [source.model.history.count() for source in SOURCES] == rows_before


@pytest.mark.django_db
def test_audit_trail_is_linked_from_the_competition_configuration(client, panitia, competition):
    client.force_login(panitia)

    response = client.get(reverse("competitions:changes", args=[competition.year]))

    assert f'href="{reverse("committee:audit_trail", args=[competition.year])}"' in response.content.decode()
