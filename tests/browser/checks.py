"""Checks that run on every page a browser test visits: errors, network, CSP and accessibility basics.

`PageChecks` listens to one browser context. It collects console errors, uncaught exceptions, failed
requests, HTTP errors on sub-resources, requests to other origins and CSP violations, and, through a
script installed in every document, the accessibility problems of each page once it has loaded. The
browser conftest verifies every `PageChecks` after each test, so a test fails with one message listing
everything that went wrong, on which page.
"""

from __future__ import annotations

import dataclasses
import weakref
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, ConsoleMessage, Page, Request, Response, WebError

# One snippet, used both by `assert_accessible(page)` and by the script every document runs on `load`.
# It returns a list of {rule, message}; `rule` lets a page opt out of one rule (see `PageChecks.ignore_a11y`).
A11Y_JS = r"""
() => {
  const problems = [];
  const add = (rule, message) => problems.push({ rule, message });
  const text = (el) => (el ? (el.textContent || "").replace(/\s+/g, " ").trim() : "");
  const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
  const describe = (el) => {
    let out = el.tagName.toLowerCase();
    if (el.id) return `${out}#${el.id}`;
    for (const attr of ["name", "type", "href", "src"]) {
      if (el.getAttribute(attr)) { out += `[${attr}="${el.getAttribute(attr)}"]`; break; }
    }
    const words = text(el);
    return words ? `${out} "${words.slice(0, 40)}"` : out;
  };
  const ariaName = (el) => {
    if ((el.getAttribute("aria-label") || "").trim()) return true;
    const ids = (el.getAttribute("aria-labelledby") || "").split(/\s+/).filter(Boolean);
    return ids.some((id) => text(document.getElementById(id)));
  };

  const lang = (document.documentElement.getAttribute("lang") || "").trim();
  if (!lang) add("lang", "<html> has no lang attribute");

  const h1s = Array.from(document.querySelectorAll("h1"));
  if (h1s.length !== 1) {
    add("h1", `expected exactly one <h1>, found ${h1s.length}` +
      (h1s.length ? `: ${h1s.map((h) => JSON.stringify(text(h))).join(", ")}` : ""));
  }

  const mains = document.querySelectorAll("main, [role=main]").length;
  if (mains !== 1) add("landmarks", `expected exactly one <main> landmark, found ${mains}`);
  if (!document.querySelector("nav, header, [role=navigation], [role=banner]")) {
    add("landmarks", "no <nav> or <header> landmark");
  }
  if (!document.querySelector("footer, [role=contentinfo]")) add("landmarks", "no <footer> landmark");

  const controls = document.querySelectorAll(
    "input:not([type=hidden]):not([type=submit]):not([type=button]):not([type=reset]):not([type=image])," +
    " select, textarea"
  );
  for (const el of controls) {
    if (!visible(el)) continue;
    const labelled = ariaName(el) || Array.from(el.labels || []).some((label) => text(label));
    if (!labelled) add("labels", `form control ${describe(el)} has no label`);
  }

  for (const img of document.querySelectorAll("img:not([alt]), input[type=image]:not([alt])")) {
    add("alt", `image ${describe(img)} has no alt attribute`);
  }

  for (const el of document.querySelectorAll("a[href], button, [role=button]")) {
    if (!visible(el)) continue;
    const named = text(el) || ariaName(el) || (el.getAttribute("title") || "").trim() ||
      Array.from(el.querySelectorAll("img[alt]")).some((img) => img.alt.trim());
    if (!named) add("names", `${describe(el)} has no accessible name`);
  }

  const seen = new Map();
  for (const el of document.querySelectorAll("[id]")) seen.set(el.id, (seen.get(el.id) || 0) + 1);
  for (const [id, count] of seen) if (count > 1) add("ids", `id "${id}" is used ${count} times`);

  return problems;
}
"""

