"""Pages anyone can open: home, 404, language switch, password reset, the navbar on a phone."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import LOGIN_PATH, home_heading, login, main_nav, path_of, visit
from tests.factories import OperatorFactory

pytestmark = pytest.mark.browser


def test_home_anonymous_shows_hero_and_navbar(page):
    visit(page, "/")

    expect(home_heading(page)).to_be_visible()
    expect(page.get_by_role("main").get_by_text("Pemerintah Kota Malang", exact=True)).to_be_visible()
    nav = main_nav(page)
    expect(nav.get_by_role("link", name="KIPP Kota Malang")).to_be_visible()
    expect(nav.get_by_role("link", name="Arsip inovasi")).to_be_visible()
    expect(nav.get_by_role("link", name="Masuk", exact=True)).to_be_visible()
    expect(nav.locator(".navbar-text")).to_have_count(0)
    expect(page).to_have_title("KIPP Kota Malang · KIPP")


def test_unknown_address_shows_friendly_404_page(page):
    visit(page, "/halaman-yang-tidak-ada/", status=404)

    expect(page.get_by_role("heading", level=1)).to_have_text("Halaman tidak ditemukan")
    expect(page.get_by_text("Alamat ini tidak ada, atau Anda tidak berhak melihatnya.")).to_be_visible()
    page.get_by_role("link", name="Kembali ke beranda").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(home_heading(page)).to_be_visible()


def test_language_switch_to_english_and_back(page):
    visit(page, LOGIN_PATH)
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "id")
    password_label = page.locator("label[for=id_password]")
    expect(password_label).to_contain_text(re.compile("sandi", re.IGNORECASE))

    page.get_by_role("link", name="EN", exact=True).click()

    expect(html).to_have_attribute("lang", "en")
    expect(password_label).to_contain_text("Password")
    expect(page.get_by_role("link", name="EN", exact=True)).to_have_attribute("aria-current", "true")
    assert path_of(page) == LOGIN_PATH

    page.get_by_role("link", name="ID", exact=True).click()

    expect(html).to_have_attribute("lang", "id")
    expect(password_label).to_contain_text(re.compile("sandi", re.IGNORECASE))
    expect(page.get_by_role("link", name="ID", exact=True)).to_have_attribute("aria-current", "true")
    assert path_of(page) == LOGIN_PATH


def test_navbar_on_phone_collapses_and_toggler_opens_it(phone_page):
    page = phone_page
    visit(page, "/")
    nav = main_nav(page)
    toggler = nav.get_by_role("button", name="Buka menu")
    archive = nav.get_by_role("link", name="Arsip inovasi")
    expect(toggler).to_be_visible()
    expect(toggler).to_have_attribute("aria-expanded", "false")
    expect(archive).to_be_hidden()

    toggler.tap()

    expect(archive).to_be_visible()
    expect(nav.get_by_role("link", name="Masuk", exact=True)).to_be_visible()
    expect(toggler).to_have_attribute("aria-expanded", "true")

    toggler.tap()

    expect(archive).to_be_hidden()
    expect(toggler).to_have_attribute("aria-expanded", "false")


def test_navbar_on_phone_fits_the_screen_without_sideways_scrolling(phone_page):
    visit(phone_page, "/")

    widths = phone_page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")

    assert widths == [390, 390]


def test_password_reset_by_email_then_login_with_new_password(page, mailoutbox):
    user = OperatorFactory(email="operator.dinkes@example.test")
    visit(page, LOGIN_PATH)

    page.get_by_role("link", name="Lupa kata sandi?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Atur ulang kata sandi")
    page.get_by_label("E-mail").fill("operator.dinkes@example.test")
    page.get_by_role("button", name="Kirim tautan").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Periksa e-mail Anda")
    assert [message.to for message in mailoutbox] == [["operator.dinkes@example.test"]]
    link = re.search(r"https?://\S+/reset/\S+/", mailoutbox[0].body).group(0)

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Buat kata sandi baru")
    page.get_by_role("textbox", name=re.compile(r"^Kata sandi baru")).fill("Malang-Inovasi-2026")
    page.get_by_role("textbox", name=re.compile(r"^Konfirmasi kata sandi baru")).fill("Malang-Inovasi-2026")
    page.get_by_role("button", name="Simpan kata sandi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kata sandi tersimpan")

    login(page, user, password="Malang-Inovasi-2026")
    assert path_of(page) == "/usulan/"
