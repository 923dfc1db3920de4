"""A whole KIPP year in a real browser, as the people who live it click and type through it.

The committee sets up a competition, two operators of different units draft, upload and submit, one
proposal is returned and resubmitted, the committee screens both, forms the jury and assigns it, three
jurors score on their phones, the committee closes the stage, ranks and publishes, and a visitor sees the
results, steps through the ceremony with the keyboard and downloads a certificate.

One scenario, one test: each step below starts where the previous one left the database, and asserts what
its user sees. The competition is kept small (Top 2, one scoring stage, three jurors) so the year runs in
well under a minute and a half. Every page visited also passes the shared page checks (no console or
network errors, no CSP violation, the accessibility basics: see tests/browser/checks.py).
"""

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from competitions.models import Competition, Stage
from judging.models import Publication
from submissions.models import Submission
from tests.browser.checks import checks_for
from tests.browser.helpers import (
    accept_dialogs,
    assert_fits_width,
    click_nav_link,
    datetime_local,
    flash,
    login,
    path_of,
    pdf_file,
    png_file,
    visit,
)
from tests.factories import CommitteeFactory, JurorFactory, OperatorFactory, UnitFactory

pytestmark = pytest.mark.browser

YEAR = timezone.localdate().year
TITLE = f"KIPP Kota Malang {YEAR}"
DESK = "Penilaian Proposal"
CRITERIA = [
    "Latar Belakang dan Tujuan",
    "Kebaruan / Nilai Tambah",
    "Implementasi Inovasi",
    "Signifikansi",
    "Adaptabilitas",
    "Sumber Daya",
    "Strategi Keberlanjutan",
]
STATEMENT_LETTERS = [
    "Surat pernyataan implementasi inovasi",
    "Surat pernyataan identitas inovator / tim inovasi",
    "Surat pernyataan kesediaan inovasi direplikasi",
]


@dataclass
class Proposal:
    """What an operator types into the proposal form."""

    name: str
    meaning: str
    sdg: str  # the start of the SDG checkbox label, e.g. "3."
    sections: dict[str, str]  # section label -> text
    photo: str
    caption: str


SIDAKEP = Proposal(
    name="SIDAKEP",
    meaning="Sistem Antar Dokumen Kependudukan",
    sdg="16.",
    sections={
        "Ringkasan": "Petugas Dispendukcapil mengantar KTP-el dan KK ke rumah warga lansia dan penyandang disabilitas.",
        "Latar Belakang dan Tujuan": "Sebelum inovasi, warga lansia antre rata-rata tiga jam di kantor dinas.",
        "Kebaruan / Nilai Tambah": "Perekaman biometrik keliling dengan perangkat portabel, dijadwalkan via WhatsApp.",
        "Implementasi Inovasi": "Warga mendaftar lewat WhatsApp; petugas datang sesuai jadwal kelurahan.",
        "Signifikansi": "Waktu layanan turun dari tiga hari menjadi satu hari untuk 1.240 warga pada 2024.",
        "Adaptabilitas: sudah direplikasi oleh": "Kecamatan Sukun.",
        "Adaptabilitas: potensi replikasi": "Dapat ditiru kecamatan lain dengan perangkat yang sama.",
        "Sumber Daya": "Dua petugas, satu mobil dinas, anggaran Rp 45 juta per tahun.",
        "Strategi Keberlanjutan": "Diatur Peraturan Wali Kota dan SOP layanan keliling; bermitra dengan kelurahan.",
    },
    photo="layanan-keliling.png",
    caption="Perekaman KTP-el di rumah warga",
)
KOPI_TUBRUK = Proposal(
    name="KOPI TUBRUK",
    meaning="Konsultasi dan Investigasi Online Tuberkulosis",
    sdg="3.",
    sections={
        "Ringkasan": "Konsultasi daring dan pelacakan kontak pasien tuberkulosis oleh kader puskesmas.",
        "Latar Belakang dan Tujuan": "Banyak pasien TBC putus obat karena jauh dari puskesmas.",
        "Kebaruan / Nilai Tambah": "Kader memantau minum obat lewat video singkat setiap hari.",
        "Implementasi Inovasi": "Pasien dan kader terhubung lewat grup pesan; petugas memeriksa laporan harian.",
        "Signifikansi": "Angka putus obat turun.",
        "Adaptabilitas: sudah direplikasi oleh": "Belum ada.",
        "Adaptabilitas: potensi replikasi": "Dapat ditiru puskesmas lain di Kota Malang.",
        "Sumber Daya": "Lima kader, satu perawat, pulsa data dari dana BOK.",
        "Strategi Keberlanjutan": "SK Kepala Puskesmas dan jadwal kader yang tetap.",
    },
    photo="kader-tbc.png",
    caption="Kader memantau minum obat",
)
RETURN_NOTE = "Lengkapi Signifikansi dengan data sebelum dan sesudah inovasi."
FIXED_SIGNIFICANCE = "Angka putus obat turun dari 12 persen (2022) menjadi 3 persen (2024) pada 86 pasien."

