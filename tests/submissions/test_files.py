"""Uploads: good files are cleaned, hostile files are refused with a message and leave nothing on disk."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from submissions import services
from submissions.enums import AttachmentKind
from submissions.models import Attachment
from submissions.validation import check_upload, clean_original_name
from tests.submissions import filemakers
from tests.submissions.conftest import files_under, upload


class CountingUpload(SimpleUploadedFile):
    """An upload that remembers how many bytes were read from it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.bytes_read = 0

    def read(self, *args, **kwargs):
        data = super().read(*args, **kwargs)
        self.bytes_read += len(data)
        return data


def refusal(uploaded) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        check_upload(uploaded)
    return caught.value.messages


# Good files ---------------------------------------------------------------------------------------


def test_png_upload_is_reencoded_without_metadata(db):
    checked = check_upload(upload("foto.png", filemakers.png_bytes(exif_text="Dinas Rahasia", text_chunk="Budi")))
    image = Image.open(io.BytesIO(checked.content))
    assert (image.format, image.size, image.info, dict(image.getexif())) == ("PNG", (64, 48), {}, {})
    assert b"Dinas Rahasia" not in checked.content
    assert b"Budi" not in checked.content
    assert checked.format.content_type == "image/png"


def test_jpeg_upload_loses_exif_gps_and_icc_profile(db):
    checked = check_upload(upload("foto.JPG", filemakers.jpeg_bytes(exif_text="Fajar", icc=b"ICCPROFILE" * 20)))
    image = Image.open(io.BytesIO(checked.content))
    assert image.format == "JPEG"
    assert dict(image.getexif()) == {}
    assert "icc_profile" not in image.info
    assert b"Exif" not in checked.content
    assert b"Fajar" not in checked.content


def test_webp_upload_is_accepted(db):
    checked = check_upload(upload("foto.webp", filemakers.webp_bytes()))
    assert (checked.format.content_type, Image.open(io.BytesIO(checked.content)).format) == ("image/webp", "WEBP")


def test_pdf_upload_loses_document_information_and_xmp(db):
    checked = check_upload(upload("surat.pdf", filemakers.pdf_with_xmp(author="Dinas Rahasia Kota Malang")))
    reader = PdfReader(io.BytesIO(checked.content))
    assert reader.metadata is None
    assert reader.xmp_metadata is None
    assert len(reader.pages) == 1
    assert b"Dinas Rahasia" not in checked.content
    assert b"xmpmeta" not in checked.content


def test_pdf_open_at_first_page_destination_is_accepted(db):
    content = filemakers.pdf_bytes().replace(b"/Type /Catalog", b"/Type /Catalog /OpenAction [ 3 0 R /Fit ]")
    assert check_upload(upload("surat.pdf", content)).format.content_type == "application/pdf"


def test_file_exactly_at_the_limit_is_accepted(db, settings):
    content = filemakers.png_bytes()
    settings.KIPP_MAX_UPLOAD_BYTES = len(content)
    assert check_upload(upload("foto.png", content)).uploaded_size == len(content)


# The hostile corpus (issue 7, point 5) ------------------------------------------------------------


def test_photo_one_byte_over_the_limit_is_refused(db, settings):
    content = filemakers.png_bytes()
    settings.KIPP_MAX_UPLOAD_BYTES = len(content) - 1
    assert refusal(upload("foto.png", content))[0].startswith("Ukuran foto")


def test_pdf_one_byte_over_the_limit_is_refused(db, settings):
    content = filemakers.pdf_bytes()
    settings.KIPP_MAX_PDF_BYTES = len(content) - 1
    assert refusal(upload("surat.pdf", content))[0].startswith("Ukuran PDF")


def test_forty_megabyte_photo_is_refused_before_reading(db):
    uploaded = CountingUpload("foto.jpg", b"\xff\xd8\xff" + b"\x00" * (40 * 1024 * 1024))
    messages = refusal(uploaded)
    assert messages[0].startswith("Ukuran berkas 40,0\xa0MB melebihi batas") or "melebihi batas" in messages[0]
    assert uploaded.bytes_read == 0


def test_pdf_that_is_really_png_is_refused(db):
    assert refusal(upload("surat.pdf", filemakers.png_bytes())) == [
        "Isi berkas tidak sesuai dengan namanya: berkas bernama “surat.pdf” ternyata berisi PNG. "
        "Unggah berkas yang benar atau ganti ekstensinya."
    ]


def test_pdf_that_is_really_html_is_refused(db):
    assert refusal(upload("surat.pdf", filemakers.HTML)) == [
        "Berkas ini berisi halaman web (HTML), bukan foto atau PDF. Unggah foto JPEG, PNG, WebP atau PDF."
    ]


