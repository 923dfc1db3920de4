"""What a browser test does again and again: open a page, log in, read the navbar, make files to upload."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import urlsplit

from django.utils import timezone
from PIL import Image, ImageDraw
from playwright.sync_api import Locator, Page, Response, expect
from reportlab.pdfgen import canvas

from tests.browser.checks import checks_for
from tests.factories import PASSWORD

LOGIN_PATH = "/accounts/login/"


def visit(page: Page, path: str, *, status: int = 200) -> Response:
    """Open `path` (relative to the live server) and assert the page's own HTTP status.

    A status of 400 or more is declared to the page checks first, so an expected refusal page
    (403, 404) is not reported as a failed request; its resources must still load.
    """
    if status >= 400:
        checks_for(page).expect_document_status(status, urlsplit(path).path)
    response = page.goto(path)
    assert response is not None, f"no response for {path}"
    assert response.status == status, f"{path} answered {response.status}, expected {status} (now at {page.url})"
    return response


def login(page: Page, user, *, password: str = PASSWORD) -> None:
    """Log in through the real form, as a person would, and wait until the site has let the user in."""
    visit(page, LOGIN_PATH)
    page.get_by_label("Nama pengguna atau e-mail").fill(user.username)
    password_field(page).fill(password)
    page.get_by_role("button", name="Masuk", exact=True).click()
    page.wait_for_url(lambda url: urlsplit(url).path != LOGIN_PATH)
    expect(signed_in_as(page)).to_contain_text(str(user))


def password_field(page: Page) -> Locator:
    """The log-in form's password box (labelled "Kata sandi" through locale/id)."""
    return page.get_by_label(re.compile(r"sandi|password", re.IGNORECASE))


def home_heading(page: Page) -> Locator:
    """The home page's hero heading."""
    return page.get_by_role("heading", level=1, name="Kompetisi Inovasi Pelayanan Publik")


def main_nav(page: Page) -> Locator:
    """The shared navbar (`templates/includes/navbar.html`)."""
    return page.get_by_role("navigation", name="Navigasi utama")


def signed_in_as(page: Page) -> Locator:
    """The navbar's "name · unit" text of the logged-in user."""
    return main_nav(page).locator(".navbar-text")


def path_of(page: Page) -> str:
    """The current path with its query string, without the live server's address."""
    parts = urlsplit(page.url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def flash(page: Page) -> Locator:
    """The messages shown at the top of the page after an action (`templates/includes/messages.html`)."""
    return page.locator(".kipp-messages")


def accept_dialogs(page: Page) -> None:
    """Answer "OK" to every confirmation the page asks (buttons with `data-confirm`), as a decided user would."""
    page.on("dialog", lambda dialog: dialog.accept())


def datetime_local(value: dt.datetime) -> str:
    """A moment as typed into an `<input type="datetime-local">`: Malang's local time, to the minute."""
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def png_file(directory: Path, name: str, *, size: tuple[int, int] = (800, 600)) -> Path:
    """Write a photo-like PNG (a gradient with a band, so it is not a flat colour) and return its path."""
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    ImageDraw.Draw(image).rectangle((0, size[1] // 3, size[0], size[1] // 2), fill=(30, 110, 170))
    path = directory / name
    image.save(path, "PNG")
    return path


def pdf_file(directory: Path, name: str, *, text: str) -> Path:
    """Write a one-page PDF with `text` (a statement letter, say) and return its path."""
    path = directory / name
    document = canvas.Canvas(str(path))
    document.setTitle(text)
    document.drawString(72, 720, text)
    document.showPage()
    document.save()
    return path


def click_nav_link(page: Page, name: str) -> None:
    """Follow a navbar link, opening the collapsed menu first on a phone."""
    nav = main_nav(page)
    toggler = nav.get_by_role("button", name="Buka menu")
    if toggler.is_visible():
        toggler.click()
        expect(toggler).to_have_attribute("aria-expanded", "true")
    nav.get_by_role("link", name=name, exact=True).click()


def assert_fits_width(page: Page) -> None:
    """The page needs no sideways scrolling: nothing is wider than the screen (a phone's 390 px, say)."""
    widths = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{path_of(page)} is {widths[0]} px wide on a {widths[1]} px screen"