# Each juror's score for every criterion of a proposal (equal scores make the weighted total that score;
# 85 × 15 / 100 = 12.75 also checks that no database divides whole numbers as integers).
SCORES = {"SIDAKEP": [85, 80, 90], "KOPI TUBRUK": [70, 75, 60]}


def heading(page: Page):
    return page.get_by_role("heading", level=1)


def word_counter(page: Page, label: str):
    """The live "n dari m kata" line under a proposal section (its id is the textarea's describedby)."""
    box = page.get_by_label(label, exact=True)
    counter_id = box.get_attribute("aria-describedby").split()[-1]
    return page.locator(f"#{counter_id}")


# --- The committee sets the year up -----------------------------------------------------------------------


def committee_sets_up_the_competition(page: Page, *, opens: dt.datetime, closes: dt.datetime) -> Competition:
    expect(heading(page)).to_have_text("Kompetisi")
    expect(page.get_by_text("Belum ada kompetisi.")).to_be_visible()
    page.get_by_role("link", name="Buat kompetisi pertama").click()

    expect(heading(page)).to_have_text("Kompetisi baru")
    page.get_by_label("Tahun").fill(str(YEAR))
    page.get_by_label("Judul").fill(TITLE)
    page.get_by_label("Pendaftaran dibuka").fill(datetime_local(opens))
    page.get_by_label("Pendaftaran ditutup").fill(datetime_local(closes))
    page.get_by_label("Jumlah pemenang (Top N)").fill("2")
    expect(page.get_by_role("radio", name=re.compile(r"^Bawaan KIPP nasional 2023"))).to_be_checked()
    page.get_by_role("button", name="Buat kompetisi").click()

    expect(flash(page)).to_contain_text(f"Kompetisi {TITLE} dibuat. Periksa setiap pengaturannya.")
    expect(heading(page)).to_have_text("Pengaturan umum")
    stages_box = page.get_by_role("complementary").locator("section").first
    expect(stages_box.locator("li .fw-semibold")).to_have_text(
        ["1. Seleksi Administrasi", f"2. {DESK}", "3. Presentasi dan Wawancara"]
    )

    # Announce the year: operators see it only once it is public.
    page.get_by_label("Diumumkan ke publik").check()
    page.get_by_role("button", name="Simpan pengaturan").click()
    expect(flash(page)).to_contain_text("Pengaturan disimpan.")
    expect(page.get_by_label("Diumumkan ke publik")).to_be_checked()

    # One scoring stage, open from the start (jurors score eligible proposals as they arrive), worth 100%.
    page.get_by_role("navigation", name="Bagian pengaturan").get_by_role("link", name="Tahap", exact=True).click()
    expect(heading(page)).to_have_text("Tahap")
    rows = page.locator(".cmp-row")
    desk = rows.filter(has=page.locator("legend", has_text=DESK))
    desk.get_by_label("Dibuka").fill(datetime_local(opens))
    desk.get_by_label("Bobot").fill("100")
    desk.get_by_label("Jumlah yang lolos").fill("")
    rows.filter(has=page.locator("legend", has_text="Presentasi dan Wawancara")).get_by_label("Hapus baris ini").check()
    expect(page.locator("[data-weight-sum]")).to_have_text("100")
    page.get_by_role("button", name="Simpan tahap").click()

    expect(flash(page)).to_contain_text("Tahap disimpan.")
    expect(rows.locator("legend")).to_have_text(["Seleksi Administrasi", DESK, "Tahap baru"])
    expect(page.locator("[data-weight-sum]")).to_have_text("100")
    return Competition.objects.get(year=YEAR)


