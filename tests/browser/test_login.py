"""Logging in through the real form, each role's landing page, and refusals for the wrong role."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import (
    LOGIN_PATH,
    home_heading,
    login,
    main_nav,
    password_field,
    path_of,
    signed_in_as,
    visit,
)
from tests.factories import PASSWORD, CommitteeFactory, JurorFactory, OperatorFactory

pytestmark = pytest.mark.browser

COMMITTEE_OVERVIEW = "/kompetisi/panitia/"


@pytest.mark.parametrize(
    ("factory", "landing", "role_link"),
    [
        (OperatorFactory, "/usulan/", "Usulan unit saya"),
        (JurorFactory, "/penilaian/", "Penilaian saya"),
        (CommitteeFactory, COMMITTEE_OVERVIEW, "Kompetisi"),
    ],
    ids=["operator", "juror", "committee"],
)
def test_login_each_role_lands_on_its_dashboard_showing_name(page, factory, landing, role_link):
    user = factory(full_name="Rina Kusumawati")

    login(page, user)

    assert path_of(page) == landing
    expect(signed_in_as(page)).to_be_visible()
    expect(signed_in_as(page)).to_contain_text("Rina Kusumawati")
    expect(main_nav(page).get_by_role("link", name=role_link, exact=True)).to_be_visible()
    main_nav(page).locator(".dropdown-toggle").click()
    expect(main_nav(page).get_by_role("button", name="Keluar")).to_be_visible()


def test_login_operator_navbar_shows_unit_short_name(page):
    user = OperatorFactory(full_name="Fajar Nugroho", unit__short_name="Dispendukcapil")

    login(page, user)

    expect(signed_in_as(page)).to_have_text("Fajar Nugroho · Dispendukcapil")


def test_login_wrong_password_shows_indonesian_error_and_keeps_username(page):
    user = OperatorFactory(username="op.dinkes")
    visit(page, LOGIN_PATH)

    page.get_by_label("Nama pengguna atau e-mail").fill(user.username)
    password_field(page).fill("salah-sekali")
    page.get_by_role("button", name="Masuk", exact=True).click()

    expect(page.locator("form .alert-danger")).to_have_text(
        "Nama pengguna/e-mail atau kata sandi salah. Periksa kembali lalu coba lagi."
    )
    expect(page.get_by_label("Nama pengguna atau e-mail")).to_have_value("op.dinkes")
    expect(password_field(page)).to_have_value("")
    assert path_of(page) == LOGIN_PATH
    expect(main_nav(page).locator(".navbar-text")).to_have_count(0)


def test_logout_returns_to_home_as_anonymous(page):
    login(page, JurorFactory())

    main_nav(page).locator(".dropdown-toggle").click()
    main_nav(page).get_by_role("button", name="Keluar").click()

    expect(home_heading(page)).to_be_visible()
    assert path_of(page) == "/"
    expect(main_nav(page).get_by_role("link", name="Masuk", exact=True)).to_be_visible()
    expect(signed_in_as(page)).to_have_count(0)


def test_committee_overview_anonymous_goes_to_login_then_back(page):
    user = CommitteeFactory(full_name="Rina Kusumawati")

    visit(page, COMMITTEE_OVERVIEW)

    assert path_of(page) == f"{LOGIN_PATH}?next={COMMITTEE_OVERVIEW}"
    expect(page.get_by_role("heading", level=1)).to_have_text("Masuk ke KIPP")
    page.get_by_label("Nama pengguna atau e-mail").fill(user.username)
    password_field(page).fill(PASSWORD)
    page.get_by_role("button", name="Masuk", exact=True).click()
    expect(signed_in_as(page)).to_contain_text("Rina Kusumawati")
    assert path_of(page) == COMMITTEE_OVERVIEW


@pytest.mark.parametrize(
    ("factory", "own_home"), [(OperatorFactory, "/usulan/"), (JurorFactory, "/penilaian/")], ids=["operator", "juror"]
)
def test_committee_overview_other_role_sees_access_denied(page, factory, own_home):
    login(page, factory())

    visit(page, COMMITTEE_OVERVIEW, status=403)

    expect(page.get_by_role("heading", level=1)).to_have_text("Akses ditolak")
    expect(page.get_by_text("Anda tidak berhak membuka halaman ini atau melakukan tindakan ini.")).to_be_visible()
    expect(main_nav(page).get_by_role("link", name="Panitia", exact=True)).to_have_count(0)
    page.get_by_role("link", name="Ke dasbor saya").click()
    expect(page).to_have_url(re.compile(rf"{re.escape(own_home)}$"))
