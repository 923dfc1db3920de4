"""The page checks themselves: they must notice what they promise to notice.

The pages here are served by Playwright's router on the live server's address, so they can be broken
on purpose without touching the project's templates.
"""

import pytest
from playwright.sync_api import expect

from tests.browser.checks import assert_accessible, checks_for
from tests.browser.helpers import visit

pytestmark = pytest.mark.browser

CLEAN = """<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>Bersih</title></head>
<body><header><nav aria-label="Navigasi"><a href="/">Beranda</a></nav></header>
<main><h1>Halaman bersih</h1><form><label for="nama">Nama</label><input id="nama" name="nama">
<label>Catatan <textarea name="catatan"></textarea></label><input aria-label="Cari" name="q">
<select aria-labelledby="pilih-label" name="pilih"><option>1</option></select><span id="pilih-label">Pilihan</span>
<input type="hidden" name="rahasia"><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="">
<button type="submit">Kirim</button></form></main><footer>Kaki</footer></body></html>"""

BROKEN = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Rusak</title>
<link rel="stylesheet" href="/static/css/tidak-ada.css"></head>
<body><main><h1>Satu</h1><h1>Dua</h1><input name="tanpa-label"><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<button type="button"></button><span id="x"></span><span id="x"></span></main>
<script>console.error("pesan galat"); undefinedFunction();</script></body></html>"""

STRICT_CSP = """<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>CSP</title></head>
<body><header>KIPP</header><main><h1>CSP</h1><p style="color: red">merah</p></main><footer>Kaki</footer>
<script>document.title = "dijalankan";</script></body></html>"""

FOREIGN = CLEAN.replace("</main>", '<img src="https://cdn.example/logo.png" alt="Logo"></main>')


def serve(page, path, body, headers=None):
    page.route(
        f"**{path}",
        lambda route: route.fulfill(status=200, content_type="text/html", body=body, headers=headers or {}),
    )


def test_checks_accept_a_clean_page(page):
    serve(page, "/__checks__/bersih/", CLEAN)

    visit(page, "/__checks__/bersih/")

    assert_accessible(page)
    assert checks_for(page).problems() == {}


def test_checks_report_errors_missing_files_and_accessibility_problems(page):
    serve(page, "/__checks__/rusak/", BROKEN)

    visit(page, "/__checks__/rusak/")
    checks = checks_for(page)
    checks.check_open_pages()
    problems = checks.problems()
    checks.clear()

    url = f"{page.url}"
    assert problems == {
        "console errors": [f"{url}: pesan galat"],
        "uncaught JavaScript errors": [f"{url}: undefinedFunction is not defined"],
        "network": [
            f"HTTP 404 for GET {url.replace('/__checks__/rusak/', '/static/css/tidak-ada.css')} "
            "(stylesheet on /__checks__/rusak/)"
        ],
        "accessibility": [
            f"{url}: [lang] <html> has no lang attribute",
            f'{url}: [h1] expected exactly one <h1>, found 2: "Satu", "Dua"',
            f"{url}: [landmarks] no <nav> or <header> landmark",
            f"{url}: [landmarks] no <footer> landmark",
            f'{url}: [labels] form control input[name="tanpa-label"] has no label',
            f'{url}: [alt] image img[src="data:image/gif;base64,R0lGODlhAQABAAAAACw="] has no alt attribute',
            f'{url}: [names] button[type="button"] has no accessible name',
            f'{url}: [ids] id "x" is used 2 times',
        ],
    }


def test_checks_report_csp_violations(page):
    serve(page, "/__checks__/csp/", STRICT_CSP, headers={"Content-Security-Policy": "default-src 'self'"})

    visit(page, "/__checks__/csp/")
    expect(page).to_have_title("CSP")
    checks = checks_for(page)
    problems = checks.problems()
    checks.clear()

    assert sorted(problems) == ["CSP violations", "console errors"]
    assert [line.split(": ", 1)[1].split(" (")[0] for line in problems["CSP violations"]] == [
        "style-src-attr blocked inline",
        "script-src-elem blocked inline",
    ]
    assert len(problems["console errors"]) == 2
    assert all("Content Security Policy" in line for line in problems["console errors"])


def test_checks_report_requests_to_other_origins(page):
    serve(page, "/__checks__/cdn/", FOREIGN)
    page.route("https://cdn.example/**", lambda route: route.fulfill(status=200, content_type="image/png", body=b""))

    visit(page, "/__checks__/cdn/")
    checks = checks_for(page)
    problems = checks.problems()
    checks.clear()

    assert problems == {"network": ["request to another origin: GET https://cdn.example/logo.png"]}


def test_checks_allow_a_declared_refusal_page_but_not_an_undeclared_one(page):
    visit(page, "/tidak-ada/", status=404)
    assert checks_for(page).problems() == {}

    page.goto("/juga-tidak-ada/")
    checks = checks_for(page)
    problems = checks.problems()
    checks.clear()

    assert problems == {"network": [f"HTTP 404 for GET {page.url} (page)"]}


def test_checks_skip_ignored_accessibility_rules_on_chosen_pages(page):
    no_landmarks = CLEAN.replace("<header>", "<div>").replace("</header>", "</div>").replace("<nav", "<div")
    no_landmarks = no_landmarks.replace("</nav>", "</div>").replace("<footer>", "<div>").replace("</footer>", "</div>")
    serve(page, "/__checks__/layar-penuh/", no_landmarks)
    checks_for(page).ignore_a11y("/__checks__/layar-penuh/", "landmarks")

    visit(page, "/__checks__/layar-penuh/")

    assert_accessible(page, ignore=("landmarks",))
    with pytest.raises(AssertionError, match=r"no <footer> landmark"):
        assert_accessible(page)
    assert checks_for(page).problems() == {}


def test_checks_assert_clean_lists_every_problem_once(page):
    serve(page, "/__checks__/rusak/", BROKEN)
    visit(page, "/__checks__/rusak/")
    checks = checks_for(page)

    with pytest.raises(AssertionError) as failure:
        checks.assert_clean()

    message = str(failure.value)
    assert message.startswith("Browser checks failed:\n  console errors:\n    - ")
    assert "  accessibility:\n" in message
    assert "pesan galat" in message
    checks.assert_clean()