# --- Operators draft, upload and submit --------------------------------------------------------------------


def operator_drafts_uploads_and_submits(page: Page, proposal: Proposal, files: Path) -> Submission:
    block = page.get_by_role("region", name=TITLE)
    expect(block).to_contain_text("Pendaftaran dibuka sampai")
    expect(block).to_contain_text("Unit Anda belum membuat usulan.")
    block.get_by_role("link", name="Usulan baru").click()

    expect(heading(page)).to_have_text("Usulan baru")
    assert_fits_width(page)
    page.get_by_role("textbox", name=re.compile(r"^Nama inovasi")).fill(proposal.name)
    page.get_by_label("Kepanjangan nama inovasi").fill(proposal.meaning)
    page.get_by_label("Tanggal mulai beroperasi").fill((timezone.localdate() - dt.timedelta(days=800)).isoformat())
    page.get_by_role("checkbox", name=re.compile(rf"^{re.escape(proposal.sdg)} ")).check()

    summary_label = "Ringkasan"
    summary_counter = word_counter(page, summary_label)
    expect(summary_counter).to_have_text("0 dari 200 kata")
    page.get_by_label(summary_label, exact=True).press_sequentially("Layanan baru untuk warga")
    expect(summary_counter).to_have_text("4 dari 200 kata")
    for label, text in proposal.sections.items():
        page.get_by_label(label, exact=True).fill(text)
    words = len(proposal.sections[summary_label].split())
    expect(summary_counter).to_have_text(f"{words} dari 200 kata")
    expect(word_counter(page, "Signifikansi")).to_have_text(
        f"{len(proposal.sections['Signifikansi'].split())} dari 600 kata"
    )

    page.get_by_label("Inovator / anggota tim").fill("Budi Santoso, Kepala Seksi\nSri Wahyuni, Staf")
    page.get_by_label("Nama narahubung").fill("Budi Santoso")
    page.get_by_label("Telepon / WhatsApp narahubung").fill("0812-3456-7890")
    page.get_by_label("E-mail narahubung").fill("budi@example.test")
    page.get_by_role("button", name="Simpan lalu unggah lampiran").click()

    expect(flash(page)).to_contain_text(f"Draf \u201c{proposal.name}\u201d tersimpan.")
    expect(heading(page)).to_have_text(f"Lampiran: {proposal.name}")
    all_files = page.get_by_role("region", name="Semua lampiran")
    expect(all_files).to_contain_text("Belum ada lampiran.")
    assert_fits_width(page)

    page.get_by_label("Berkas*", exact=True).set_input_files(png_file(files, proposal.photo))
    page.get_by_label("Keterangan").fill(proposal.caption)
    page.get_by_role("button", name="Unggah", exact=True).click()
    expect(all_files.get_by_role("img", name=proposal.caption)).to_be_visible()
    expect(all_files.get_by_role("link", name=proposal.photo)).to_be_visible()

    required = page.get_by_role("region", name="Dokumen wajib")
    expect(required.get_by_text("Belum diunggah")).to_have_count(3)
    for number, letter in enumerate(STATEMENT_LETTERS, start=1):
        filename = f"surat-{number}.pdf"
        page.get_by_label("Berkas*", exact=True).set_input_files(pdf_file(files, filename, text=letter))
        page.get_by_label("Untuk dokumen wajib").select_option(label=letter)
        page.get_by_role("button", name="Unggah", exact=True).click()
        expect(all_files.get_by_role("link", name=filename)).to_be_visible()
    expect(required.get_by_text("Belum diunggah")).to_have_count(0)
    expect(required.get_by_text("Sudah diunggah")).to_have_count(3)
    expect(page.get_by_label(re.compile(r"^Terpakai"))).to_be_attached()

    page.get_by_role("link", name="Pratinjau dan kirim").click()
    expect(heading(page)).to_have_text(f"Pratinjau: {proposal.name}")
    expect(page.get_by_text("Usulan lengkap. Periksa sekali lagi, lalu kirim ke panitia.")).to_be_visible()
    assert_fits_width(page)
    page.get_by_role("button", name="Kirim usulan").click()

    expect(flash(page)).to_contain_text("Usulan terkirim ke panitia.")
    expect(heading(page)).to_have_text(proposal.name)
    submission = Submission.objects.get(name=proposal.name)
    assert submission.status == "submitted"
    return submission


