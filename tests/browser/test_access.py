"""Refusals in the browser: addresses typed by hand that lead outside a user's scope or role.

Each refusal must be the site's own styled page (navbar, Indonesian text, a way back), never a bare error,
and must not leak what lies behind it. The page checks of tests/browser/checks.py run on every page here
too: a refusal page still loads its styles and scripts without errors and meets the accessibility basics.
"""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from judging.models import Assignment, JuryMember
from submissions.enums import SubmissionStatus
from tests.browser.helpers import LOGIN_PATH, home_heading, login, main_nav, password_field, path_of, visit
from tests.factories import (
    PASSWORD,
    CommitteeFactory,
    CompetitionFactory,
    JurorFactory,
    OperatorFactory,
    StageFactory,
    SubmissionFactory,
    UnitFactory,
)

pytestmark = pytest.mark.browser

YEAR = timezone.localdate().year
NOT_FOUND = "Halaman tidak ditemukan"
NOT_FOUND_TEXT = "Alamat ini tidak ada, atau Anda tidak berhak melihatnya."


def assert_site_page(page: Page, heading: str) -> None:
    """The site's own page: Indonesian, the shared navbar and footer, one h1 saying what happened."""
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(main_nav(page)).to_be_visible()
    expect(main_nav(page).get_by_role("link", name=re.compile(r"^KIPP"))).to_be_visible()
    expect(page.get_by_role("contentinfo")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)


def assert_not_found(page: Page, *, hidden: str) -> None:
    assert_site_page(page, NOT_FOUND)
    expect(page.get_by_text(NOT_FOUND_TEXT)).to_be_visible()
    expect(page.get_by_text(hidden)).to_have_count(0)
    expect(page).to_have_title(re.compile(r"KIPP$"))


@pytest.fixture
def competition(transactional_db):
    return CompetitionFactory(year=YEAR, title=f"KIPP Kota Malang {YEAR}")


def test_operator_typing_another_units_submission_urls_sees_not_found(page, competition):
    operator = OperatorFactory(unit=UnitFactory(name="Dinas Kependudukan dan Pencatatan Sipil"))
    own = SubmissionFactory(competition=competition, unit=operator.unit, name="SIDAKEP")
    other = SubmissionFactory(
        competition=competition,
        unit=UnitFactory(name="Puskesmas Kedungkandang"),
        name="KOPI TUBRUK",
        status=SubmissionStatus.SUBMITTED,
    )
    login(page, operator)
    visit(page, f"/usulan/{own.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("SIDAKEP")

    for path in ("", "ubah/", "lampiran/", "pratinjau/", "cetak/"):
        visit(page, f"/usulan/{other.pk}/{path}", status=404)

        assert_not_found(page, hidden="KOPI TUBRUK")
        expect(main_nav(page).get_by_role("link", name="Usulan unit saya")).to_be_visible()

    page.get_by_role("link", name="Kembali ke beranda").click()
    expect(home_heading(page)).to_be_visible()


def test_juror_typing_a_scorecard_url_not_assigned_to_them_sees_not_found(phone_page, competition):
    stage = StageFactory(competition=competition, name="Penilaian Proposal")
    juror, colleague = JurorFactory(full_name="Dr. Siti Aminah"), JurorFactory()
    for member in (juror, colleague):
        JuryMember.objects.create(stage=stage, juror=member)
    mine = Assignment.objects.create(
        stage=stage,
        juror=juror,
        submission=SubmissionFactory(competition=competition, stage=stage, status="eligible", name="SIAPEL"),
    )
    theirs = Assignment.objects.create(
        stage=stage,
        juror=colleague,
        submission=SubmissionFactory(competition=competition, stage=stage, status="eligible", name="KOPI TUBRUK"),
    )
    page = phone_page
    login(page, juror)
    visit(page, f"/penilaian/tugas/{mine.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("SIAPEL")

    for path in (f"/penilaian/tugas/{theirs.pk}/", f"/penilaian/tugas/{theirs.pk}/konflik/"):
        visit(page, path, status=404)

        assert_not_found(page, hidden="KOPI TUBRUK")
        assert page.evaluate("document.scrollingElement.scrollWidth") <= 390


def test_anonymous_visitor_opening_committee_dashboard_is_sent_to_login(page, competition):
    dashboard = f"/panitia/{YEAR}/"

    visit(page, dashboard)

    assert path_of(page) == f"{LOGIN_PATH}?next={dashboard}"
    assert_site_page(page, "Masuk ke KIPP")
    expect(page.get_by_text(f"KIPP Kota Malang {YEAR}")).to_have_count(0)
    expect(main_nav(page).get_by_role("link", name="Masuk", exact=True)).to_be_visible()

    page.get_by_label("Nama pengguna atau e-mail").fill(CommitteeFactory(full_name="Rina Kusumawati").username)
    password_field(page).fill(PASSWORD)
    page.get_by_role("button", name="Masuk", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"KIPP Kota Malang {YEAR}")
    assert path_of(page) == dashboard


@pytest.mark.parametrize(("factory", "own_home"), [(OperatorFactory, "/usulan/"), (JurorFactory, "/penilaian/")])
def test_committee_dashboard_other_role_sees_access_denied(page, competition, factory, own_home):
    login(page, factory())

    visit(page, f"/panitia/{YEAR}/", status=403)

    assert_site_page(page, "Akses ditolak")
    expect(page.get_by_text("Anda tidak berhak membuka halaman ini atau melakukan tindakan ini.")).to_be_visible()
    expect(page.get_by_text("Usulan terkirim")).to_have_count(0)
    page.get_by_role("link", name="Ke dasbor saya").click()
    expect(page).to_have_url(re.compile(rf"{re.escape(own_home)}$"))
