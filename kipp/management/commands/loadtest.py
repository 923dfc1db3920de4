"""`manage.py loadtest` (`make loadtest`): the ceremony-day load test, on PostgreSQL behind gunicorn.

One run: make sure the load-test database exists and holds the demo (migrate + load_demo, both
idempotent), collect the static files, start gunicorn on 127.0.0.1 with the settings documented for a
2-core host, then drive each target with N concurrent virtual users for a bounded time (and a bounded
number of requests) and report throughput and p50/p95/p99 latency, each against the /healthz floor.
The table replaces the marked section of docs/BENCHMARKS.md. Gunicorn is always stopped at the end.

The load generator is a small asyncio HTTP/1.1 client from the standard library (keep-alive, one
connection per virtual user, loopback only): no extra dependency, and cheap enough per request that
it does not starve the server it shares the two cores with.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import dj_database_url
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/kipp_loadtest"
DOCS_START = "<!-- loadtest:start -->"
DOCS_END = "<!-- loadtest:end -->"
LOOPBACK = "127.0.0.1"
RESULTS_YEAR = 2023  # the demo's published year


# --------------------------------------------------------------------------------------------------
# A minimal HTTP/1.1 client


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    cookies: dict[str, str]

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


class HttpClient:
    """One virtual user: one keep-alive connection to the server and its own cookie jar."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.cookies: dict[str, str] = {}
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            with contextlib.suppress(OSError):
                await self._writer.wait_closed()
        self._reader = self._writer = None

    async def request(self, method: str, path: str, *, form: dict | None = None, headers: dict | None = None):
        """Send one request (reconnecting once if the kept-alive connection was closed) and read the answer."""
        body = urllib.parse.urlencode(form or {}, doseq=True).encode() if form is not None else b""
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}", "Connection: keep-alive"]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{name}={value}" for name, value in self.cookies.items()))
        if form is not None:
            lines += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
        for name, value in (headers or {}).items():
            lines.append(f"{name}: {value}")
        payload = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body
        for attempt in (1, 2):
            fresh = self._writer is None
            if fresh:
                self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
            try:
                self._writer.write(payload)
                await self._writer.drain()
                response = await self._read_response()
            except (ConnectionError, asyncio.IncompleteReadError):
                await self.close()
                if fresh or attempt == 2:
                    raise
                continue
            if response.headers.get("connection", "").lower() == "close":
                await self.close()
            self.cookies.update(response.cookies)
            return response
        raise ConnectionError("unreachable")  # pragma: no cover - the loop returns or raises

    async def _read_response(self) -> Response:
        head = await self._reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        status = int(status_line.split(" ", 2)[1])
        headers: dict[str, str] = {}
        cookies: dict[str, str] = {}
        for line in header_lines:
            if not line:
                continue
            name, _sep, value = line.partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "set-cookie":
                cookie_name, _eq, cookie_value = value.split(";", 1)[0].partition("=")
                cookies[cookie_name.strip()] = cookie_value.strip()
            else:
                headers[name] = value
        if headers.get("transfer-encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int((await self._reader.readuntil(b"\r\n")).split(b";")[0], 16)
                if size == 0:
                    await self._reader.readuntil(b"\r\n")
                    break
                chunks.append(await self._reader.readexactly(size))
                await self._reader.readexactly(2)
            body = b"".join(chunks)
        elif "content-length" in headers:
            body = await self._reader.readexactly(int(headers["content-length"]))
        else:
            body = await self._reader.read()
            headers["connection"] = "close"
        return Response(status, headers, body, cookies)


# --------------------------------------------------------------------------------------------------
# Reading pages


class FormParser(HTMLParser):
    """Collect the forms of a page: action, method and the (name, value, attributes) of their fields."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self.links: list[str] = []
        self._textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        elif tag == "form":
            self.forms.append(
                {
                    "action": attributes.get("action") or "",
                    "method": (attributes.get("method") or "get").lower(),
                    "attrs": attributes,
                    "fields": [],
                }
            )
        elif tag in {"input", "textarea", "select"} and self.forms and attributes.get("name"):
            if tag == "input" and attributes.get("type") in {"submit", "button", "image", "file"}:
                return
            if tag == "input" and attributes.get("type") in {"checkbox", "radio"} and "checked" not in attributes:
                return
            entry = {"name": attributes["name"], "value": attributes.get("value") or "", "attrs": attributes}
            self.forms[-1]["fields"].append(entry)
            if tag == "textarea":
                self._textarea = entry

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["value"] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None


def parse_page(html: str) -> FormParser:
    parser = FormParser()
    parser.feed(html)
    return parser


def hidden_value(html: str, name: str) -> str | None:
    for form in parse_page(html).forms:
        for entry in form["fields"]:
            if entry["name"] == name:
                return entry["value"]
    return None


# --------------------------------------------------------------------------------------------------
# Running a target


@dataclass
class Stats:
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    conflicts: int = 0
    error_samples: list[str] = field(default_factory=list)
    elapsed_s: float = 0.0

    @property
    def requests(self) -> int:
        return len(self.latencies_ms)

    @property
    def throughput(self) -> float:
        return self.requests / self.elapsed_s if self.elapsed_s else 0.0

    def percentile(self, share: float) -> float | None:
        """Nearest-rank percentile of the recorded latencies (ms)."""
        if not self.latencies_ms:
            return None
        ordered = sorted(self.latencies_ms)
        rank = max(1, -(-len(ordered) * share // 100))
        return ordered[int(rank) - 1]

    def error(self, message: str) -> None:
        self.errors += 1
        if len(self.error_samples) < 3:
            self.error_samples.append(message[:200])


@dataclass
class Target:
    """One thing to measure: how each virtual user prepares (untimed) and what one timed request is."""

    key: str
    label: str
    path: str
    prepare: Callable | None = None  # async (client, index) -> per-user state
    step: Callable | None = None  # async (client, state, stats) -> None; records one timed request
    missing: str | None = None
    think_s: float = 0.0  # mean pause between a user's requests (0: saturate the server)


async def timed(client: HttpClient, stats: Stats, method: str, path: str, **kwargs) -> Response | None:
    started = time.perf_counter()
    try:
        response = await client.request(method, path, **kwargs)
    except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
        stats.error(f"{type(exc).__name__}: {exc}")
        await client.close()
        return None
    stats.latencies_ms.append((time.perf_counter() - started) * 1000)
    return response


def simple_get(path: str, expected: int = 200) -> Callable:
    async def step(client: HttpClient, state, stats: Stats) -> None:
        response = await timed(client, stats, "GET", path)
        if response is not None and response.status != expected:
            stats.error(f"GET {path}: HTTP {response.status}")

    return step


async def run_target(
    target: Target,
    *,
    host: str,
    port: int,
    users: int,
    duration: float,
    max_requests: int,
    clients: list[HttpClient] | None = None,
) -> Stats:
    """Drive `target` with `users` virtual users until `duration` seconds or `max_requests` requests."""
    clients = clients or [HttpClient(host, port) for _ in range(users)]
    states = [await target.prepare(client, index) if target.prepare else None for index, client in enumerate(clients)]
    for client, state in zip(clients, states, strict=True):  # one untimed warm-up request per user
        await target.step(client, state, Stats())
    stats = Stats()
    deadline = time.perf_counter() + duration
    budget = [max_requests]

    rng = random.Random(len(clients))  # jitter only, so the users do not click in lockstep

    async def user(client: HttpClient, state) -> None:
        if target.think_s:
            await asyncio.sleep(rng.uniform(0, target.think_s))
        while time.perf_counter() < deadline and budget[0] > 0:
            budget[0] -= 1
            await target.step(client, state, stats)
            if target.think_s:
                await asyncio.sleep(rng.uniform(0.5, 1.5) * target.think_s)

    started = time.perf_counter()
    await asyncio.gather(*(user(client, state) for client, state in zip(clients, states, strict=True)))
    stats.elapsed_s = time.perf_counter() - started
    for client in clients:
        await client.close()
    return stats


# --------------------------------------------------------------------------------------------------
# The command


def url_pattern(name: str) -> re.Pattern | None:
    """A regular expression matching the paths of the URL `name`, whose one argument is `pk`."""
    from django.urls import NoReverseMatch, reverse

    marker = 987654321
    try:
        path = reverse(name, kwargs={"pk": marker})
    except NoReverseMatch:
        return None
    return re.compile(re.escape(path).replace(str(marker), r"\d+"))


def load_average() -> str:
    try:
        return "/".join(f"{value:.1f}" for value in os.getloadavg())
    except OSError:  # pragma: no cover - not available on this platform
        return "unknown"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


def format_table(rows: list[dict]) -> str:
    header = (
        "| target | path | requests | errors | req/s | p50 ms | p95 ms | p99 ms | req/s vs /healthz |\n"
        "|---|---|---:|---:|---:|---:|---:|---:|---:|\n"
    )
    lines = []
    for row in rows:
        if row.get("missing"):
            lines.append(
                f"| {row['label']} | {row['path'] or '—'} | — | — | — | — | — | — | missing: {row['missing']} |"
            )
            continue
        ratio = f"{row['ratio']:.0%}" if row.get("ratio") is not None else "—"
        errors = str(row["errors"]) + (f" (+{row['conflicts']} conflicts)" if row.get("conflicts") else "")
        lines.append(
            f"| {row['label']} | `{row['path']}` | {row['requests']:,} | {errors} | {row['rps']:.1f} | "
            f"{row['p50']:.0f} | {row['p95']:.0f} | {row['p99']:.0f} | {ratio} |"
        )
    return header + "\n".join(lines) + "\n"


GOAL_CACHED_SHARE = 0.70
GOAL_JUROR_P95_MS = 250.0


def goal_lines(rows: list[dict]) -> list[str]:
    """Issue 8's load-test goals, each with the measured figure and whether it is met."""
    by_key = {row["key"]: row for row in rows if not row.get("missing")}
    lines = []
    results, floor = by_key.get("public_results"), by_key.get("healthz")
    if results and floor:
        met = results.get("ratio", 0) >= GOAL_CACHED_SHARE and results["errors"] == 0
        lines.append(
            f"- Cached public results at least 70 % of the /healthz throughput with zero errors: "
            f"{'met' if met else 'MISSED'} ({results.get('ratio', 0):.0%}, {results['errors']} errors)."
        )
    for key, label in (("juror_assignments", "juror assignment list"), ("scorecard_save", "scorecard save")):
        for suffix, how in (("", "with the server saturated"), ("_think", "with think time")):
            row = by_key.get(key + suffix)
            if row:
                met = row["p95"] < GOAL_JUROR_P95_MS
                lines.append(
                    f"- Logged-in {label}, p95 under 250 ms {how}: {'met' if met else 'MISSED'} "
                    f"(p95 {row['p95']:.0f} ms)."
                )
    errors = sum(row["errors"] for row in by_key.values())
    lines.append(f"- Errors over the whole run: {errors}.")
    return lines


def replace_marked_section(document: str, section: str) -> str:
    """Put `section` between the load-test markers, adding them at the end when absent."""
    block = f"{DOCS_START}\n{section.rstrip()}\n{DOCS_END}"
    pattern = re.compile(re.escape(DOCS_START) + r".*?" + re.escape(DOCS_END), re.DOTALL)
    if pattern.search(document):
        return pattern.sub(lambda _match: block, document, count=1)
    return document.rstrip() + "\n\n" + block + "\n"


class Command(BaseCommand):
    help = "Serve the demo with gunicorn on PostgreSQL and measure throughput and latency at 50 concurrent users."

    def add_arguments(self, parser):
        parser.add_argument(
            "--database-url",
            default=os.environ.get("LOADTEST_DATABASE_URL", DEFAULT_DATABASE_URL),
            help="PostgreSQL database for the demo (created if missing). Default: $LOADTEST_DATABASE_URL or "
            f"{DEFAULT_DATABASE_URL}; never the application's DATABASE_URL.",
        )
        parser.add_argument("--users", type=int, default=50, help="Concurrent virtual users (default 50).")
        parser.add_argument("--duration", type=float, default=20.0, help="Seconds per target (default 20).")
        parser.add_argument(
            "--max-requests", type=int, default=50_000, help="Upper bound of requests per target (default 50,000)."
        )
        parser.add_argument(
            "--think",
            type=float,
            default=1.0,
            help="Mean pause (s) between a logged-in user's requests in the second, realistic pass (default 1).",
        )
        parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (default 3: 2 cores + 1).")
        parser.add_argument("--threads", type=int, default=2, help="Threads per gunicorn worker (default 2).")
        parser.add_argument(
            "--only",
            action="append",
            metavar="TARGET",
            help="Measure only this target (repeatable): healthz, public_results, public_innovation, "
            "juror_assignments, scorecard_save, juror_assignments_think, scorecard_save_think.",
        )
        parser.add_argument("--skip-setup", action="store_true", help="Do not migrate or load the demo first.")
        parser.add_argument(
            "--docs",
            default=str(Path(settings.BASE_DIR) / "docs" / "BENCHMARKS.md"),
            help="Markdown file whose marked section receives the table.",
        )
        parser.add_argument("--no-docs", action="store_true", help="Print the table only.")

    def handle(self, *args, **options):
        for name in ("users", "workers", "threads", "max_requests"):
            if options[name] < 1:
                raise CommandError(f"--{name.replace('_', '-')} must be at least 1.")
        if not 0 <= options["think"] <= 60:
            raise CommandError("--think must be between 0 and 60 seconds.")
        if not 0 < options["duration"] <= 600:
            raise CommandError("--duration must be between 0 and 600 seconds.")
        url = options["database_url"]
        config = dj_database_url.parse(url)
        if not config["ENGINE"].endswith("postgresql"):
            raise CommandError("The load test runs on PostgreSQL: give a postgres:// URL.")
        self.load_before = load_average()
        env = self.server_environment(url)
        self.say(f"database {config['NAME']} on {config.get('HOST') or 'localhost'}")
        self.ensure_database(config)
        if not options["skip_setup"]:
            self.manage(["migrate", "--noinput", "-v", "0"], env={**env, "DEBUG": "1"})
            self.say("loading the demo (idempotent)")
            self.manage(["load_demo"], env={**env, "DEBUG": "1"})
        with tempfile.TemporaryDirectory(prefix="kipp-loadtest-static-") as static_root:
            env["STATIC_ROOT"] = static_root
            self.say("collecting static files")
            self.manage(["collectstatic", "--noinput", "-v", "0"], env=env)
            port = free_port()
            server = self.start_gunicorn(env, port, options)
            try:
                self.wait_until_up(port, server)
                rows = asyncio.run(self.measure(port, options))
            finally:
                self.stop(server)
        section = self.section(rows, options)
        self.stdout.write(section)
        if not options["no_docs"]:
            docs = Path(options["docs"])
            document = docs.read_text(encoding="utf-8") if docs.exists() else "# Benchmarks\n"
            docs.parent.mkdir(parents=True, exist_ok=True)
            docs.write_text(replace_marked_section(document, section), encoding="utf-8")
            self.say(f"table written to {docs}")

    # -- set-up -----------------------------------------------------------------------------------

    def say(self, message: str) -> None:
        self.stderr.write(f"[loadtest] {message}")

    @staticmethod
    def server_environment(url: str) -> dict[str, str]:
        """Production-like settings for the served app: DEBUG off, a one-off key, loopback host, plain HTTP."""
        env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
        env.update(
            {
                "DATABASE_URL": url,
                "DEBUG": "0",
                "SECRET_KEY": secrets.token_urlsafe(50),
                "ALLOWED_HOSTS": LOOPBACK,
                "SECURE_SSL_REDIRECT": "0",
                "SESSION_COOKIE_SECURE": "0",
                "CSRF_COOKIE_SECURE": "0",
                "SECURE_HSTS_SECONDS": "0",
                "DB_CONN_MAX_AGE": "60",
                "LOG_LEVEL": "ERROR",  # 4xx warnings would flood the terminal; 5xx still show
                "PYTHONUNBUFFERED": "1",
            }
        )
        return env

    def ensure_database(self, config: dict) -> None:
        import psycopg2
        from psycopg2 import sql

        try:
            connection = psycopg2.connect(
                dbname="postgres",
                user=config.get("USER") or None,
                password=config.get("PASSWORD") or None,
                host=config.get("HOST") or None,
                port=config.get("PORT") or None,
            )
        except psycopg2.OperationalError as exc:
            raise CommandError(f"PostgreSQL is not reachable for the load test: {exc}".strip()) from exc
        try:
            connection.autocommit = True
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
                if cursor.fetchone() is None:
                    self.say(f"creating database {config['NAME']}")
                    cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
        finally:
            connection.close()

    def manage(self, arguments: list[str], *, env: dict) -> None:
        completed = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
            [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *arguments],
            env=env,
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            check=False,
        )
        if completed.returncode != 0:
            raise CommandError(f"manage.py {' '.join(arguments)} failed:\n{completed.stderr[-2000:]}")

    def start_gunicorn(self, env: dict, port: int, options: dict) -> subprocess.Popen:
        gunicorn = Path(sys.executable).with_name("gunicorn")
        command = [
            str(gunicorn) if gunicorn.exists() else "gunicorn",
            "kipp.wsgi:application",
            "--bind",
            f"{LOOPBACK}:{port}",
            "--workers",
            str(options["workers"]),
            "--threads",
            str(options["threads"]),
            "--worker-class",
            "gthread",
            "--keep-alive",
            "5",
            "--log-level",
            "warning",
        ]
        self.say(f"starting gunicorn on {LOOPBACK}:{port}: {' '.join(command[1:])}")
        return subprocess.Popen(command, env=env, cwd=settings.BASE_DIR, start_new_session=True)  # noqa: S603

    def wait_until_up(self, port: int, server: subprocess.Popen, timeout: float = 60.0) -> None:
        import urllib.request

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise CommandError(f"gunicorn exited with code {server.returncode}.")
            try:
                with urllib.request.urlopen(f"http://{LOOPBACK}:{port}/healthz", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise CommandError("gunicorn did not answer /healthz in time.")

    def stop(self, server: subprocess.Popen) -> None:
        """Stop gunicorn (the master we started, by its own id; it stops its workers) and wait for it."""
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=10)
        self.say("gunicorn stopped")

    # -- measuring --------------------------------------------------------------------------------

    async def login(self, port: int, username: str, password: str) -> dict[str, str] | None:
        """Log in through the real log-in form; return the session's cookies (None if refused)."""
        client = HttpClient(LOOPBACK, port)
        try:
            page = await client.request("GET", "/accounts/login/")
            token = hidden_value(page.text, "csrfmiddlewaretoken")
            response = await client.request(
                "POST",
                "/accounts/login/",
                form={"username": username, "password": password, "csrfmiddlewaretoken": token or ""},
            )
            if response.status not in (301, 302, 303) or "sessionid" not in client.cookies:
                return None
            return dict(client.cookies)
        finally:
            await client.close()

    async def juror_sessions(self, port: int) -> list[dict[str, str]]:
        from kipp.demo import DEMO_PASSWORD, PEOPLE
        from kipp.enums import Role

        sessions = []
        for username, _name, _title, role, _unit in PEOPLE:
            if role == Role.JUROR:
                cookies = await self.login(port, username, DEMO_PASSWORD)
                if cookies:
                    sessions.append(cookies)
        return sessions

    async def scorecards(self, port: int, sessions: list[dict[str, str]]) -> list[tuple[dict, str]]:
        """(session, scorecard path) for every assignment a demo juror can still save a draft on."""
        from django.urls import reverse

        pattern = url_pattern("judging:scorecard")
        found = []
        for cookies in sessions:
            client = HttpClient(LOOPBACK, port)
            client.cookies.update(cookies)
            try:
                home = await client.request("GET", reverse("judging:juror_home"))
                paths = sorted({link for link in parse_page(home.text).links if pattern.fullmatch(link)})
                for path in paths:
                    page = await client.request("GET", path)
                    if page.status == 200 and self.draft_form(page.text) is not None:
                        found.append((cookies, path))
            finally:
                await client.close()
        return found

    @staticmethod
    def draft_form(html: str) -> dict | None:
        """The scorecard form's fields filled as a juror saving a draft would, or None without a form."""
        for form in parse_page(html).forms:
            names = {entry["name"] for entry in form["fields"]}
            if form["method"] != "post" or "version" not in names:
                continue
            scores = [entry for entry in form["fields"] if entry["attrs"].get("data-max")]
            read_only = form["attrs"].get("data-readonly") not in (None, "", "0", "false")
            if read_only or any("disabled" in entry["attrs"] or "readonly" in entry["attrs"] for entry in scores):
                continue  # a final scorecard, or a closed stage: shown, not editable
            data = {}
            for entry in form["fields"]:
                maximum = entry["attrs"].get("data-max")
                if maximum:
                    data[entry["name"]] = str(round(int(maximum) * 0.8))
                else:
                    data[entry["name"]] = entry["value"]
            data["action"] = "draft"
            return data
        return None

    def targets(self, sessions, scorecards, *, think_s: float) -> list[Target]:
        from django.urls import NoReverseMatch, reverse

        def public_path(names, **kwargs):
            for name in names:
                try:
                    return reverse(name, kwargs=kwargs)
                except NoReverseMatch:
                    continue
            return None

        results_path = public_path(["judging_public:results"], year=RESULTS_YEAR) or f"/hasil/{RESULTS_YEAR}/"
        targets = [
            Target("healthz", "/healthz (floor)", "/healthz", step=simple_get("/healthz")),
            Target("public_results", "Hasil publik (cache)", results_path, step=simple_get(results_path)),
        ]
        innovation = Target("public_innovation", "Halaman inovasi publik (tanpa cache)", "")
        innovation.missing = "discovered at run time"
        targets.append(innovation)
        juror_home = reverse("judging:juror_home")

        async def with_session(client: HttpClient, index: int):
            client.cookies.update(sessions[index % len(sessions)])

        for think in (0.0, think_s):
            suffix = f" ({think:g} s think time)" if think else ""
            targets.append(
                Target(
                    "juror_assignments" + ("_think" if think else ""),
                    "Daftar tugas juri (login)" + suffix,
                    juror_home,
                    prepare=with_session if sessions else None,
                    step=simple_get(juror_home),
                    missing=None if sessions else "no demo juror could log in",
                    think_s=think,
                )
            )
            targets.append(self.scorecard_target(scorecards, think=think, suffix=suffix))
        return targets

    def scorecard_target(self, scorecards, *, think: float, suffix: str) -> Target:
        """POST a draft of an open scorecard, as its juror does when tapping "Simpan draf".

        Virtual users take the demo's open scorecards round-robin. Users sharing a scorecard take turns
        (one juror edits one scorecard at a time; the optimistic version check would refuse the others),
        so they always send the stored version; the time waited for a turn is not counted, only the request.
        """
        key, label = "scorecard_save" + ("_think" if think else ""), "Simpan draf lembar nilai (login)" + suffix
        if not scorecards:
            return Target(key, label, "", missing="no open draft scorecard")
        shared: dict[str, dict] = {}

        async def prepare(client: HttpClient, index: int):
            cookies, path = scorecards[index % len(scorecards)]
            client.cookies.update(cookies)
            if path not in shared:
                page = await client.request("GET", path)
                shared[path] = {"form": self.draft_form(page.text), "lock": asyncio.Lock()}
            return {"path": path, **shared[path]}

        async def step(client: HttpClient, state, stats: Stats) -> None:
            async with state["lock"]:
                response = await timed(client, stats, "POST", state["path"], form=state["form"])
                # A browser follows the redirect, and that page view consumes the "Draf tersimpan." message;
                # left in the cookie, messages would pile up until they spill into the shared session row.
                client.cookies.pop("messages", None)
                if response is None:
                    return
                if response.status in (302, 303):
                    state["form"]["version"] = str(int(state["form"].get("version") or 0) + 1)
                elif response.status == 200:
                    # Refused (someone else saved it meanwhile): the page carries the stored version.
                    stats.conflicts += 1
                    version = hidden_value(response.text, "version")
                    if version is not None:
                        state["form"]["version"] = version
                else:
                    stats.error(f"POST {state['path']}: HTTP {response.status}")

        label = label.replace("(login)", f"(login, {len(scorecards)} lembar bergiliran)")
        return Target(key, label, scorecards[0][1], prepare=prepare, step=step, think_s=think)

    async def discover_innovation(self, port: int, results_path: str) -> str | None:
        """The first public innovation page (`judging_public:innovation`) linked from the published results."""
        pattern = url_pattern("judging_public:innovation")
        if pattern is None:
            return None
        client = HttpClient(LOOPBACK, port)
        try:
            page = await client.request("GET", results_path)
        finally:
            await client.close()
        if page.status != 200:
            return None
        return next((link for link in parse_page(page.text).links if pattern.fullmatch(link)), None)

    async def measure(self, port: int, options: dict) -> list[dict]:
        sessions = await self.juror_sessions(port)
        self.say(f"{len(sessions)} demo jurors logged in")
        scorecards = await self.scorecards(port, sessions)
        self.say(f"{len(scorecards)} draft scorecards to save")
        targets = self.targets(sessions, scorecards, think_s=options["think"])
        innovation = next(target for target in targets if target.key == "public_innovation")
        results_path = next(target.path for target in targets if target.key == "public_results")
        path = await self.discover_innovation(port, results_path)
        if path:
            innovation.path, innovation.missing, innovation.step = path, None, simple_get(path)
        else:
            innovation.missing = f"no innovation page linked from {results_path}"
        rows = []
        for target in targets:
            if options["only"] and target.key not in options["only"] and target.key != "healthz":
                continue
            if target.missing:
                self.say(f"{target.key}: missing ({target.missing})")
                rows.append({"key": target.key, "label": target.label, "path": target.path, "missing": target.missing})
                continue
            self.say(f"{target.key}: {options['users']} users for {options['duration']:.0f} s on {target.path}")
            stats = await run_target(
                target,
                host=LOOPBACK,
                port=port,
                users=options["users"],
                duration=options["duration"],
                max_requests=options["max_requests"],
            )
            row = {
                "key": target.key,
                "label": target.label,
                "path": target.path,
                "requests": stats.requests,
                "errors": stats.errors,
                "conflicts": stats.conflicts,
                "rps": stats.throughput,
                "p50": stats.percentile(50) or 0.0,
                "p95": stats.percentile(95) or 0.0,
                "p99": stats.percentile(99) or 0.0,
                "samples": stats.error_samples,
            }
            self.say(
                f"  {row['requests']:,} requests, {row['errors']} errors, {row['rps']:.1f}/s, "
                f"p50 {row['p50']:.0f} ms, p95 {row['p95']:.0f} ms, p99 {row['p99']:.0f} ms"
                + (f"; e.g. {stats.error_samples[0]}" if stats.error_samples else "")
            )
            rows.append(row)
        floor = next((row for row in rows if row["key"] == "healthz" and not row.get("missing")), None)
        for row in rows:
            if floor and not row.get("missing") and floor["rps"] and not row["key"].endswith("_think"):
                row["ratio"] = row["rps"] / floor["rps"]
        return rows

    def section(self, rows: list[dict], options: dict) -> str:
        from judging.benchmark import machine_info

        machine = machine_info()
        lines = [
            f"Measured {timezone.localtime().strftime('%Y-%m-%d %H:%M %Z')} by `make loadtest` on "
            f"{machine['cpus']} × {machine['cpu_model']}, {machine['memory_gib']} GiB RAM, Python {machine['python']}, "
            f"Django {machine['django']}: gunicorn `--workers {options['workers']} --threads {options['threads']} "
            f"--worker-class gthread`, DEBUG off, PostgreSQL, cache backend "
            f"{'Redis' if os.environ.get('REDIS_URL') else 'database'}; {options['users']} concurrent users, "
            f"{options['duration']:.0f} s per target (at most {options['max_requests']:,} requests), the load "
            "generator on the same host (loopback). Rows without think time saturate the server (each user sends "
            f"its next request as soon as the last one is answered); the logged-in pages are measured a second time "
            f"with users pausing {options['think']:g} s on average between requests, as people do. Host load "
            f"average (1/5/15 min) at the start {self.load_before}, at the end {load_average()}: other work on "
            "the host lowers every figure alike, so read the ratios.",
            "",
            format_table(rows),
            "Goals (issue 8):",
            "",
            *goal_lines(rows),
        ]
        return "\n".join(lines)