# --- The committee screens ---------------------------------------------------------------------------------


def committee_decides(page: Page, name: str, decision: str, note: str = "") -> None:
    click_nav_link(page, "Seleksi")
    expect(heading(page)).to_have_text("Seleksi administrasi")
    page.get_by_role("main").get_by_role("link", name=name, exact=True).click()
    expect(heading(page)).to_have_text(name)
    expect(page.get_by_text("Semua bagian terisi, dalam batas kata, dan dokumen wajib lengkap.")).to_be_visible()
    page.get_by_label(decision, exact=True).check()
    if note:
        page.get_by_label("Alasan / catatan untuk unit pengusul").fill(note)
    page.get_by_role("button", name="Simpan keputusan").click()
    expect(flash(page)).to_contain_text(
        f"Keputusan \u201c{decision}\u201d untuk \u201c{name}\u201d tersimpan dan unit diberi tahu."
    )
    expect(heading(page)).to_have_text("Seleksi administrasi")


def operator_fixes_and_resubmits(page: Page, proposal: Proposal) -> None:
    click_nav_link(page, "Usulan unit saya")
    row = page.get_by_role("article", name=proposal.name)
    expect(row).to_contain_text("Dikembalikan")
    expect(row.get_by_text("Catatan perbaikan")).to_be_visible()
    expect(row.get_by_text(RETURN_NOTE)).to_be_visible()
    assert_fits_width(page)
    row.get_by_role("link", name="Ubah", exact=True).click()

    expect(heading(page)).to_have_text(f"Ubah usulan: {proposal.name}")
    expect(page.get_by_label("Signifikansi", exact=True)).to_have_value(proposal.sections["Signifikansi"])
    page.get_by_label("Signifikansi", exact=True).fill(FIXED_SIGNIFICANCE)
    expect(word_counter(page, "Signifikansi")).to_have_text(f"{len(FIXED_SIGNIFICANCE.split())} dari 600 kata")
    page.get_by_role("button", name="Simpan lalu pratinjau").click()

    expect(heading(page)).to_have_text(f"Pratinjau: {proposal.name}")
    expect(page.get_by_text(FIXED_SIGNIFICANCE)).to_be_visible()
    page.get_by_role("button", name="Kirim ulang usulan").click()
    expect(flash(page)).to_contain_text("Usulan terkirim ke panitia.")


# --- The jury ----------------------------------------------------------------------------------------------


