"""The load test's own parts: its HTTP client, bounded runs, percentiles, form filling and the docs section."""

import asyncio
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from kipp.management.commands.loadtest import (
    DOCS_END,
    DOCS_START,
    Command,
    HttpClient,
    Stats,
    Target,
    format_table,
    goal_lines,
    replace_marked_section,
    run_target,
    simple_get,
)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as gunicorn's gthread workers speak

    def do_GET(self):
        if self.path == "/chunked":
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for part in (b"hello ", b"world"):
                self.wfile.write(f"{len(part):x}\r\n".encode() + part + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
            return
        status = 404 if self.path == "/missing" else 200
        body = f"path={self.path} cookie={self.headers.get('Cookie', '')}".encode()
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Set-Cookie", "csrftoken=abc123; Path=/; SameSite=Lax")
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        body = b"posted " + self.rfile.read(length)
        self.send_response(302)
        self.send_header("Location", "/done")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        """Keep the test output quiet."""


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()


def test_http_client_keeps_cookies_and_reads_both_body_framings(server):
    async def scenario():
        client = HttpClient("127.0.0.1", server)
        first = await client.request("GET", "/one")
        second = await client.request("GET", "/two")
        chunked = await client.request("GET", "/chunked")
        posted = await client.request("POST", "/form", form={"version": "3", "action": "draft"})
        await client.close()
        return first, second, chunked, posted

    first, second, chunked, posted = asyncio.run(scenario())

    assert (first.status, first.text) == (200, "path=/one cookie=")
    assert (second.status, second.text) == (200, "path=/two cookie=csrftoken=abc123")
    assert (chunked.status, chunked.text) == (200, "hello world")
    assert (posted.status, posted.text) == (302, "posted version=3&action=draft")


def test_run_target_stops_at_the_request_budget(server):
    target = Target("page", "Page", "/page", step=simple_get("/page"))

    stats = asyncio.run(run_target(target, host="127.0.0.1", port=server, users=4, duration=30, max_requests=40))

    assert (stats.requests, stats.errors) == (40, 0)
    assert stats.throughput > 0


def test_run_target_counts_unexpected_statuses_as_errors(server):
    target = Target("missing", "Missing", "/missing", step=simple_get("/missing"))

    stats = asyncio.run(run_target(target, host="127.0.0.1", port=server, users=2, duration=30, max_requests=6))

    assert (stats.requests, stats.errors) == (6, 6)
    assert stats.error_samples == ["GET /missing: HTTP 404"] * 3


def test_run_target_reports_a_refused_connection_as_an_error():
    target = Target("down", "Down", "/", step=simple_get("/"))

    stats = asyncio.run(run_target(target, host="127.0.0.1", port=9, users=1, duration=30, max_requests=3))

    assert (stats.requests, stats.errors) == (0, 3)
    assert stats.error_samples[0].startswith("ConnectionRefusedError")


def test_stats_percentiles_use_the_nearest_rank():
    stats = Stats(latencies_ms=[float(value) for value in range(1, 101)], elapsed_s=2.0)

    assert (stats.percentile(50), stats.percentile(95), stats.percentile(99)) == (50.0, 95.0, 99.0)
    assert stats.throughput == 50.0
    assert Stats().percentile(50) is None


def test_draft_form_fills_scores_and_keeps_hidden_fields():
    html = """
    <form method="post" action="">
      <input type="hidden" name="csrfmiddlewaretoken" value="tok">
      <input type="hidden" name="version" value="4">
      <input type="hidden" name="action" value="">
      <input type="text" name="score_7" data-max="100" value="">
      <textarea name="comment_7">Bagus</textarea>
      <input type="checkbox" name="agree">
      <button type="submit" name="action" value="final">Kirim final</button>
    </form>
    """

    assert Command.draft_form(html) == {
        "csrfmiddlewaretoken": "tok",
        "version": "4",
        "action": "draft",
        "score_7": "80",
        "comment_7": "Bagus",
    }
    assert Command.draft_form('<form method="get"><input name="q"></form>') is None


def test_draft_form_skips_a_read_only_scorecard():
    final = (
        '<form method="post" data-readonly="1"><input name="version" value="2"><input name="s" data-max="100"></form>'
    )
    closed = '<form method="post"><input name="version" value="2"><input name="s" data-max="100" disabled></form>'

    assert Command.draft_form(final) is None
    assert Command.draft_form(closed) is None


def test_replace_marked_section_replaces_only_between_the_markers():
    document = f"# Benchmarks\n\nintro\n\n{DOCS_START}\nold table\n{DOCS_END}\n\nafter\n"

    updated = replace_marked_section(document, "new table\n")

    assert updated == f"# Benchmarks\n\nintro\n\n{DOCS_START}\nnew table\n{DOCS_END}\n\nafter\n"
    assert replace_marked_section("# Benchmarks\n", "t") == f"# Benchmarks\n\n{DOCS_START}\nt\n{DOCS_END}\n"


def test_format_table_shows_ratio_to_the_floor_and_missing_targets():
    rows = [
        {
            "label": "/healthz",
            "path": "/healthz",
            "requests": 1000,
            "errors": 0,
            "rps": 50.0,
            "p50": 10.0,
            "p95": 20.0,
            "p99": 30.0,
            "ratio": 1.0,
        },
        {
            "label": "Hasil",
            "path": "/hasil/2023/",
            "requests": 900,
            "errors": 0,
            "conflicts": 0,
            "rps": 45.0,
            "p50": 11.0,
            "p95": 21.0,
            "p99": 31.0,
            "ratio": 0.9,
        },
        {"label": "Inovasi", "path": "", "missing": "not linked"},
    ]

    table = format_table(rows).splitlines()

    assert table[2] == "| /healthz | `/healthz` | 1,000 | 0 | 50.0 | 10 | 20 | 30 | 100% |"
    assert table[3] == "| Hasil | `/hasil/2023/` | 900 | 0 | 45.0 | 11 | 21 | 31 | 90% |"
    assert table[4] == "| Inovasi | — | — | — | — | — | — | — | missing: not linked |"


def test_goal_lines_report_each_goal_with_its_figure():
    def row(key, rps, p95, errors=0, ratio=None):
        return {"key": key, "rps": rps, "p95": p95, "errors": errors, "ratio": ratio}

    rows = [
        row("healthz", 600.0, 100.0, ratio=1.0),
        row("public_results", 400.0, 90.0, ratio=400 / 600),
        row("juror_assignments", 50.0, 900.0, ratio=50 / 600),
        row("juror_assignments_think", 40.0, 120.0),
        row("scorecard_save", 40.0, 240.0, errors=2),
        {"key": "public_innovation", "missing": "not linked"},
    ]

    assert goal_lines(rows) == [
        "- Cached public results at least 70 % of the /healthz throughput with zero errors: MISSED (67%, 0 errors).",
        "- Logged-in juror assignment list, p95 under 250 ms with the server saturated: MISSED (p95 900 ms).",
        "- Logged-in juror assignment list, p95 under 250 ms with think time: met (p95 120 ms).",
        "- Logged-in scorecard save, p95 under 250 ms with the server saturated: met (p95 240 ms).",
        "- Errors over the whole run: 2.",
    ]
