"""The operator's pages in a real browser on a phone: live word counter, upload with progress, no errors.

Reuses the browser fixtures of tests/browser (Chromium through Playwright, CSP and accessibility checks),
imported in this package's conftest.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from submissions.models import Attachment, Submission
from tests.browser.checks import checks_for
from tests.browser.helpers import login, visit
from tests.submissions import filemakers

pytestmark = pytest.mark.browser

SHOTS = os.environ.get("KIPP_SUBMISSION_SHOTS")


def shot(page, name):
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def test_operator_writes_and_uploads_on_a_phone(new_page, competition, operator, tmp_path):
    page = new_page("phone", viewport={"width": 360, "height": 780})
    login(page, operator)
    visit(page, "/usulan/")
    shot(page, "home-empty")
    page.get_by_role("link", name="Usulan baru").click()
    page.get_by_role("textbox", name="Nama inovasi*").fill("SIDAKEP")
    summary = page.get_by_label("Ringkasan", exact=True)
    summary.fill("Layanan antar dokumen ke rumah warga")
    expect(page.locator("#wc-summary")).to_have_text("6 dari 200 kata")
    summary.fill("kata " * 201)
    expect(page.locator("#wc-summary")).to_have_class("word-count small mt-1 mb-0 over")
    summary.fill("Layanan antar dokumen ke rumah warga lansia.")
    shot(page, "form")
    page.get_by_role("button", name="Simpan lalu unggah lampiran").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lampiran: SIDAKEP")
    submission = Submission.objects.get(name="SIDAKEP")
    assert submission.summary == "Layanan antar dokumen ke rumah warga lansia."

    # A hostile file: the message appears next to the field, the page stays.
    html = tmp_path / "foto.png"
    html.write_bytes(filemakers.HTML)
    page.locator("#id_file").set_input_files(str(html))
    page.get_by_role("button", name="Unggah", exact=True).click()
    expect(page.locator(".upload-js-error")).to_contain_text("halaman web (HTML)")
    assert Attachment.objects.count() == 0

    # A real photo goes up with the progress bar and the list reloads.
    photo = tmp_path / "kegiatan.png"
    photo.write_bytes(filemakers.png_bytes(size=(400, 300)))
    page.locator("#id_file").set_input_files(str(photo))
    page.get_by_label("Keterangan").fill("Layanan keliling")
    page.get_by_role("button", name="Unggah", exact=True).click()
    expect(page.get_by_role("link", name="kegiatan.png")).to_be_visible()
    assert list(Attachment.objects.values_list("original_name", "caption")) == [("kegiatan.png", "Layanan keliling")]
    shot(page, "attachments")

    visit(page, f"/usulan/{submission.pk}/pratinjau/")
    expect(page.get_by_text("Belum lengkap:")).to_be_visible()
    shot(page, "preview")
    visit(page, "/usulan/")
    shot(page, "home")
    checks_for(page).assert_clean()


def test_committee_screens_on_desktop_and_operator_sees_the_note(new_page, submitted, operator, committee):
    page = new_page("desktop")
    login(page, committee)
    visit(page, "/usulan/seleksi/")
    shot(page, "screening-list")
    page.get_by_role("link", name="SIDAKEP").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("SIDAKEP")
    shot(page, "screening-detail")
    page.get_by_label("Dikembalikan untuk perbaikan").check()
    page.get_by_role("button", name="Simpan keputusan").click()
    expect(page.locator(".invalid-feedback, .text-danger").first).to_contain_text("Tuliskan catatan perbaikan")
    page.get_by_label("Dikembalikan untuk perbaikan").check()
    page.get_by_label("Alasan / catatan untuk unit pengusul").fill("Tambahkan data sebelum-sesudah.")
    page.get_by_role("button", name="Simpan keputusan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Seleksi administrasi")
    submitted.refresh_from_db()
    assert submitted.status == "returned"
    checks_for(page).assert_clean()

    phone = new_page("phone")
    login(phone, operator)
    visit(phone, f"/usulan/{submitted.pk}/")
    expect(phone.get_by_text("Tambahkan data sebelum-sesudah.").first).to_be_visible()
    shot(phone, "detail-returned")
    visit(phone, f"/usulan/{submitted.pk}/cetak/")
    shot(phone, "print")
    checks_for(phone).assert_clean()
