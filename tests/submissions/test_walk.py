"""Issue 4's "done when": an operator from an empty draft to an eligible proposal, through the pages."""

from django.core import mail
from django.urls import reverse

from submissions.enums import SubmissionStatus
from submissions.models import Screening, Submission, SubmissionEvent
from tests.factories import CommitteeFactory
from tests.submissions import filemakers
from tests.submissions.conftest import files_under, form_post_data, upload


def test_walk_from_empty_draft_to_eligible(
    client, competition, operator, media_root, django_capture_on_commit_callbacks
):
    client.force_login(operator)

    # The operator lands on its page and starts a proposal with only a name.
    home = client.get(reverse("submissions:operator_home"))
    assert home.status_code == 200
    assert reverse("submissions:create", kwargs={"year": 2026}) in home.content.decode()
    response = client.post(reverse("submissions:create", kwargs={"year": 2026}), {"name": "SIDAKEP", "next": "edit"})
    submission = Submission.objects.get(name="SIDAKEP")
    assert response.status_code == 302
    assert response["Location"] == reverse("submissions:edit", kwargs={"pk": submission.pk})
    assert submission.status == SubmissionStatus.DRAFT

    # Submitting the empty draft lists every missing piece at once.
    response = client.post(reverse("submissions:submit", kwargs={"pk": submission.pk}), {"version": "1"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Usulan belum dapat dikirim" in body
    for expected in [
        "Tanggal mulai beroperasi belum diisi.",
        "Pilih minimal satu tujuan SDGs yang didukung.",
        "Bagian “Ringkasan” belum diisi.",
        "Bagian “Strategi Keberlanjutan” belum diisi.",
        "Nama narahubung belum diisi.",
        "Dokumen wajib “Surat pernyataan implementasi inovasi” belum diunggah.",
        "Dokumen wajib “Surat pernyataan kesediaan direplikasi” belum diunggah.",
    ]:
        assert expected in body
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.DRAFT

    # The operator fills in every section and uploads the three letters and a photo.
    response = client.post(
        reverse("submissions:edit", kwargs={"pk": submission.pk}), {**form_post_data(submission), "next": "edit"}
    )
    assert response.status_code == 302
    for requirement in competition.attachment_requirements.all():
        response = client.post(
            reverse("submissions:attachment_upload", kwargs={"pk": submission.pk}),
            {"file": upload(f"{requirement.code}.pdf", filemakers.pdf_bytes()), "requirement": requirement.pk},
        )
        assert response.status_code == 302
    client.post(
        reverse("submissions:attachment_upload", kwargs={"pk": submission.pk}),
        {"file": upload("kegiatan.jpg", filemakers.jpeg_bytes(exif_text="Fajar")), "caption": "Layanan keliling"},
    )
    assert submission.attachments.count() == 4
    assert len(files_under(media_root)) == 4

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("submissions:submit", kwargs={"pk": submission.pk}), {"version": "2"})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED
    assert [message.subject for message in mail.outbox] == ['[KIPP 2026] Usulan "SIDAKEP" telah diterima panitia']

    # Submitted proposals are read-only.
    response = client.post(
        reverse("submissions:edit", kwargs={"pk": submission.pk}),
        {**form_post_data(submission, summary="Diubah setelah dikirim."), "next": "edit"},
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.summary != "Diubah setelah dikirim."

    # The committee returns it with notes.
    committee = CommitteeFactory()
    client.force_login(committee)
    listing = client.get(reverse("submissions:screening_list"))
    assert "SIDAKEP" in listing.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("submissions:screening_detail", kwargs={"pk": submission.pk}),
            {"decision": "returned", "note": "Lengkapi data sebelum-sesudah pada bagian Signifikansi."},
        )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.RETURNED

    # The operator sees the notes on its page, fixes the proposal and sends it again.
    client.force_login(operator)
    home = client.get(reverse("submissions:operator_home")).content.decode()
    assert "Lengkapi data sebelum-sesudah pada bagian Signifikansi." in home
    response = client.post(
        reverse("submissions:edit", kwargs={"pk": submission.pk}),
        {
            **form_post_data(submission, significance="Waktu layanan turun dari 3 hari (2024) menjadi 1 hari (2025)."),
            "next": "preview",
        },
    )
    assert response.status_code == 302
    response = client.post(
        reverse("submissions:submit", kwargs={"pk": submission.pk}), {"version": str(submission.version + 1)}
    )
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED
    assert submission.significance == "Waktu layanan turun dari 3 hari (2024) menjadi 1 hari (2025)."

    # The committee declares it eligible; it enters the first scoring stage.
    client.force_login(committee)
    response = client.post(
        reverse("submissions:screening_detail", kwargs={"pk": submission.pk}), {"decision": "eligible", "note": ""}
    )
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.ELIGIBLE
    assert submission.stage.name == "Penilaian Proposal"
    assert list(Screening.objects.filter(submission=submission).values_list("decision", flat=True)) == [
        "returned",
        "eligible",
    ]
    assert list(SubmissionEvent.objects.filter(submission=submission).values_list("from_status", "to_status")) == [
        ("", "draft"),
        ("draft", "submitted"),
        ("submitted", "returned"),
        ("returned", "submitted"),
        ("submitted", "eligible"),
    ]

    # The history shows who did what.
    client.force_login(operator)
    detail = client.get(reverse("submissions:detail", kwargs={"pk": submission.pk})).content.decode()
    assert "Riwayat status" in detail
    assert "Lolos seleksi administrasi" in detail
    assert str(committee) in detail