def test_png_that_is_really_html_is_refused(db):
    assert "halaman web (HTML)" in refusal(upload("foto.png", filemakers.HTML))[0]


def test_png_html_polyglot_is_refused(db):
    assert refusal(upload("foto.png", filemakers.png_html_polyglot())) == [
        "Foto PNG berisi data tambahan setelah akhir gambar. Simpan ulang fotonya lalu unggah."
    ]


def test_jpeg_html_polyglot_is_refused(db):
    assert refusal(upload("foto.jpg", filemakers.jpeg_html_polyglot())) == [
        "Foto ini juga berisi kode halaman web atau skrip dan tidak dapat diterima. Unggah foto aslinya."
    ]


def test_decompression_bomb_is_refused_without_reading_it_whole(db):
    bomb = filemakers.decompression_bomb()
    uploaded = CountingUpload("bom.png", bomb)
    messages = refusal(uploaded)
    assert messages == ["Resolusi foto terlalu besar; maksimal 40.000.000 piksel."]
    assert uploaded.bytes_read < len(bomb) / 10


def test_image_over_the_pixel_cap_is_refused_from_its_header(db, settings):
    settings.KIPP_MAX_IMAGE_PIXELS = 1_000
    assert refusal(upload("foto.png", filemakers.png_bytes(size=(50, 40)))) == [
        "Resolusi foto 50×40 piksel terlalu besar; maksimal 1.000 piksel."
    ]


def test_image_just_over_the_default_cap_is_refused(db):
    assert refusal(upload("foto.png", filemakers.big_png_header_only(8_000, 5_001))) == [
        "Resolusi foto 8000×5001 piksel terlalu besar; maksimal 40.000.000 piksel."
    ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd.png", "Nama berkas tidak boleh berisi jalur folder"),
        ("..\\..\\boot.ini.png", "Nama berkas tidak boleh berisi jalur folder"),
        ("foto\x00.php.png", "Nama berkas berisi karakter tersembunyi"),
        ("laporan\u202egnp.exe.png", "Nama berkas berisi karakter tersembunyi"),
        ("a" * 296 + ".png", "Nama berkas terlalu panjang (300 karakter)"),
        ("", "Nama berkas kosong"),
        (".png", "Nama berkas tidak sah"),
    ],
    ids=["dot-dot-slash", "backslash", "nul", "rtl-override", "300-characters", "empty", "extension-only"],
)
def test_hostile_file_names_are_refused(db, name, expected):
    with pytest.raises(ValidationError) as caught:
        clean_original_name(name)
    assert caught.value.messages[0].startswith(expected)


def test_svg_with_script_is_refused(db):
    assert refusal(upload("logo.svg", filemakers.SVG_WITH_SCRIPT)) == [
        "Berkas SVG tidak diterima. Unggah foto JPEG, PNG atau WebP, atau dokumen PDF."
    ]


def test_svg_renamed_to_png_is_refused(db):
    assert refusal(upload("logo.png", filemakers.SVG_WITH_SCRIPT))[0].startswith("Berkas SVG tidak diterima")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("animasi.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
        ("program.exe", b"MZ\x90\x00" + b"\x00" * 60),
        ("laporan.docx", b"PK\x03\x04" + b"\x00" * 60),
        ("foto.heic", b"\x00\x00\x00\x18ftypheic" + b"\x00" * 40),
        ("catatan.txt", b"hanya teks biasa"),
    ],
    ids=["gif", "exe", "docx", "heic", "txt"],
)
def test_disallowed_formats_are_refused(db, name, content):
    assert refusal(upload(name, content)) == [
        "Format berkas tidak didukung. Unggah foto JPEG, PNG atau WebP, atau dokumen PDF."
    ]


@pytest.mark.parametrize(
    "make",
    [
        filemakers.pdf_with_javascript,
        filemakers.pdf_with_hidden_javascript,
        filemakers.pdf_with_launch,
        filemakers.pdf_with_embedded_file,
    ],
    ids=["javascript", "escaped-javascript", "launch", "embedded-file"],
)
def test_active_pdfs_are_refused(db, make):
    assert refusal(upload("surat.pdf", make()))[0].startswith("PDF ini berisi skrip, tindakan otomatis")


