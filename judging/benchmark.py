"""Synthetic competitions at city, national and huge scale, and the measurements `manage.py benchmark` reports.

`build_competition` fills the *current* database with one competition in the ranking phase: every
submission scored by 3 jurors on a desk stage of 7 weighted criteria (the national KIPP 2023 weights),
the best 100 scored again by 5 jurors on a presentation stage. The management command runs it inside a
throwaway test database; the tests run it inside pytest's. Scores are built with one
`INSERT ... SELECT` so 1.05 million rows take seconds, not the hours per-row ORM saves would.

`measure_scale` then times the full ranking against the floor (one SQL statement that reads every score
once), counts its queries, records its peak Python memory, and requests every page with Django's test
client as the role that uses it. Anything another module has not provided yet is reported as
``{"missing": true}`` instead of failing, so the numbers can be collected while the project grows.
"""

from __future__ import annotations

import datetime as dt
import gc
import importlib
import inspect
import math
import platform
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

import django
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import timezone

from competitions.enums import StageKind
from competitions.models import AwardTier, Competition, Criterion, Stage
from judging.enums import ScorecardStatus
from judging.models import Assignment, JuryMember, Score, Scorecard, StageAdvancement
from judging.services.scoring import refresh_stored_totals
from kipp.enums import Role, UnitKind
from kipp.models import Unit, User
from submissions.enums import ScreeningDecision, SubmissionStatus
from submissions.models import Screening, Submission, SubmissionEvent

SCALES = {"city": 50, "national": 5_000, "huge": 50_000}

# The national KIPP 2023 desk weights (DOMAIN.md; the 0 % summary is not scored).
DESK_CRITERIA = [
    ("Latar Belakang dan Tujuan", 10),
    ("Kebaruan / Nilai Tambah", 15),
    ("Implementasi Inovasi", 5),
    ("Signifikansi", 30),
    ("Adaptabilitas", 20),
    ("Sumber Daya", 5),
    ("Strategi Keberlanjutan", 15),
]
# Malang's five criteria for the presentation and interview.
PRESENTATION_CRITERIA = [
    ("Kebaruan", 20),
    ("Efektif", 25),
    ("Bermanfaat", 25),
    ("Dapat direplikasi", 15),
    ("Berkelanjutan", 15),
]
DESK_JURORS_PER_SUBMISSION = 3
PRESENTATION_JURORS = 5
FINALISTS = 100
SUBMISSIONS_PER_DESK_JUROR = 30  # a desk juror reads about 90 proposals (3 jurors each)
SUBMISSIONS_PER_UNIT = 3
DESK_WEIGHT = Decimal("70")  # Sulawesi Selatan 2022: 70 % proposal, 30 % presentation
PRESENTATION_WEIGHT = Decimal("30")
BENCHMARK_YEAR = 2026
PAST_YEARS = (2021, 2022, 2023)
PAST_SUBMISSIONS = 30
BATCH = 5_000

# Goals of issue 8, checked at the national scale.
GOAL_RANKING_RATIO = 3.0
GOAL_PAGE_QUERIES = 20
GOAL_PAGE_MS = 300.0
GOAL_PEAK_MB = 300.0

Progress = Callable[[str], None]


def _quiet(message: str) -> None:
    """Default progress sink: say nothing."""


@dataclass
class BenchmarkData:
    """What `build_competition` made, for the measurements that follow."""

    competition: Competition
    desk_stage: Stage
    presentation_stage: Stage
    committee: User
    juror: User
    scorecard: Scorecard
    submissions: int
    scores: int
    build_seconds: float = 0.0
    past_competitions: list[Competition] = field(default_factory=list)


# --------------------------------------------------------------------------------------------------
# Building the data