# Installed in every document of a checked context: reports CSP violations as they happen and the
# accessibility problems once the page has loaded. Only top-level HTML pages of the site are checked.
_REPORT_BINDING = "__kippBrowserChecks"
_CHECKED_FLAG = "__kippAccessibilityChecked"  # set in a document once its accessibility was checked
_INIT_SCRIPT = f"""
(() => {{
  if (window !== window.top) return;
  const report = (kind, data) => {{
    try {{ window.{_REPORT_BINDING}({{ kind, url: location.href, data }}); }} catch (error) {{}}
  }};
  document.addEventListener("securitypolicyviolation", (event) => {{
    report("csp", `${{event.effectiveDirective}} blocked ${{event.blockedURI || "inline"}}` +
      (event.sourceFile ? ` (${{event.sourceFile}}:${{event.lineNumber}})` : ""));
  }});
  window.addEventListener("load", () => {{
    if (/^https?:$/.test(location.protocol) && document.contentType === "text/html") {{
      window.{_CHECKED_FLAG} = true;
      report("a11y", ({A11Y_JS})());
    }}
  }});
}})();
"""

A11Y_RULES = frozenset({"lang", "h1", "landmarks", "labels", "alt", "names", "ids"})

_CHECKS: weakref.WeakKeyDictionary[BrowserContext, PageChecks] = weakref.WeakKeyDictionary()


def _path(url: str) -> str:
    return urlsplit(url).path


def _format_a11y(problems: list[dict]) -> list[str]:
    return [f"[{problem['rule']}] {problem['message']}" for problem in problems]


def accessibility_problems(page: Page, *, ignore: tuple[str, ...] = ()) -> list[str]:
    """Return the accessibility problems of the page's current document (see A11Y_JS)."""
    unknown = set(ignore) - A11Y_RULES
    assert not unknown, f"unknown accessibility rules {sorted(unknown)}; known: {sorted(A11Y_RULES)}"
    return _format_a11y([problem for problem in page.evaluate(A11Y_JS) if problem["rule"] not in ignore])


def assert_accessible(page: Page, *, ignore: tuple[str, ...] = ()) -> None:
    """Fail with a list of problems unless the current page meets the accessibility basics.

    Every visible form control has a label, every image has alt text, links and buttons have a name,
    the page has exactly one h1, one main landmark, a nav or header, a footer, a lang attribute and
    unique ids. `ignore` names rules a page may skip (e.g. a full-screen view without landmarks).
    """
    problems = accessibility_problems(page, ignore=ignore)
    assert not problems, f"Accessibility problems on {page.url}:\n  - " + "\n  - ".join(problems)


@dataclasses.dataclass
class _ExpectedStatus:
    status: int
    path: str | None

    def matches(self, url: str, status: int) -> bool:
        return status == self.status and (self.path is None or _path(url) == self.path)