def test_truncated_png_is_refused(db):
    content = filemakers.png_bytes(size=(300, 300))
    assert refusal(upload("foto.png", content[: len(content) // 2]))[0].startswith("Foto rusak")


def test_broken_pdf_is_refused(db):
    assert refusal(upload("surat.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 50)) == [
        "PDF rusak atau tidak dapat dibaca. Simpan ulang sebagai PDF lalu unggah lagi."
    ]


def test_empty_file_is_refused(db):
    assert refusal(upload("foto.png", b"")) == ["Berkas kosong (0 byte). Pilih berkas yang benar."]


# Through the upload page: message on the form, no row, no file ----------------------------------


HOSTILE_UPLOADS = [
    ("photo-over-limit", "foto.png", lambda: b"\x89PNG\r\n\x1a\n" + b"\x00" * (5 * 1024 * 1024 + 1), "Ukuran"),
    ("pdf-is-png", "surat.pdf", filemakers.png_bytes, "Isi berkas tidak sesuai dengan namanya"),
    ("png-is-html", "foto.png", lambda: filemakers.HTML, "halaman web (HTML)"),
    ("png-html-polyglot", "foto.png", filemakers.png_html_polyglot, "data tambahan setelah akhir gambar"),
    ("bomb", "bom.png", filemakers.decompression_bomb, "Resolusi foto terlalu besar"),
    ("over-pixel-cap", "besar.png", lambda: filemakers.big_png_header_only(9_000, 9_000), "terlalu besar"),
    ("svg-script", "logo.svg", lambda: filemakers.SVG_WITH_SCRIPT, "Berkas SVG tidak diterima"),
    ("disallowed", "animasi.gif", lambda: b"GIF89a" + b"\x00" * 30, "Format berkas tidak didukung"),
    ("pdf-javascript", "surat.pdf", filemakers.pdf_with_javascript, "PDF ini berisi skrip"),
    ("path-without-extension", "../../etc/passwd", filemakers.png_bytes, "Isi berkas tidak sesuai"),
    ("long-name", "a" * 296 + ".png", filemakers.png_bytes, "Nama berkas terlalu panjang"),
]


@pytest.mark.parametrize(
    ("name", "content_factory", "message"),
    [case[1:] for case in HOSTILE_UPLOADS],
    ids=[case[0] for case in HOSTILE_UPLOADS],
)
def test_hostile_upload_through_the_page_leaves_nothing(
    client, operator, complete_draft, media_root, name, content_factory, message
):
    client.force_login(operator)
    before_files = files_under(media_root)
    before_rows = Attachment.objects.count()
    response = client.post(
        reverse("submissions:attachment_upload", kwargs={"pk": complete_draft.pk}),
        {"file": SimpleUploadedFile(name, content_factory()), "caption": "Foto kegiatan"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert len(errors) == 1
    assert message in errors[0]
    assert message in response.content.decode()
    assert response.context["form"]["caption"].value() == "Foto kegiatan"
    assert Attachment.objects.count() == before_rows
    assert files_under(media_root) == before_files


def test_hostile_upload_answers_json_to_the_upload_script(client, operator, draft, media_root):
    client.force_login(operator)
    response = client.post(
        reverse("submissions:attachment_upload", kwargs={"pk": draft.pk}),
        {"file": SimpleUploadedFile("foto.png", filemakers.HTML)},
        headers={"X-Requested-With": "XMLHttpRequest"},
    )
    assert response.status_code == 200
    assert response.json() == {
        "ok": False,
        "errors": {
            "file": ["Berkas ini berisi halaman web (HTML), bukan foto atau PDF. Unggah foto JPEG, PNG, WebP atau PDF."]
        },
    }
    assert files_under(media_root) == []


def test_upload_through_the_page_answers_json_on_success(client, operator, draft):
    client.force_login(operator)
    response = client.post(
        reverse("submissions:attachment_upload", kwargs={"pk": draft.pk}),
        {"file": SimpleUploadedFile("kegiatan.png", filemakers.png_bytes())},
        headers={"X-Requested-With": "XMLHttpRequest"},
    )
    assert response.status_code == 200
    assert response.json() == {
        "ok": True,
        "message": "Berkas “kegiatan.png” terunggah.",
        "redirect": reverse("submissions:attachments", kwargs={"pk": draft.pk}),
    }


def test_path_in_upload_name_is_stripped_and_file_stored_under_a_random_name(client, operator, draft, media_root):
    client.force_login(operator)
    client.post(
        reverse("submissions:attachment_upload", kwargs={"pk": draft.pk}),
        {"file": SimpleUploadedFile("../../../etc/passwd.png", filemakers.png_bytes())},
    )
    attachment = Attachment.objects.get(submission=draft)
    assert attachment.original_name == "passwd.png"
    assert attachment.file.name.startswith("attachments/")
    assert "passwd" not in attachment.file.name
    assert files_under(media_root) == [attachment.file.name]
    assert not (media_root.parent / "etc").exists()


def test_file_over_the_submission_quota_is_refused(operator, draft, media_root, settings):
    first = filemakers.pdf_bytes("satu")
    settings.KIPP_MAX_SUBMISSION_BYTES = 2 * len(first) + 10
    services.attachment_add(submission=draft, user=operator, uploaded=upload("a.pdf", first))
    services.attachment_add(submission=draft, user=operator, uploaded=upload("b.pdf", first))
    stored = files_under(media_root)
    with pytest.raises(ValidationError) as caught:
        services.attachment_add(submission=draft, user=operator, uploaded=upload("c.pdf", first))
    assert caught.value.message_dict["file"][0].startswith("Kuota lampiran usulan ini tidak cukup")
    assert Attachment.objects.filter(submission=draft).count() == 2
    assert files_under(media_root) == stored


def test_requirement_needs_a_pdf(operator, draft, media_root):
    requirement = draft.competition.attachment_requirements.first()
    with pytest.raises(ValidationError) as caught:
        services.attachment_add(
            submission=draft,
            user=operator,
            uploaded=upload("surat.png", filemakers.png_bytes()),
            requirement=requirement,
        )
    assert caught.value.message_dict == {
        "file": ["Dokumen wajib “Surat pernyataan implementasi inovasi” harus berupa PDF."]
    }
    assert files_under(media_root) == []


def test_upload_for_a_requirement_replaces_the_previous_file(
    operator, draft, media_root, django_capture_on_commit_callbacks
):
    requirement = draft.competition.attachment_requirements.first()
    with django_capture_on_commit_callbacks(execute=True):
        old = services.attachment_add(
            submission=draft,
            user=operator,
            uploaded=upload("lama.pdf", filemakers.pdf_bytes()),
            requirement=requirement,
        )
        new = services.attachment_add(
            submission=draft,
            user=operator,
            uploaded=upload("baru.pdf", filemakers.pdf_bytes()),
            requirement=requirement,
        )
    assert list(Attachment.objects.filter(submission=draft).values_list("original_name", flat=True)) == ["baru.pdf"]
    assert files_under(media_root) == [new.file.name]
    assert old.file.name != new.file.name


def test_stored_attachment_records_checksum_size_type_and_kind(operator, draft):
    content = filemakers.pdf_bytes()
    requirement = draft.competition.attachment_requirements.first()
    attachment = services.attachment_add(
        submission=draft, user=operator, uploaded=upload("surat.pdf", content), requirement=requirement
    )
    stored = attachment.file.open("rb").read()
    import hashlib

    assert (attachment.sha256, attachment.size, attachment.content_type, attachment.kind) == (
        hashlib.sha256(stored).hexdigest(),
        len(stored),
        "application/pdf",
        AttachmentKind.STATEMENT,
    )
    assert attachment.file.name.endswith(".pdf")
    assert attachment.uploaded_by == operator


def test_delete_removes_row_and_file(operator, draft, media_root, django_capture_on_commit_callbacks):
    attachment = services.attachment_add(
        submission=draft, user=operator, uploaded=upload("a.png", filemakers.png_bytes())
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.attachment_delete(attachment=attachment, user=operator)
    assert Attachment.objects.filter(submission=draft).count() == 0
    assert files_under(media_root) == []


def test_attachments_cannot_change_after_submission(operator, submitted, media_root):
    with pytest.raises(ValidationError) as caught:
        services.attachment_add(submission=submitted, user=operator, uploaded=upload("a.png", filemakers.png_bytes()))
    assert "hanya dapat dibaca" in caught.value.message_dict["file"][0]
    attachment = submitted.attachments.first()
    with pytest.raises(ValidationError):
        services.attachment_delete(attachment=attachment, user=operator)
    assert submitted.attachments.count() == 3


def test_served_photo_and_pdf_carry_no_metadata(client, operator, draft):
    client.force_login(operator)
    url = reverse("submissions:attachment_upload", kwargs={"pk": draft.pk})
    client.post(url, {"file": SimpleUploadedFile("foto.jpg", filemakers.jpeg_bytes(exif_text="Kepala Dinas Rahasia"))})
    client.post(url, {"file": SimpleUploadedFile("surat.pdf", filemakers.pdf_with_xmp(author="Dinas Rahasia"))})
    photo, letter = Attachment.objects.filter(submission=draft).order_by("content_type").reverse()
    served_photo = b"".join(client.get(reverse("submissions:attachment", kwargs={"pk": photo.pk})).streaming_content)
    served_pdf = b"".join(client.get(reverse("submissions:attachment", kwargs={"pk": letter.pk})).streaming_content)
    assert photo.content_type == "image/jpeg"
    assert dict(Image.open(io.BytesIO(served_photo)).getexif()) == {}
    assert b"Rahasia" not in served_photo
    assert b"xmpmeta" not in served_photo
    assert PdfReader(io.BytesIO(served_pdf)).metadata is None
    assert b"Rahasia" not in served_pdf