def committee_forms_the_jury_and_assigns(page: Page, jurors) -> None:
    click_nav_link(page, "Penjurian")
    expect(heading(page)).to_have_text("Juri dan penilaian")
    page.get_by_role("link", name=DESK).click()

    expect(heading(page)).to_have_text(f"{DESK}: Penugasan juri")
    expect(page.locator(".kipp-stat").first).to_contain_text("2")
    page.get_by_role("link", name="Panel juri", exact=True).click()
    expect(heading(page)).to_have_text(f"{DESK}: Panel juri")
    for juror in jurors:
        page.get_by_role("checkbox", name=re.compile(rf"^{re.escape(juror.full_name)}")).check()
    page.get_by_role("button", name="Tambahkan ke panel").click()
    expect(flash(page)).to_contain_text("3 juri ditambahkan ke panel dan diberi tahu lewat e-mail.")
    expect(page.get_by_role("heading", name="3 anggota panel")).to_be_visible()

    page.get_by_role("link", name="Penugasan", exact=True).click()
    page.get_by_role("button", name="Susun penugasan otomatis").click()
    expect(flash(page)).to_contain_text(
        "Penugasan otomatis selesai: 6 baru, 0 dihapus, 0 tetap, 0 dibatalkan karena konflik."
    )
    table = page.get_by_role("table", name="Penugasan per usulan")
    for name in ("SIDAKEP", "KOPI TUBRUK"):
        row = table.get_by_role("row").filter(has_text=name)
        expect(row.get_by_role("cell").last).to_have_text("3/3")
        for juror in jurors:
            expect(row).to_contain_text(juror.full_name)


def fill_scores(page: Page, value: int) -> None:
    boxes = page.get_by_label("Nilai (0–100)")
    expect(boxes).to_have_count(len(CRITERIA))
    for index in range(len(CRITERIA)):
        boxes.nth(index).fill(str(value))
    expect(page.locator("[data-total]")).to_have_text(f"{value},00")
    expect(page.locator("[data-filled]")).to_have_text(f"{len(CRITERIA)}/{len(CRITERIA)} kriteria")


def juror_scores_on_a_phone(page: Page, index: int, *, with_draft: bool) -> None:
    expect(heading(page)).to_have_text("Penilaian saya")
    expect(page.get_by_text("0 dari 2 usulan sudah final")).to_be_visible()
    assert_fits_width(page)
    for name, values in SCORES.items():
        page.get_by_role("link", name=name, exact=True).click()
        expect(heading(page)).to_have_text(name)
        # The criteria are read by their legends. (Known gap: the legend sits inside div.card-body, not
        # directly in the fieldset, so the fieldset gets no accessible name; get_by_role("group") fails.)
        expect(page.locator(".kipp-criterion legend")).to_have_text(
            [f"{number}. {criterion}" for number, criterion in enumerate(CRITERIA, start=1)]
        )
        assert_fits_width(page)
        fill_scores(page, values[index])
        if with_draft and name == "SIDAKEP":
            page.get_by_role("button", name="Simpan draf").click()
            expect(flash(page)).to_contain_text("Draf tersimpan.")
            # Forget this browser's own copy, so what the reload shows can only come from the server.
            page.evaluate("window.localStorage.clear()")
            page.reload()
            expect(page.get_by_text("Draf", exact=True)).to_be_visible()
            expect(page.locator("[data-restored]")).to_be_hidden()
            boxes = page.get_by_label("Nilai (0–100)")
            for box in range(len(CRITERIA)):
                expect(boxes.nth(box)).to_have_value(str(values[index]))
            expect(page.locator("[data-total]")).to_have_text(f"{values[index]},00")
        page.get_by_role("button", name="Kirim final").click()
        expect(flash(page)).to_contain_text("Lembar nilai dikirim final. Terima kasih!")
        expect(page.get_by_text("Final", exact=True)).to_be_visible()
        expect(page.get_by_label("Nilai (0–100)").first).to_be_disabled()
        click_nav_link(page, "Penilaian saya")
    expect(page.get_by_text("2 dari 2 usulan sudah final")).to_be_visible()


# --- Closing, ranking, publishing --------------------------------------------------------------------------


