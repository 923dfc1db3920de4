import asyncio
import datetime as dt
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from competitions.enums import StageKind
from kipp.enums import UnitKind
from submissions import services
from submissions.enums import SubmissionStatus
from submissions.models import Submission
from tests.browser import conftest as browser_conftest
from tests.factories import (
    AttachmentRequirementFactory,
    CompetitionFactory,
    OperatorFactory,
    StageFactory,
    SubmissionFactory,
    UnitFactory,
)
from tests.submissions import filemakers

# The shared browser fixtures of tests/browser (this package starts its own Chromium: see `browser` below).
_browser_checks = browser_conftest._browser_checks
new_page = browser_conftest.new_page

SECTION_TEXT = {
    "summary": "Layanan antar dokumen kependudukan ke rumah warga lansia dan disabilitas.",
    "background": "Sebelum inovasi warga lansia harus antre berjam-jam di kantor dinas.",
    "novelty": "Petugas keliling membawa perangkat perekaman biometrik portabel.",
    "implementation": "Warga mendaftar lewat WhatsApp lalu petugas datang sesuai jadwal.",
    "significance": "Waktu layanan turun dari tiga hari menjadi satu hari untuk 1.240 warga.",
    "adaptability_replicated": "Belum ada.",
    "adaptability_potential": "Dapat ditiru kelurahan lain dengan perangkat yang sama.",
    "resources": "Dua petugas, satu mobil dinas, anggaran Rp 45 juta per tahun.",
    "sustainability": "Diatur Peraturan Wali Kota dan SOP layanan keliling.",
}


def complete_data(**overrides) -> dict:
    data = {
        "name": "SIDAKEP",
        "acronym_meaning": "Sistem Antar Dokumen Kependudukan",
        "started_on": timezone.localdate() - dt.timedelta(days=900),
        "sdgs": [10, 16],
        "is_application": False,
        "application_url": "",
        "video_url": "https://video.example.test/sidakep",
        "innovators": "Budi Santoso, Kepala Bidang",
        "contact_name": "Budi Santoso",
        "contact_phone": "0812-3456-7890",
        "contact_email": "budi@example.test",
        **SECTION_TEXT,
    }
    data.update(overrides)
    return data


def form_post_data(submission: Submission | None = None, **overrides) -> dict:
    """What the browser posts from the proposal form."""
    data = complete_data(**overrides)
    post = {key: value for key, value in data.items() if key not in {"sdgs", "is_application", "started_on"}}
    post["sdgs"] = [str(goal) for goal in data["sdgs"]]
    if data["is_application"]:
        post["is_application"] = "on"
    post["started_on"] = data["started_on"].isoformat() if data["started_on"] else ""
    if submission is not None:
        post["version"] = str(submission.version)
    return post


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Each test gets its own MEDIA_ROOT, so "no file left on disk" can be checked exactly."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = root
    return root


def files_under(root) -> list[str]:
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


@pytest.fixture
def competition(db):
    competition = CompetitionFactory(
        year=2026,
        title="KIPP Kota Malang 2026",
        submission_opens_at=timezone.now() - dt.timedelta(days=30),
        submission_closes_at=timezone.now() + dt.timedelta(days=10),
        revision_deadline=timezone.now() + dt.timedelta(days=17),
    )
    for order, (code, name) in enumerate(
        [
            ("surat-implementasi", "Surat pernyataan implementasi inovasi"),
            ("surat-identitas-inovator", "Surat pernyataan identitas inovator"),
            ("surat-kesediaan-replikasi", "Surat pernyataan kesediaan direplikasi"),
        ]
    ):
        AttachmentRequirementFactory(competition=competition, code=code, name=name, order=order)
    StageFactory(competition=competition, order=1, name="Seleksi Administrasi", kind=StageKind.SCREENING)
    StageFactory(competition=competition, order=3, name="Presentasi", kind=StageKind.SCORING)
    StageFactory(competition=competition, order=2, name="Penilaian Proposal", kind=StageKind.SCORING)
    return competition


@pytest.fixture
def unit(db):
    return UnitFactory(name="Dinas Kependudukan dan Pencatatan Sipil", short_name="Dispendukcapil")


@pytest.fixture
def operator(db, unit):
    return OperatorFactory(unit=unit, username="op.dukcapil", full_name="Fajar Nugroho")


@pytest.fixture
def colleague(db, unit):
    """A second operator of the same unit."""
    return OperatorFactory(unit=unit, username="op.dukcapil2", full_name="Sri Wahyuni")


@pytest.fixture
def other_operator(db):
    return OperatorFactory(unit=UnitFactory(name="Dinas Lingkungan Hidup"), username="op.dlh")


@pytest.fixture
def draft(competition, operator):
    return services.submission_create(competition=competition, user=operator, data=complete_data())


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def attach_statements(submission, user):
    for requirement in submission.competition.attachment_requirements.all():
        services.attachment_add(
            submission=submission,
            user=user,
            uploaded=upload(f"{requirement.code}.pdf", filemakers.pdf_bytes(requirement.name), "application/pdf"),
            requirement=requirement,
        )


@pytest.fixture
def complete_draft(draft, operator):
    attach_statements(draft, operator)
    draft.refresh_from_db()
    return draft


@pytest.fixture
def submitted(complete_draft, operator):
    return services.submission_submit(submission=complete_draft, user=operator, notify=False)


@pytest.fixture
def school_setup(db, competition):
    """A school under Dinas Pendidikan, in a competition that asks for the parent's endorsement."""
    competition.requires_parent_endorsement = True
    competition.save()
    dinas = UnitFactory(name="Dinas Pendidikan dan Kebudayaan", kind=UnitKind.DINAS)
    school = UnitFactory(name="SMP Negeri 5 Malang", kind=UnitKind.SEKOLAH, parent=dinas)
    return {
        "dinas": dinas,
        "school": school,
        "school_operator": OperatorFactory(unit=school, username="op.smpn5"),
        "dinas_operator": OperatorFactory(unit=dinas, username="op.disdik"),
    }


def make_submission(competition, unit, status=SubmissionStatus.SUBMITTED, **kwargs):
    return SubmissionFactory(competition=competition, unit=unit, status=status, **kwargs)


@pytest.fixture(scope="package")
def browser():
    """Chromium for this package's browser tests, as tests/browser/conftest.py starts it.

    Playwright's sync API cannot start while another package's Playwright is still running in this
    thread (a browser fixture imported into a test module lives until the end of the session); that case
    is skipped with its reason instead of failing.
    """
    from playwright.sync_api import sync_playwright

    if not browser_conftest.CHROMIUM.exists():
        pytest.skip(browser_conftest.CHROMIUM_MISSING)
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        pass
    else:
        pytest.skip("another Playwright instance is still running in this process (run tests/submissions alone)")
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(browser_conftest.CHROMIUM), headless=True, args=browser_conftest.CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous
