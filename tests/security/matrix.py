"""The machinery of the role x URL matrix: enumerate the URLconf, check the policy covers it, run the cells.

Kept apart from the policy table (`policy.py`) and the world (`conftest.py`): the coverage check runs
against any URLconf without building data, and the runner takes any policy (the tests of the test give it
wrong ones).
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# Prefixes that are not the application's own pages: Django's admin has its own permission system.
EXCLUDED_PREFIXES = ("admin/", "static/", "media", str(settings.STATIC_URL).lstrip("/"))


@dataclass(frozen=True)
class Pattern:
    """One routable URL pattern: its full name (namespace:name), its route and its keyword arguments."""

    name: str
    route: str
    kwargs: tuple[str, ...]


def _converters(pattern) -> tuple[str, ...]:
    """The keyword arguments a pattern captures: path() converters, or a re_path()'s named groups."""
    converters = getattr(pattern, "converters", None)
    if converters is not None:
        return tuple(converters)
    return tuple(pattern.regex.groupindex)


def iter_patterns(resolver=None, *, prefix: str = "", namespaces: tuple[str, ...] = (), kwargs: tuple = ()):
    """Every URL pattern under `resolver` (the root URLconf by default), following includes recursively."""
    resolver = resolver if resolver is not None else get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if route.startswith(EXCLUDED_PREFIXES):
            continue
        entry_kwargs = kwargs + _converters(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = namespaces + ((entry.namespace,) if entry.namespace else ())
            yield from iter_patterns(entry, prefix=route, namespaces=inner, kwargs=entry_kwargs)
        elif isinstance(entry, URLPattern):
            name = ":".join(namespaces + (entry.name,)) if entry.name else f"<tanpa nama: /{route}>"
            yield Pattern(name=name, route="/" + route, kwargs=entry_kwargs)


def url_names(urlconf: str | None = None) -> list[str]:
    """The distinct pattern names of a URLconf, in URLconf order (a shadowed duplicate counts once)."""
    names: list[str] = []
    for pattern in iter_patterns(get_resolver(urlconf)):
        if pattern.name not in names:
            names.append(pattern.name)
    return names


def patterns_by_name(urlconf: str | None = None) -> dict[str, Pattern]:
    """The first pattern of each name: the one `reverse()` and the resolver reach."""
    found: dict[str, Pattern] = {}
    for pattern in iter_patterns(get_resolver(urlconf)):
        found.setdefault(pattern.name, pattern)
    return found


def coverage_problems(policy, urlconf: str | None = None) -> tuple[list[str], list[str]]:
    """(URL names without a policy row, policy rows naming no URL): both must be empty."""
    names = url_names(urlconf)
    missing = [name for name in names if name not in policy]
    stale = sorted(name for name in policy if name not in names)
    return missing, stale


# Outcomes ------------------------------------------------------------------------------------------

OK = "ok"
LOGIN = "login"
FORBIDDEN = "403"
NOT_FOUND = "404"
NOT_ALLOWED = "405"
REFUSED = frozenset({LOGIN, FORBIDDEN, NOT_FOUND, NOT_ALLOWED})
OUTCOMES = frozenset({OK, LOGIN, FORBIDDEN, NOT_FOUND, NOT_ALLOWED})


def login_path() -> str:
    return reverse(settings.LOGIN_URL)


def classify(response) -> str:
    """Name what a response did: ok (2xx, or a redirect elsewhere than the log-in page), login, 403, ..."""
    status = response.status_code
    if 200 <= status < 300:
        return OK
    if status in (301, 302, 303, 307, 308):
        location = response.headers.get("Location", "")
        return LOGIN if location.split("?")[0].endswith(login_path()) else OK
    return str(status)


def body_of(response) -> bytes:
    """The whole body, streamed files included.

    The test client closes a streamed response once its content is consumed; closing it again would send
    `request_finished` with the database connection handler listening, which closes the connection in
    the middle of the test's transaction on PostgreSQL.
    """
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


# Running one cell ----------------------------------------------------------------------------------

# Far beyond any id the world holds, and beyond a 32-bit integer column.
LARGE_ID = 10**12
STATE_APPS = ("kipp", "competitions", "submissions", "judging")


@dataclass
class Result:
    outcome: str
    body: bytes
    error: str = ""
    changed: tuple[str, ...] = ()


def database_state() -> dict[str, str]:
    """Every row of the project's tables (history included), raw: any write shows up here."""
    from django.apps import apps
    from django.db import connection

    state = {}
    with connection.cursor() as cursor:
        for label in STATE_APPS:
            for model in apps.get_app_config(label).get_models():
                table = connection.ops.quote_name(model._meta.db_table)
                cursor.execute(f"SELECT * FROM {table} ORDER BY 1")  # noqa: S608 - a model's own table name
                state[model._meta.label] = repr(cursor.fetchall())
    return state


def request(client, method: str, url: str, *, check_state: bool = False) -> Result:
    """One request inside its own savepoint, always rolled back: a cell never changes the next cell's world.

    With `check_state`, the project's tables are compared before and after the request (inside the
    savepoint) and the models that changed are reported.
    """
    from django.db import transaction

    try:
        with transaction.atomic():
            try:
                before = database_state() if check_state else None
                response = client.get(url) if method == "GET" else client.post(url, {})
                result = Result(classify(response), body_of(response))
                if before is not None:
                    after = database_state()
                    result.changed = tuple(label for label in before if before[label] != after[label])
                return result
            finally:
                transaction.set_rollback(True)
    except Exception as exc:  # noqa: BLE001 - an exception escaping a view is what a 500 is
        return Result("500", b"", f"{type(exc).__name__}: {exc}")


# The cells ------------------------------------------------------------------------------------------

METHODS = ("GET", "POST")
MAIN, VARIANT, NEIGHBOUR = "main", "variant", "neighbour"


@dataclass(frozen=True)
class Cell:
    name: str
    probe: str  # "" for the row's own objects, else the variant's label or the neighbouring id tried
    kind: str  # MAIN, VARIANT or NEIGHBOUR
    persona: str
    method: str
    url: str
    expected: frozenset[str]

    @property
    def key(self) -> tuple[str, str, str, str]:
        """How the policy's KNOWN_BUGS name a cell."""
        return (self.name, self.probe, self.persona, self.method)


def _kwargs(pattern: Pattern, objects: dict[str, str], world) -> dict:
    from tests.security.policy import DEFAULT_OBJECTS

    return {kwarg: world.value(objects.get(kwarg, DEFAULT_OBJECTS[kwarg])) for kwarg in pattern.kwargs}


def _probes(pattern: Pattern, policy_row, world):
    """(label, kind, kwargs, GET outcomes, POST outcomes) of the row, its variants and neighbouring ids."""
    kwargs = _kwargs(pattern, policy_row.objects, world)
    yield "", MAIN, kwargs, policy_row.get, policy_row.post
    for item in policy_row.variants:
        objects = {**policy_row.objects, **item.objects}
        yield item.label, VARIANT, _kwargs(pattern, objects, world), item.get, item.post
    for kwarg, value in kwargs.items():
        if isinstance(value, int):
            for label, other in ((f"{kwarg}-1", value - 1), (f"{kwarg}+1", value + 1), (f"{kwarg}=10^12", LARGE_ID)):
                yield label, NEIGHBOUR, {**kwargs, kwarg: other}, policy_row.get, policy_row.post


def matrix_cells(policy, world, personas) -> list[Cell]:
    """Every (URL, persona, method) of the URLconf with the policy's expectation, variants and neighbours."""
    from tests.security.policy import neighbour_outcomes

    found = []
    for name, pattern in patterns_by_name().items():
        policy_row = policy[name]
        for probe, kind, kwargs, get, post in _probes(pattern, policy_row, world):
            url = reverse(name, kwargs=kwargs)
            for method, expected_row in zip(METHODS, (get, post), strict=True):
                for persona, expected in zip(personas, expected_row, strict=True):
                    allowed = neighbour_outcomes(policy_row, persona, expected) if kind == NEIGHBOUR else {expected}
                    found.append(Cell(name, probe, kind, persona, method, url, frozenset(allowed)))
    return found


def check_cell(cell: Cell, world) -> str | None:
    """Request one cell; say what is wrong with it (None when it matches the policy).

    Besides the outcome: a refused page shows none of the sentinels' secrets, no persona ever gets a secret
    it may not read (`sentinels.BLIND`), and a refused POST (of the row's objects or a variant's) leaves
    every table as it was.
    """
    from tests.security.sentinels import BLIND, NEVER_ON_REFUSED_PAGES

    result = request(
        world.client(cell.persona),
        cell.method,
        cell.url,
        check_state=cell.kind != NEIGHBOUR and cell.method == "POST" and cell.expected <= REFUSED,
    )
    problems = []
    if result.outcome not in cell.expected:
        problems.append(f"got {result.outcome}" + (f" ({result.error})" if result.error else ""))
    if result.outcome in REFUSED:
        problems.extend(
            f"refused page shows {secret!r}" for secret in NEVER_ON_REFUSED_PAGES if secret.encode() in result.body
        )
    problems.extend(
        f"shows {secret!r}"
        for secret, allowed in BLIND.items()
        if cell.persona not in allowed and secret.encode() in result.body
    )
    if result.changed:
        problems.append("refused POST changed " + ", ".join(result.changed))
    return "; ".join(problems) or None


@contextmanager
def quiet_logs():
    """Thousands of refusals would each log a warning (a traceback for every 403): the table says it all."""
    logging.disable(logging.CRITICAL)
    try:
        yield
    finally:
        logging.disable(logging.NOTSET)


def run_cells(cells: list[Cell], world) -> list[tuple[Cell, str]]:
    """The cells that do not match the policy, each with its problem."""
    with quiet_logs():
        return [(cell, problem) for cell in cells if (problem := check_cell(cell, world))]


def mismatch_table(mismatches: list[tuple[Cell, str]]) -> str:
    lines = [f"{'URL name':32} {'probe':28} {'persona':17} {'method':6} {'expected':10} problem"]
    for cell, problem in mismatches:
        expected = "/".join(sorted(cell.expected))
        probe = cell.probe or "-"
        lines.append(f"{cell.name:32} {probe:28} {cell.persona:17} {cell.method:6} {expected:10} {problem}")
        lines.append(f"{'':32} {cell.url}")
    return "\n".join(lines)