def committee_closes_ranks_and_publishes(page: Page) -> None:
    visit(page, f"/panitia/{YEAR}/")
    expect(heading(page)).to_have_text(TITLE)
    page.get_by_role("main").get_by_role("link", name=re.compile(r"^(Buka peringkat|Peringkat)$")).first.click()

    expect(heading(page)).to_have_text(f"Peringkat {TITLE}")
    stage_card = page.locator(".res-stage-card").filter(has_text=DESK)
    expect(stage_card).to_contain_text("Batas waktu sudah lewat; belum ditutup panitia")
    stage_card.get_by_role("link", name="Tutup tahap").click()

    expect(heading(page)).to_have_text(f"Tutup tahap «{DESK}»")
    expect(page.get_by_text("Ini tahap terakhir: menutupnya mengakhiri penilaian")).to_be_visible()
    page.get_by_role("button", name="Tutup tahap").click()
    expect(flash(page)).to_contain_text(f"Tahap «{DESK}» sudah ditutup.")
    expect(page.get_by_role("status").filter(has_text="Tahap ini ditutup")).to_contain_text("Tahap ini ditutup")
    page.get_by_role("link", name="Kembali ke peringkat").click()

    expect(stage_card).to_contain_text("Ditutup panitia")
    top = page.get_by_role("region", name="2 besar: selisih dan kestabilan").get_by_role("table")
    rows = top.locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("SIDAKEP")
    expect(rows.nth(0)).to_contain_text("85,0000")
    expect(rows.nth(1)).to_contain_text("KOPI TUBRUK")
    expect(rows.nth(1)).to_contain_text("68,3333")
    page.get_by_role("link", name="Umumkan hasil").click()

    expect(heading(page)).to_have_text(f"Umumkan hasil {TITLE}")
    expect(page.get_by_text("Hasil belum dapat diumumkan:")).to_have_count(0)
    preview = page.get_by_role("table").locator("tbody tr")
    expect(preview).to_have_count(2)
    expect(preview.nth(0)).to_contain_text("Juara")
    expect(preview.nth(0)).to_contain_text("SIDAKEP")
    page.get_by_role("button", name="Umumkan sekarang").click()
    expect(page.get_by_text("Centang konfirmasi ini untuk mengumumkan.")).to_be_visible()
    assert not Publication.objects.exists()

    page.get_by_label(re.compile(r"^Saya sudah memeriksa peringkat di atas")).check()
    page.get_by_role("button", name="Umumkan sekarang").click()
    expect(flash(page)).to_contain_text(f"Hasil {TITLE} sudah diumumkan (versi 1).")


# --- The public --------------------------------------------------------------------------------------------


