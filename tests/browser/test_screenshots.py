"""Regenerate the screenshots in docs/screenshots/ from the demo data: `make screenshots`.

Skipped unless pytest runs with `--screenshots`. Every page photographed also goes through the usual
page checks (errors, network, CSP, accessibility), so a screenshot is never taken of a broken page.
To add a page, add a `Shot` to SHOTS.
"""

import dataclasses
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from playwright.sync_api import Page

from kipp.demo import DEMO_PASSWORD
from kipp.models import User
from tests.browser.checks import checks_for
from tests.browser.helpers import login, visit

pytestmark = pytest.mark.browser

SCREENSHOTS_DIR = Path(settings.BASE_DIR) / "docs" / "screenshots"


@dataclasses.dataclass(frozen=True)
class Shot:
    """One screenshot: which page, seen by whom, on which device."""

    name: str  # the file is docs/screenshots/<name>.png
    path: str | Callable[[], str]  # a path, or a function that finds it in the demo data (runs after loading)
    device: str = "desktop"  # "desktop" (1280×900) or "phone" (390×844, 2× pixels)
    user: str | None = None  # a demo username from kipp/demo.py; None for an anonymous visitor
    full_page: bool = True  # the whole scrolling page, or only what fits on the screen
    prepare: Callable[[Page], None] | None = None  # e.g. press keys on the ceremony view before the shot
    ignore_a11y: tuple[str, ...] = ()  # accessibility rules the page may skip (see checks.A11Y_RULES)


# The key pages of a KIPP year, in the order README.md shows them. Still to come as their pages settle:
# the operator's proposal form, a juror's scorecard on a phone, the committee ranking, the public Top 10
# and the ceremony view.
SHOTS = [
    Shot("home", "/"),
    Shot("login-phone", "/accounts/login/", device="phone", full_page=False),
]


@pytest.fixture
def demo(transactional_db):
    """The demo year (`manage.py load_demo`) in the live server's database."""
    with override_settings(DEBUG=True):  # load_demo refuses to run without DEBUG: it creates known passwords
        call_command("load_demo", stdout=io.StringIO())


def take(shot: Shot, new_page) -> Path:
    page = new_page(shot.device)
    checks = checks_for(page)
    path = shot.path() if callable(shot.path) else shot.path
    if shot.ignore_a11y:
        checks.ignore_a11y(path, *shot.ignore_a11y)
    if shot.user:
        login(page, User.objects.get(username=shot.user), password=DEMO_PASSWORD)
    visit(page, path)
    if shot.prepare:
        shot.prepare(page)
    target = SCREENSHOTS_DIR / f"{shot.name}.png"
    page.screenshot(path=target, full_page=shot.full_page, animations="disabled", caret="hide")
    checks.assert_clean()
    page.context.close()
    return target


def test_screenshots_of_key_pages(new_page, demo, subtests):
    SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)

    for shot in SHOTS:
        with subtests.test(msg=shot.name):
            target = take(shot, new_page)

            assert target.stat().st_size > 10_000
