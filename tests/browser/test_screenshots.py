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
from playwright.sync_api import Page, expect

from judging.enums import ScorecardStatus
from judging.models import Assignment
from kipp.demo import DEMO_PASSWORD
from kipp.models import User
from submissions.models import Submission
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
    viewport: tuple[int, int] | None = None  # (width, height) instead of the device's own, e.g. a projector


def draft_proposal_form() -> str:
    """The Dispendukcapil operator's draft of KIPP 2026, open in the proposal form."""
    draft = Submission.objects.get(competition__year=2026, unit__members__username=OPERATOR, status="draft")
    return f"/usulan/{draft.pk}/ubah/"


def draft_scorecard() -> str:
    """juri1's scorecard left as a draft in the desk stage of KIPP 2026 (the demo leaves exactly one)."""
    assignment = Assignment.objects.get(
        stage__competition__year=2026, juror__username=JUROR, scorecard__status=ScorecardStatus.DRAFT
    )
    return f"/penilaian/tugas/{assignment.pk}/"


def scroll_to_proposal_text(page: Page) -> None:
    """The proposal's sections with their live word counters, under the form's sticky save bar."""
    page.locator("#block-summary").evaluate("block => block.closest('fieldset').scrollIntoView({block: 'start'})")
    expect(page.locator("#wc-summary")).to_be_in_viewport()


def load_lazy_images(page: Page) -> None:
    """Bring every lazily loaded image into view once, so a full-page shot never shows an empty frame."""
    for image in page.locator("img[loading=lazy]").all():
        image.scroll_into_view_if_needed()
    page.wait_for_function("Array.from(document.images).every((image) => image.complete && image.naturalWidth > 0)")


def scroll_to_scoring(page: Page) -> None:
    """Jump to the criteria, as a juror on a phone does (the first screen is the proposal's header)."""
    page.get_by_role("link", name="Langsung ke penilaian").click()
    expect(page.locator(".kipp-criterion").first).to_be_in_viewport()


def reveal_three_places(page: Page) -> None:
    """Past the opening slide, places 10, 9 and 8 revealed with the keyboard: place 8 is on screen."""
    for _press in range(3):
        page.keyboard.press("ArrowRight")
    expect(page.locator(".cer-place-8")).to_be_visible()


OPERATOR = "op.dispendukcapil"
JUROR = "juri1"
COMMITTEE = "panitia"

# The key pages of a KIPP year, in the order README.md shows them.
SHOTS = [
    Shot("home", "/"),
    Shot("login-phone", "/accounts/login/", device="phone", full_page=False),
    Shot("operator-form", draft_proposal_form, user=OPERATOR, full_page=False, prepare=scroll_to_proposal_text),
    Shot("operator-form-phone", draft_proposal_form, device="phone", user=OPERATOR, full_page=False),
    Shot(
        "juror-scorecard-phone", draft_scorecard, device="phone", user=JUROR, full_page=False, prepare=scroll_to_scoring
    ),
    Shot("committee-dashboard", "/panitia/2026/", user=COMMITTEE),
    Shot("committee-ranking", "/peringkat/2023/", user=COMMITTEE),
    Shot("results-top10", "/hasil/2023/"),
    Shot(
        "ceremony",
        "/hasil/2023/upacara/",
        viewport=(1920, 1080),
        full_page=False,
        prepare=reveal_three_places,
        ignore_a11y=("landmarks",),  # a full-screen slide show for the projector: no navbar or footer on purpose
    ),
    Shot("archive-search", "/arsip/?q=tuberkulosis"),
]


@pytest.fixture
def demo(transactional_db):
    """The demo year (`manage.py load_demo`) in the live server's database."""
    with override_settings(DEBUG=True):  # load_demo refuses to run without DEBUG: it creates known passwords
        call_command("load_demo", stdout=io.StringIO())


def take(shot: Shot, new_page) -> Path:
    options = {"viewport": {"width": shot.viewport[0], "height": shot.viewport[1]}} if shot.viewport else {}
    page = new_page(shot.device, **options)
    checks = checks_for(page)
    path = shot.path() if callable(shot.path) else shot.path
    if shot.ignore_a11y:
        checks.ignore_a11y(path, *shot.ignore_a11y)
    if shot.user:
        login(page, User.objects.get(username=shot.user), password=DEMO_PASSWORD)
    visit(page, path)
    if shot.prepare:
        shot.prepare(page)
    if shot.full_page:
        load_lazy_images(page)
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