def visitor_sees_results_ceremony_and_certificate(page: Page) -> None:
    visit(page, f"/hasil/{YEAR}/")
    expect(heading(page)).to_have_text(TITLE)
    expect(page.get_by_text("2 inovasi pelayanan publik terbaik.")).to_be_visible()
    cards = page.get_by_role("main").get_by_role("heading", level=3)
    expect(cards).to_have_text(["SIDAKEP", "KOPI TUBRUK"])
    expect(page.get_by_role("img", name=re.compile("SIDAKEP"))).to_be_visible()
    page.get_by_role("link", name="Tampilan upacara").click()

    # Full screen on a projector: no navbar or footer on purpose.
    checks_for(page).ignore_a11y(f"/hasil/{YEAR}/upacara/", "landmarks")
    intro = page.locator(".cer-intro")
    second, first = page.locator(".cer-place-2"), page.locator(".cer-place-1")
    expect(intro).to_be_visible()
    expect(intro.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(second).to_be_hidden()
    expect(first).to_be_hidden()

    page.keyboard.press("ArrowRight")
    expect(second).to_be_visible()
    expect(second).to_contain_text("KOPI TUBRUK")
    expect(intro).to_be_hidden()
    expect(first).to_be_hidden()
    expect(page.locator("#cer-progress")).to_have_text("2 / 4")

    page.keyboard.press(" ")
    expect(first).to_be_visible()
    expect(first).to_contain_text("SIDAKEP")
    expect(first).to_contain_text("Juara")
    expect(second).to_be_hidden()

    page.keyboard.press("ArrowLeft")
    expect(second).to_be_visible()
    expect(first).to_be_hidden()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(page.locator(".cer-outro")).to_be_visible()
    expect(page.locator(".cer-outro li")).to_have_text(
        ["1 SIDAKEP · Dinas Kependudukan dan Pencatatan Sipil", "2 KOPI TUBRUK · Puskesmas Kedungkandang"]
    )

    page.get_by_role("link", name="Kembali ke halaman hasil").click()
    expect(heading(page)).to_have_text(TITLE)
    with page.expect_download() as info:
        page.get_by_role("link", name="Peringkat 1", exact=True).click()
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as certificate:
        assert certificate.read(5) == b"%PDF-"


def test_year_from_setup_to_published_results_and_certificate(new_page, tmp_path):
    now = timezone.now()
    opens, closes = now - dt.timedelta(days=1), now + dt.timedelta(days=10)
    committee = CommitteeFactory(full_name="Rina Kusumawati")
    dukcapil = OperatorFactory(
        full_name="Fajar Nugroho",
        unit=UnitFactory(name="Dinas Kependudukan dan Pencatatan Sipil", short_name="Dispendukcapil"),
    )
    puskesmas = OperatorFactory(
        full_name="Yuliana Sari",
        unit=UnitFactory(name="Puskesmas Kedungkandang", short_name="PKM Kedungkandang", kind="puskesmas"),
    )
    jurors = [
        JurorFactory(full_name="Prof. Dr. Hendra Wijaya", title="Universitas Brawijaya"),
        JurorFactory(full_name="Dr. Siti Aminah", title="Universitas Negeri Malang"),
        JurorFactory(full_name="Dr. Bambang Prasetyo", title="Praktisi inovasi"),
    ]

    panitia = new_page("desktop")
    accept_dialogs(panitia)
    login(panitia, committee)
    competition = committee_sets_up_the_competition(panitia, opens=opens, closes=closes)
    assert (competition.top_n, competition.is_announced) == (2, True)
    assert list(competition.stages.values_list("name", "weight")) == [
        ("Seleksi Administrasi", 0),
        (DESK, 100),
    ]

    operators = {}
    for operator, proposal, device in ((dukcapil, SIDAKEP, "desktop"), (puskesmas, KOPI_TUBRUK, "phone")):
        page = new_page(device)
        accept_dialogs(page)
        login(page, operator)
        operator_drafts_uploads_and_submits(page, proposal, tmp_path)
        operators[proposal.name] = page

    committee_decides(panitia, "KOPI TUBRUK", "Dikembalikan untuk perbaikan", RETURN_NOTE)
    operator_fixes_and_resubmits(operators["KOPI TUBRUK"], KOPI_TUBRUK)
    committee_decides(panitia, "SIDAKEP", "Lolos")
    committee_decides(panitia, "KOPI TUBRUK", "Lolos")
    expect(panitia.get_by_text("Tidak ada usulan yang cocok dengan saringan ini.")).to_be_visible()
    assert sorted(Submission.objects.values_list("name", "status")) == [
        ("KOPI TUBRUK", "eligible"),
        ("SIDAKEP", "eligible"),
    ]

    committee_forms_the_jury_and_assigns(panitia, jurors)
    for index, juror in enumerate(jurors):
        phone = new_page("phone")
        accept_dialogs(phone)
        login(phone, juror)
        juror_scores_on_a_phone(phone, index, with_draft=index == 0)

    # Time passes: registration closes and the desk stage reaches its deadline. Weeks of real time are
    # simulated by moving both moments just into the past, as nothing in the UI may move them backwards.
    moment = timezone.now() - dt.timedelta(minutes=1)
    Competition.objects.filter(pk=competition.pk).update(submission_closes_at=moment - dt.timedelta(minutes=1))
    Stage.objects.filter(competition=competition, name=DESK).update(closes_at=moment)

    committee_closes_ranks_and_publishes(panitia)
    assert sorted(Submission.objects.values_list("name", "status")) == [
        ("KOPI TUBRUK", "winner"),
        ("SIDAKEP", "winner"),
    ]

    visitor = new_page("desktop")
    visitor_sees_results_ceremony_and_certificate(visitor)
    assert path_of(visitor) == f"/hasil/{YEAR}/"