def _insert_select(model, expressions: dict, from_sql: str, params: list) -> int:
    """Insert rows produced by a SELECT, giving every other column its model default.

    `expressions` maps field names to an SQL expression over `from_sql`, or to an (expression, parameters)
    pair; fields not named get their Python default (prepared for this database), so a field added later
    with a default keeps working. `params` are the parameters of `from_sql`.
    """
    columns, selects, select_params = [], [], []
    for model_field in model._meta.concrete_fields:
        if model_field.primary_key:
            continue
        columns.append(connection.ops.quote_name(model_field.column))
        if model_field.name in expressions:
            expression = expressions[model_field.name]
            if isinstance(expression, tuple):
                expression, expression_params = expression
                select_params.extend(expression_params)
            selects.append(expression)
            continue
        if getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False):
            value = timezone.now()
        elif model_field.has_default():
            value = model_field.get_default()
        elif model_field.null:
            value = None
        elif model_field.blank and model_field.empty_strings_allowed:
            value = ""
        else:
            raise ValueError(f"{model.__name__}.{model_field.name} needs a value in the benchmark builder.")
        selects.append("%s")
        select_params.append(model_field.get_db_prep_save(value, connection))
    sql = (
        f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({', '.join(columns)}) "  # noqa: S608 - names come from model metadata, values are parameters
        f"SELECT {', '.join(selects)} FROM {from_sql}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, select_params + list(params))
        return cursor.rowcount


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _column(model, field_name: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(field_name).column)


def _bulk(model, objects: list, progress: Progress, label: str) -> list:
    created = []
    report_every = max(BATCH, len(objects) // 4)
    for start in range(0, len(objects), BATCH):
        created.extend(model.objects.bulk_create(objects[start : start + BATCH]))
        done = min(start + BATCH, len(objects))
        if len(objects) > 2 * BATCH and (done % report_every < BATCH or done == len(objects)):
            progress(f"  {label}: {done:,}/{len(objects):,}")
    return created


def _users(prefix: str, count: int, role: str, now) -> list[User]:
    """Accounts that cannot log in with a password (the test client logs them in directly)."""
    unusable = make_password(None)
    users = User.objects.bulk_create(
        [
            User(
                username=f"{prefix}{index:05d}",
                email=f"{prefix}{index:05d}@benchmark.invalid",
                full_name=f"{prefix.rstrip('-0123456789').title()} Sintetis {index + 1}",
                password=unusable,
                date_joined=now,
            )
            for index in range(count)
        ],
        batch_size=BATCH,
    )
    group = Group.objects.get_or_create(name=role)[0]
    User.groups.through.objects.bulk_create([User.groups.through(user_id=user.pk, group_id=group.pk) for user in users])
    return users


def _value_sql(submission_column: str, scorecard_column: str, criterion_column: str, salt: int) -> str:
    """A deterministic pseudo-random integer score in 40..99: a per-submission quality plus juror noise.

    Integer arithmetic only, so SQLite and PostgreSQL produce the same numbers and ties do occur. The
    modulo is written `%%` because the statement also carries parameters.
    """
    return (
        f"(40 + ({submission_column} * {7919 + salt}) %% 41 "
        f"+ ({scorecard_column} * 31 + {criterion_column} * {17 + salt}) %% 19)"
    )


def _stage(competition, *, order, name, opens, closes, weight, jurors, advance=None, closed_at=None) -> Stage:
    stage = Stage(
        competition=competition,
        order=order,
        name=name,
        kind=StageKind.SCORING,
        opens_at=opens,
        closes_at=closes,
        weight=weight,
        jurors_per_submission=jurors,
        advance_count=advance,
        scoring_started_at=opens + dt.timedelta(hours=2),
        closed_at=closed_at,
    )
    stage.full_clean()
    stage.save()
    return stage


def _criteria(stage: Stage, criteria: list[tuple[str, int]]) -> list[Criterion]:
    return Criterion.objects.bulk_create(
        [
            Criterion(stage=stage, order=order, name=name, weight=Decimal(weight), max_score=100)
            for order, (name, weight) in enumerate(criteria, start=1)
        ]
    )


def _score_stage(stage: Stage, *, salt: int, submitted_at, draft_assignment_id: int | None = None) -> int:
    """Create one final scorecard per assignment of `stage` and one score per criterion, with the totals stored
    as sending final stores them; return the number of scores."""
    assignment, scorecard, score, criterion = (_table(m) for m in (Assignment, Scorecard, Score, Criterion))
    final_at = Scorecard._meta.get_field("submitted_at").get_db_prep_save(submitted_at, connection)
    draft_id = draft_assignment_id or 0
    _insert_select(
        Scorecard,
        {
            "assignment": "a.id",
            "status": (
                "CASE WHEN a.id = %s THEN %s ELSE %s END",
                [draft_id, ScorecardStatus.DRAFT, ScorecardStatus.FINAL],
            ),
            "submitted_at": ("CASE WHEN a.id = %s THEN NULL ELSE %s END", [draft_id, final_at]),
        },
        f"{assignment} a WHERE a.{_column(Assignment, 'stage')} = %s",
        [stage.pk],
    )
    value = _value_sql(f"a.{_column(Assignment, 'submission')}", "sc.id", "c.id", salt)
    scores = _insert_select(
        Score,
        {"scorecard": "sc.id", "criterion": "c.id", "value": value},
        f"{scorecard} sc JOIN {assignment} a ON a.id = sc.{_column(Scorecard, 'assignment')} "
        f"JOIN {criterion} c ON c.{_column(Criterion, 'stage')} = a.{_column(Assignment, 'stage')} "
        f"WHERE a.{_column(Assignment, 'stage')} = %s",
        [stage.pk],
    )
    refresh_stored_totals([stage.pk])
    return scores


def stage_totals_sql(stage_ids: list[int]) -> tuple[str, list]:
    """The floor: one statement that reads every score once and sums weight × value / max per submission.

    The `* 1.0` keeps the division exact on SQLite, which stores whole-number decimals as integers and
    would otherwise divide them as integers.
    """
    score, scorecard, assignment, criterion = (_table(m) for m in (Score, Scorecard, Assignment, Criterion))
    placeholders = ", ".join(["%s"] * len(stage_ids))
    sql = (
        f"SELECT a.{_column(Assignment, 'submission')}, "  # noqa: S608 - names from model metadata
        f"SUM(s.{_column(Score, 'value')} * c.{_column(Criterion, 'weight')} * 1.0 "
        f"/ c.{_column(Criterion, 'max_score')}) "
        f"FROM {score} s "
        f"JOIN {scorecard} sc ON sc.id = s.{_column(Score, 'scorecard')} "
        f"JOIN {assignment} a ON a.id = sc.{_column(Scorecard, 'assignment')} "
        f"JOIN {criterion} c ON c.id = s.{_column(Score, 'criterion')} "
        f"WHERE a.{_column(Assignment, 'stage')} IN ({placeholders}) "
        f"GROUP BY a.{_column(Assignment, 'submission')}"
    )
    return sql, list(stage_ids)


def _analyze() -> None:
    """Refresh planner statistics, as autovacuum would have done on a real server by ranking day."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def build_competition(
    *,
    submissions: int,
    year: int = BENCHMARK_YEAR,
    past_years: tuple[int, ...] = PAST_YEARS,
    progress: Progress = _quiet,
) -> BenchmarkData:
    """Fill the current database with a competition of `submissions` scored proposals in its ranking phase.

    Jurors are external (no unit), so no derived conflict voids an assignment; each desk juror reads
    about 90 proposals; the presentation panel is the first 5 desk jurors, as in Malang, where one jury
    does both rounds. One presentation scorecard of the measured juror stays a draft so the scorecard page
    shows its form. Past years (`past_years`) get a small competition each, finished and published through
    the results module, for the archive.
    """
    if submissions < 1:
        raise ValueError("submissions must be at least 1")
    started = time.perf_counter()
    now = timezone.now()
    with transaction.atomic():
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA foreign_keys = ON")
        data = _build(submissions=submissions, year=year, now=now, progress=progress)
        for past_year in past_years:
            progress(f"  past year {past_year}: {PAST_SUBMISSIONS} submissions, published")
            data.past_competitions.append(_build_past(year=past_year))
    progress("  analysing tables")
    _analyze()
    data.build_seconds = time.perf_counter() - started
    progress(f"  built {data.submissions:,} submissions and {data.scores:,} scores in {data.build_seconds:.1f} s")
    return data


def _build(*, submissions: int, year: int, now, progress: Progress, finished: bool = False) -> BenchmarkData:
    competition = Competition(
        year=year,
        title=f"KIPP Sintetis {year}",
        description="Kompetisi sintetis untuk mengukur kinerja.",
        is_announced=True,
        submission_opens_at=now - dt.timedelta(days=120),
        submission_closes_at=now - dt.timedelta(days=70),
        revision_deadline=now - dt.timedelta(days=63),
        top_n=10,
        max_submissions_per_unit=SUBMISSIONS_PER_UNIT,
    )
    competition.full_clean()
    competition.save()
    AwardTier.objects.bulk_create(
        [
            AwardTier(competition=competition, name="Tiga Besar", first_place=1, last_place=3),
            AwardTier(competition=competition, name="Terbaik", first_place=4, last_place=6),
            AwardTier(competition=competition, name="Favorit", first_place=7, last_place=10),
        ]
    )
    desk_stage = _stage(
        competition,
        order=1,
        name="Penilaian Proposal",
        opens=now - dt.timedelta(days=60),
        closes=now - dt.timedelta(days=20),
        weight=DESK_WEIGHT,
        jurors=DESK_JURORS_PER_SUBMISSION,
        advance=FINALISTS,
        closed_at=now - dt.timedelta(days=20),
    )
    presentation_stage = _stage(
        competition,
        order=2,
        name="Presentasi dan Wawancara",
        opens=now - dt.timedelta(days=10),
        closes=now - dt.timedelta(days=2) if finished else now + dt.timedelta(days=3),
        weight=PRESENTATION_WEIGHT,
        jurors=PRESENTATION_JURORS,
        closed_at=now - dt.timedelta(days=2) if finished else None,
    )
    _criteria(desk_stage, DESK_CRITERIA)
    _criteria(presentation_stage, PRESENTATION_CRITERIA)

    progress(f"  units and accounts for {submissions:,} submissions")
    unit_count = math.ceil(submissions / SUBMISSIONS_PER_UNIT)
    kinds = [UnitKind.DINAS, UnitKind.BADAN, UnitKind.KECAMATAN, UnitKind.KELURAHAN, UnitKind.PUSKESMAS]
    units = _bulk(
        Unit,
        [
            Unit(name=f"Unit Sintetis {year}-{index:05d}", short_name=f"US{index:05d}", kind=kinds[index % len(kinds)])
            for index in range(unit_count)
        ],
        progress,
        "units",
    )
    committee = _users(f"panitia{year}-", 1, Role.COMMITTEE, now)[0]
    juror_count = max(PRESENTATION_JURORS, math.ceil(submissions / SUBMISSIONS_PER_DESK_JUROR))
    jurors = _users(f"juri{year}-", juror_count, Role.JUROR, now)
    operator = _users(f"operator{year}-", 1, Role.OPERATOR, now)[0]
    User.objects.filter(pk=operator.pk).update(unit=units[0])
    panel = jurors[:PRESENTATION_JURORS]
    JuryMember.objects.bulk_create(
        [JuryMember(stage=desk_stage, juror=juror, added_by=committee, created_at=now) for juror in jurors]
        + [JuryMember(stage=presentation_stage, juror=juror, added_by=committee, created_at=now) for juror in panel]
    )

    progress(f"  {submissions:,} submissions")
    submitted_at = now - dt.timedelta(days=75)
    rows = _bulk(
        Submission,
        [
            Submission(
                competition=competition,
                unit=units[index // SUBMISSIONS_PER_UNIT],
                name=f"Inovasi Sintetis {index:05d}",
                acronym_meaning="Inovasi Nyata untuk Pelayanan Publik",
                summary="Ringkasan inovasi sintetis untuk pengukuran kinerja. " * 4,
                background="Latar belakang. " * 20,
                significance="Dampak sebelum dan sesudah. " * 30,
                started_on=(now - dt.timedelta(days=900)).date(),
                status=SubmissionStatus.ELIGIBLE,
                stage=desk_stage,
                submitted_at=submitted_at,
                created_at=submitted_at,
                contact_name="Narahubung",
                contact_email=f"inovasi{index:05d}@benchmark.invalid",
            )
            for index in range(submissions)
        ],
        progress,
        "submissions",
    )
    submission_table = _table(Submission)
    _insert_select(
        Screening,
        {
            "submission": "s.id",
            "decision": ("%s", [ScreeningDecision.ELIGIBLE]),
            "note": "''",
            "decided_by": ("%s", [committee.pk]),
        },
        f"{submission_table} s WHERE s.{_column(Submission, 'competition')} = %s",
        [competition.pk],
    )
    for from_status, to_status, actor in (
        (SubmissionStatus.DRAFT, SubmissionStatus.SUBMITTED, None),
        (SubmissionStatus.SUBMITTED, SubmissionStatus.ELIGIBLE, committee.pk),
    ):
        _insert_select(
            SubmissionEvent,
            {
                "submission": "s.id",
                "from_status": ("%s", [from_status]),
                "to_status": ("%s", [to_status]),
                "actor": ("%s", [actor]),
                "reason": "''",
            },
            f"{submission_table} s WHERE s.{_column(Submission, 'competition')} = %s",
            [competition.pk],
        )

    progress(f"  {submissions * DESK_JURORS_PER_SUBMISSION:,} desk assignments")
    assignments = [
        Assignment(
            stage=desk_stage, submission=submission, juror=jurors[(index + offset) % juror_count], created_by=committee
        )
        for index, submission in enumerate(rows)
        for offset in range(DESK_JURORS_PER_SUBMISSION)
    ]
    _bulk(Assignment, assignments, progress, "assignments")
    progress(f"  {len(assignments) * len(DESK_CRITERIA):,} desk scores")
    scores = _score_stage(desk_stage, salt=0, submitted_at=now - dt.timedelta(days=25))

    progress("  advancing the best to the presentation")
    sql, params = stage_totals_sql([desk_stage.pk])
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        desk_sums = {submission_id: Decimal(total) for submission_id, total in cursor.fetchall()}
    desk_scores = {
        sid: (total / DESK_JURORS_PER_SUBMISSION).quantize(Decimal("0.0001")) for sid, total in desk_sums.items()
    }
    ordered = sorted(desk_scores, key=lambda sid: (-desk_scores[sid], sid))
    finalists = ordered[:FINALISTS]
    finalist_set = set(finalists)
    Submission.objects.filter(pk__in=finalists).update(status=SubmissionStatus.FINALIST, stage=presentation_stage)
    _bulk(
        StageAdvancement,
        [
            StageAdvancement(
                stage=desk_stage,
                submission_id=sid,
                stage_score=desk_scores[sid],
                advanced=sid in finalist_set,
                decided_by=committee,
            )
            for sid in ordered
        ],
        progress,
        "advancements",
    )
    juror = panel[0]
    presentation = _bulk(
        Assignment,
        [
            Assignment(stage=presentation_stage, submission_id=sid, juror=member, created_by=committee)
            for sid in finalists
            for member in panel
        ],
        progress,
        "presentation assignments",
    )
    draft_assignment = next(a for a in presentation if a.juror_id == juror.pk)
    scores += _score_stage(
        presentation_stage,
        salt=3,
        submitted_at=now - dt.timedelta(days=3),
        draft_assignment_id=None if finished else draft_assignment.pk,
    )
    scorecard = Scorecard.objects.select_related("assignment").get(assignment_id=draft_assignment.pk)
    return BenchmarkData(
        competition=competition,
        desk_stage=desk_stage,
        presentation_stage=presentation_stage,
        committee=committee,
        juror=juror,
        scorecard=scorecard,
        submissions=len(rows),
        scores=scores,
    )


def _build_past(*, year: int) -> Competition:
    """A small past year, finished and published in its own July, for the archive and the public pages."""
    moment = dt.datetime(year, 7, 1, 9, tzinfo=dt.UTC)
    data = _build(submissions=PAST_SUBMISSIONS, year=year, now=moment, progress=_quiet, finished=True)
    reason = _publish(data.competition, data.committee, now=moment)
    if reason:
        raise RuntimeError(f"past year {year}: {reason}")
    return data.competition


def _publish(competition: Competition, actor: User, *, now=None) -> str | None:
    """Publish through the results module; return why not when it refuses or does not exist yet."""
    try:
        from judging.services.publication import publication_publish
    except ImportError:
        return "judging.services.publication.publication_publish does not exist yet"
    try:
        publication_publish(competition=competition, actor=actor, backup=False, now=now)
    except ValidationError as refused:
        if not any("sama" in message for message in refused.messages):
            return "publication refused: " + " ".join(refused.messages)
        # Integer scores tie at place N now and then; the committee would vote, the benchmark records a note.
        publication_publish(
            competition=competition,
            actor=actor,
            tie_override_note="Data sintetis: nilai sama di batas Top N diputuskan panitia.",
            backup=False,
            now=now,
        )
    return None


# --------------------------------------------------------------------------------------------------
# Measuring


class QueryCounter:
    """Count the queries run on the default connection inside the block, as `django_assert_num_queries` does.

    The count is taken when the block ends: `CaptureQueriesContext` reads Django's query log lazily, and
    every later request empties that log (`request_started`), so reading it afterwards would give 0.
    """

    count = 0

    def __enter__(self):
        self._context = CaptureQueriesContext(connection)
        self._context.__enter__()
        return self

    def __exit__(self, *exc_info):
        self._context.__exit__(*exc_info)
        self.count = len(self._context.captured_queries)


def _median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 2)


def database_info() -> dict:
    """Which database ran the benchmark: vendor, server version and, on PostgreSQL, the JIT setting."""
    info = {"vendor": connection.vendor}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            info["version"] = cursor.fetchone()[0]
            cursor.execute("SHOW jit")
            info["jit"] = cursor.fetchone()[0]
        elif connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            info["version"] = cursor.fetchone()[0]
            cursor.execute("PRAGMA journal_mode")
            info["journal_mode"] = cursor.fetchone()[0]
        else:  # pragma: no cover - the project supports SQLite and PostgreSQL
            info["version"] = ".".join(str(part) for part in connection.Database.version_info)
    return info


def machine_info() -> dict:
    import os

    model = platform.processor() or platform.machine()
    memory_gib = None
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
        with open("/proc/meminfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("MemTotal"):
                    memory_gib = round(int(line.split()[1]) / 1024 / 1024, 1)
                    break
    except OSError:
        pass
    return {
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "memory_gib": memory_gib,
        "python": platform.python_version(),
        "django": django.get_version(),
        "platform": platform.platform(),
    }


def ranking_callable() -> tuple[Callable | None, str]:
    """The ranking module's function that ranks a whole competition, or None and the reason it is missing."""
    try:
        module = importlib.import_module("judging.ranking")
    except ModuleNotFoundError as exc:
        if exc.name not in {"judging.ranking"}:
            raise
        return None, "judging/ranking.py does not exist yet"
    for name in ("competition_ranking", "rank_competition", "ranking_for_competition", "compute_ranking"):
        function = getattr(module, name, None)
        if callable(function):
            return function, f"judging.ranking.{name}"
    return None, "judging.ranking has no competition ranking function"


def _call_ranking(function: Callable, competition: Competition):
    parameters = inspect.signature(function).parameters
    if "competition" in parameters:
        return function(competition=competition)
    return function(competition)


def measure_floor(data: BenchmarkData, *, repeat: int) -> tuple[float, float]:
    """Median and fastest ms of the floor statement over both stages, fetched in full, after a warm-up."""
    sql, params = stage_totals_sql([data.desk_stage.pk, data.presentation_stage.pk])
    samples = []
    for attempt in range(repeat + 1):
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        elapsed = time.perf_counter() - started
        if attempt:
            samples.append(elapsed)
    if len(rows) != data.submissions:
        raise RuntimeError(f"the floor returned {len(rows)} rows for {data.submissions} submissions")
    return _median_ms(samples), round(min(samples) * 1000, 2)


def measure_jit(data: BenchmarkData, *, repeat: int, progress: Progress = _quiet) -> dict:
    """PostgreSQL only: the ranking and the floor with JIT off and on, alternating in one session.

    Alternating run by run keeps other work on the host from favouring one setting. The session's own
    setting is restored afterwards.
    """
    function, source = ranking_callable()
    sql, params = stage_totals_sql([data.desk_stage.pk, data.presentation_stage.pk])
    samples: dict[str, dict[str, list[float]]] = {mode: {"floor": [], "ranking": []} for mode in ("off", "on")}
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        original = cursor.fetchone()[0]
        try:
            for attempt in range(repeat + 1):
                for mode in ("off", "on"):
                    cursor.execute(f"SET jit = {mode}")
                    started = time.perf_counter()
                    cursor.execute(sql, params)
                    cursor.fetchall()
                    floor = time.perf_counter() - started
                    ranking = None
                    if function is not None:
                        competition = Competition.objects.get(pk=data.competition.pk)
                        started = time.perf_counter()
                        _call_ranking(function, competition)
                        ranking = time.perf_counter() - started
                    if attempt:  # the first round warms both up
                        samples[mode]["floor"].append(floor)
                        if ranking is not None:
                            samples[mode]["ranking"].append(ranking)
            progress("  JIT compared")
        finally:
            cursor.execute(f"SET jit = {'on' if original == 'on' else 'off'}")
    return {
        mode: {
            "floor_ms": _median_ms(values["floor"]),
            "ranking_ms": _median_ms(values["ranking"]) if values["ranking"] else None,
        }
        for mode, values in samples.items()
    }


def profile_ranking(data: BenchmarkData, *, out: str, progress: Progress = _quiet) -> None:
    """Run the ranking once under cProfile, save the stats to `out` and show the costliest calls."""
    import cProfile
    import io
    import pstats

    function, source = ranking_callable()
    if function is None:
        progress(f"  nothing to profile: {source}")
        return
    competition = Competition.objects.get(pk=data.competition.pk)
    profiler = cProfile.Profile()
    profiler.runcall(_call_ranking, function, competition)
    profiler.dump_stats(out)
    listing = io.StringIO()
    pstats.Stats(profiler, stream=listing).sort_stats("tottime").print_stats(15)
    progress(f"  cProfile of one ranking run saved to {out}; costliest calls:\n{listing.getvalue()}")


def measure_ranking(data: BenchmarkData, *, repeat: int, progress: Progress = _quiet) -> dict:
    """Time, count and weigh the full ranking; a missing ranking module is reported, not raised."""
    function, source = ranking_callable()
    if function is None:
        return {"missing": True, "reason": source}
    competition = Competition.objects.get(pk=data.competition.pk)
    with QueryCounter() as counter:
        _call_ranking(function, competition)  # warm-up, and the query count
    queries = counter.count
    samples = []
    for attempt in range(repeat):
        competition = Competition.objects.get(pk=data.competition.pk)
        gc.collect()
        started = time.perf_counter()
        _call_ranking(function, competition)
        samples.append(time.perf_counter() - started)
        progress(f"  ranking run {attempt + 1}/{repeat}: {samples[-1] * 1000:.0f} ms")
    competition = Competition.objects.get(pk=data.competition.pk)
    gc.collect()
    tracemalloc.start()
    try:
        _call_ranking(function, competition)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return {
        "source": source,
        "ranking_ms": _median_ms(samples),
        "ranking_min_ms": round(min(samples) * 1000, 2),
        "ranking_queries": queries,
        "peak_mb": round(peak / 1024 / 1024, 2),
    }


@dataclass(frozen=True)
class Page:
    """One page the benchmark requests: who asks for it and how its address is made."""

    key: str
    role: str | None
    url_names: tuple[str, ...]
    kwargs: Callable[[BenchmarkData], dict]
    fallback_path: Callable[[BenchmarkData], str] | None = None
    cached: bool = False
    query: Callable[[BenchmarkData], str] | None = None  # a query string, e.g. the list's filters


PAGES = [
    Page(
        "committee_dashboard",
        "committee",
        ("committee:dashboard",),
        lambda d: {"year": d.competition.year},
        lambda d: f"/panitia/{d.competition.year}/",
    ),
    Page(
        "screening_list",
        "committee",
        ("submissions:screening_list",),
        lambda d: {},
        lambda d: "/usulan/seleksi/",
        # Every proposal of the competition (all statuses), the list's largest ordinary view.
        query=lambda d: f"competition={d.competition.pk}&status=",
    ),
    Page("juror_assignments", "juror", ("judging:juror_home",), lambda d: {}, lambda d: "/penilaian/"),
    Page(
        "scorecard",
        "juror",
        ("judging:scorecard", "judging:score", "judging:scorecard_edit"),
        lambda d: {"pk": d.scorecard.assignment_id},
    ),
    Page(
        "ranking",
        "committee",
        ("results:ranking", "results:competition_ranking"),
        lambda d: {"year": d.competition.year},
        lambda d: f"/peringkat/{d.competition.year}/",
    ),
    Page(
        "public_results",
        None,
        ("judging_public:results",),
        lambda d: {"year": d.competition.year},
        lambda d: f"/hasil/{d.competition.year}/",
        cached=True,
    ),
    Page("archive", None, ("judging_public:archive",), lambda d: {}, lambda d: "/arsip/", cached=True),
]


def page_path(page: Page, data: BenchmarkData) -> str | None:
    """The page's address (with its query string), by URL name first; None when no URL serves it yet."""
    kwargs = page.kwargs(data)
    path = None
    for name in page.url_names:
        try:
            path = reverse(name, kwargs=kwargs or None)
            break
        except NoReverseMatch:
            continue
    if path is None and page.fallback_path is not None:
        path = page.fallback_path(data)
        try:
            resolve(path)
        except Resolver404:
            path = None
    if path is None:
        return None
    return f"{path}?{page.query(data)}" if page.query else path


def page_user(page: Page, data: BenchmarkData) -> User | None:
    return {"committee": data.committee, "juror": data.juror, None: None}[page.role]


def page_client(page: Page, data: BenchmarkData) -> Client:
    client = Client()
    user = page_user(page, data)
    if user is not None:
        client.force_login(user)
    return client


def measure_page(page: Page, data: BenchmarkData, *, repeat: int) -> dict:
    """Queries and median ms of one page with an empty cache (the cost of a miss); for cached pages also a hit."""
    path = page_path(page, data)
    if path is None:
        return {"missing": True, "reason": "no URL serves this page yet"}
    client = page_client(page, data)
    cache.clear()
    warm = client.get(path)
    if warm.status_code != 200:
        return {"missing": warm.status_code == 404, "path": path, "status": warm.status_code}
    cache.clear()
    with QueryCounter() as counter:
        client.get(path)
    result = {"path": path, "queries": counter.count}
    samples = []
    for _ in range(repeat):
        cache.clear()
        started = time.perf_counter()
        response = client.get(path)
        samples.append(time.perf_counter() - started)
    result["ms"] = _median_ms(samples)
    result["bytes"] = len(response.content)
    if page.cached:
        client.get(path)
        with QueryCounter() as hit_counter:
            client.get(path)
        hits = []
        for _ in range(repeat):
            started = time.perf_counter()
            client.get(path)
            hits.append(time.perf_counter() - started)
        result["hit_queries"] = hit_counter.count
        result["hit_ms"] = _median_ms(hits)
    return result


def publish_for_public_pages(data: BenchmarkData) -> str | None:
    """Finish the year and publish it, as the committee does before the ceremony; return why not otherwise.

    Runs after the committee and juror pages were measured: it closes the presentation stage and makes
    the measured draft scorecard final, so the public pages show this year's Top N.
    """
    now = timezone.now()
    Stage.objects.filter(pk=data.presentation_stage.pk).update(closed_at=now)
    Scorecard.objects.filter(pk=data.scorecard.pk).update(status=ScorecardStatus.FINAL, submitted_at=now)
    competition = Competition.objects.get(pk=data.competition.pk)
    committee = User.objects.get(pk=data.committee.pk)
    return _publish(competition, committee)


def measure_pages(data: BenchmarkData, *, repeat: int, progress: Progress = _quiet) -> dict:
    """Measure every page; the public ones after the competition is published (they read the snapshot)."""
    pages = {}
    published = False
    for page in PAGES:
        if page.role is None and not published:
            published = True
            reason = publish_for_public_pages(data)
            if reason:
                progress(f"  public pages: {reason}")
        try:
            pages[page.key] = measure_page(page, data, repeat=repeat)
        except Exception as exc:  # noqa: BLE001 - a page still being written must not stop the benchmark
            pages[page.key] = {"error": f"{type(exc).__name__}: {exc}"[:300]}
        progress(f"  page {page.key}: {pages[page.key]}")
    return pages


def check_goals(result: dict) -> dict:
    """Which of issue 8's goals this scale meets (they are stated for the national scale)."""
    goals = {}
    if result.get("ranking_ratio") is not None:
        goals["ranking_ratio_le_3"] = result["ranking_ratio"] <= GOAL_RANKING_RATIO
    if result.get("peak_mb") is not None:
        goals["peak_mb_lt_300"] = result["peak_mb"] < GOAL_PEAK_MB
    measured = [page for page in result["pages"].values() if "queries" in page]
    if measured:
        goals["pages_le_20_queries"] = all(page["queries"] <= GOAL_PAGE_QUERIES for page in measured)
        goals["pages_lt_300_ms"] = all(page["ms"] < GOAL_PAGE_MS for page in measured)
    goals["all_pages_present"] = len(measured) == len(result["pages"])
    return goals


def measure_scale(data: BenchmarkData, *, repeat: int, progress: Progress = _quiet) -> dict:
    """Everything the benchmark reports for one scale, as a JSON-ready dict."""
    progress("  floor query")
    floor_ms, floor_min_ms = measure_floor(data, repeat=repeat)
    progress(f"  floor: {floor_ms} ms; ranking")
    ranking = measure_ranking(data, repeat=repeat, progress=progress)
    result = {
        "submissions": data.submissions,
        "scores": data.scores,
        "build_s": round(data.build_seconds, 1),
        "repeat": repeat,
        "floor_ms": floor_ms,
        "floor_min_ms": floor_min_ms,
        "ranking_ms": ranking.get("ranking_ms"),
        "ranking_min_ms": ranking.get("ranking_min_ms"),
        "ranking_ratio": None,
        "ranking_queries": ranking.get("ranking_queries"),
        "peak_mb": ranking.get("peak_mb"),
        "peak_mb_method": "tracemalloc peak of Python allocations during one extra ranking run",
    }
    if ranking.get("missing"):
        result["ranking_missing"] = True
        result["ranking_reason"] = ranking["reason"]
    else:
        result["ranking_source"] = ranking["source"]
        result["ranking_ratio"] = round(result["ranking_ms"] / floor_ms, 2) if floor_ms else None
    result["pages"] = measure_pages(data, repeat=repeat, progress=progress)
    result["db"] = database_info()
    result["maxrss_mb"] = _maxrss_mb()
    result["load_average"] = _load_average()
    result["goals"] = check_goals(result)
    return result


def _load_average() -> list[float] | None:
    """The host's 1/5/15-minute load: other work on the machine makes medians noisy."""
    import os

    try:
        return [round(value, 2) for value in os.getloadavg()]
    except OSError:  # pragma: no cover - not available on this platform
        return None


def _maxrss_mb() -> float | None:
    try:
        import resource
    except ImportError:  # pragma: no cover - not on Linux
        return None
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def run_scale(
    *,
    submissions: int,
    repeat: int,
    progress: Progress = _quiet,
    profile: str | None = None,
    compare_jit: bool = False,
) -> dict:
    """Build a competition in the current database and measure it (and profile the ranking into `profile`)."""
    data = build_competition(submissions=submissions, progress=progress)
    result = measure_scale(data, repeat=repeat, progress=progress)
    if compare_jit and connection.vendor == "postgresql":
        result["jit_comparison"] = measure_jit(data, repeat=repeat, progress=progress)
    if profile:
        profile_ranking(data, out=profile, progress=progress)
    return result


def progress_to_stderr(started: float | None = None) -> Progress:
    origin = time.perf_counter() if started is None else started

    def report(message: str) -> None:
        sys.stderr.write(f"[{time.perf_counter() - origin:7.1f} s] {message}\n")
        sys.stderr.flush()

    return report