class PageChecks:
    """Everything that went wrong in one browser context, collected from its events.

    Tests reach it with `checks_for(page)` to declare what they expect: a refusal page
    (`expect_document_status(403, "/kompetisi/panitia/")`) or a page that may skip an accessibility
    rule (`ignore_a11y("/hasil/2026/upacara/", "landmarks")`).
    """

    def __init__(self, context: BrowserContext, *, base_url: str) -> None:
        self.context = context
        self.origin = "{0.scheme}://{0.netloc}".format(urlsplit(base_url))
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.network_errors: list[str] = []
        self.csp_violations: list[str] = []
        self.a11y: dict[str, list[dict]] = {}
        self.visited: list[str] = []
        self._expected_statuses: list[_ExpectedStatus] = []
        self._a11y_ignored: list[tuple[str, frozenset[str]]] = []
        context.expose_binding(_REPORT_BINDING, self._on_report)
        context.add_init_script(_INIT_SCRIPT)
        context.on("console", self._on_console)
        context.on("weberror", self._on_web_error)
        context.on("request", self._on_request)
        context.on("requestfailed", self._on_request_failed)
        context.on("response", self._on_response)
        _CHECKS[context] = self

    # Declarations made by tests.

    def expect_document_status(self, status: int, path: str | None = None) -> None:
        """Allow the page itself (not its resources) to answer `status`, at `path` or anywhere."""
        self._expected_statuses.append(_ExpectedStatus(status, path))

    def ignore_a11y(self, path_prefix: str, *rules: str) -> None:
        """Skip accessibility `rules` on pages whose path starts with `path_prefix`."""
        unknown = set(rules) - A11Y_RULES
        assert not unknown, f"unknown accessibility rules {sorted(unknown)}; known: {sorted(A11Y_RULES)}"
        self._a11y_ignored.append((path_prefix, frozenset(rules)))

    # Event listeners: they only record, never call back into the browser.

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        if message.text.startswith("Failed to load resource"):
            return  # the network listeners report the same failure with its URL and status
        where = message.location.get("url") or (message.page.url if message.page else "")
        self.console_errors.append(f"{where}: {message.text}")

    def _on_web_error(self, error: WebError) -> None:
        where = error.page.url if error.page else ""
        self.page_errors.append(f"{where}: {error.error.message}")

    def _on_request(self, request: Request) -> None:
        scheme = urlsplit(request.url).scheme
        if scheme in {"http", "https", "ws", "wss"} and not request.url.startswith(self.origin + "/"):
            self.network_errors.append(f"request to another origin: {request.method} {request.url}")

    def _on_request_failed(self, request: Request) -> None:
        failure = request.failure or ""
        if "ERR_ABORTED" in failure:
            return  # a navigation or a download cancelled the request; real errors show as statuses
        where = f"{request.resource_type} on {_path(request.frame.url)}"
        self.network_errors.append(f"{request.method} {request.url} ({where}) failed: {failure}")

    def _on_response(self, response: Response) -> None:
        if response.status < 400:
            return
        request = response.request
        is_page = request.resource_type == "document" and request.frame.parent_frame is None
        if is_page and any(expected.matches(response.url, response.status) for expected in self._expected_statuses):
            return
        where = "page" if is_page else f"{request.resource_type} on {_path(request.frame.url)}"
        self.network_errors.append(f"HTTP {response.status} for {request.method} {response.url} ({where})")

    def _on_report(self, source: dict, report: dict) -> None:
        if report["kind"] == "csp":
            self.csp_violations.append(f"{report['url']}: {report['data']}")
        elif report["kind"] == "a11y" and report["url"].startswith(self.origin + "/"):
            self._record_a11y(report["url"], report["data"])

    def _record_a11y(self, url: str, problems: list[dict]) -> None:
        if url not in self.a11y:
            self.visited.append(url)
        self.a11y[url] = problems

    # Verification.

    def check_open_pages(self) -> None:
        """Check each open page whose document was not checked yet (e.g. one still loading when the test ended)."""
        for page in self.context.pages:
            if page.is_closed() or not page.url.startswith(self.origin + "/"):
                continue
            page.wait_for_load_state("load")
            unchecked = f"!window.{_CHECKED_FLAG} && document.contentType === 'text/html'"
            if page.evaluate(unchecked):
                self._record_a11y(
                    page.url, page.evaluate(f"() => {{ window.{_CHECKED_FLAG} = true; return ({A11Y_JS})(); }}")
                )

    def _a11y_problems(self) -> list[str]:
        lines = []
        for url in self.visited:
            path = _path(url)
            ignored = set().union(*(rules for prefix, rules in self._a11y_ignored if path.startswith(prefix)))
            problems = [problem for problem in self.a11y[url] if problem["rule"] not in ignored]
            lines.extend(f"{url}: {line}" for line in _format_a11y(problems))
        return lines

    def problems(self) -> dict[str, list[str]]:
        """Every problem found so far, grouped by kind; empty groups are left out."""
        groups = {
            "console errors": self.console_errors,
            "uncaught JavaScript errors": self.page_errors,
            "network": self.network_errors,
            "CSP violations": self.csp_violations,
            "accessibility": self._a11y_problems(),
        }
        return {kind: list(lines) for kind, lines in groups.items() if lines}

    def clear(self) -> None:
        """Forget what was found so far (after a test has asserted on it)."""
        for found in (self.console_errors, self.page_errors, self.network_errors, self.csp_violations):
            found.clear()
        self.a11y.clear()
        self.visited.clear()

    def assert_clean(self) -> None:
        """Fail with every problem found, once: the problems are cleared after they are reported."""
        __tracebackhide__ = True
        self.check_open_pages()
        problems = self.problems()
        self.clear()
        if problems:
            raise AssertionError(format_problems(problems))


def format_problems(problems: dict[str, list[str]]) -> str:
    """The failure message for `PageChecks.problems()`: one line per problem, grouped by kind."""
    message = ["Browser checks failed:"]
    for kind, lines in problems.items():
        message.append(f"  {kind}:")
        message.extend(f"    - {line}" for line in lines)
    return "\n".join(message)


def checks_for(page: Page) -> PageChecks:
    """The `PageChecks` watching the page's browser context."""
    return _CHECKS[page.context]
