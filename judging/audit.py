"""The audit trail of one competition: every django-simple-history row of its objects, newest first.

The rows live in one history table per model. A page is found with one UNION over the tables' keys
(date, source, history id), ordered and sliced in the database; only then are the page's rows fetched,
one query per table that appears on the page, with the row before each change found by a subquery and
fetched in one more query per table. The query count therefore depends on how many kinds of object a page
shows (at most one per source), never on how many rows it shows.

An object belongs to the competition through its parents as they were recorded in their own history
tables (or as they are now), so the rows of an object whose parent was deleted still show up.
"""

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import OuterRef, Q, Subquery, Value
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from competitions.models import AwardTier, Category, Competition, Criterion, RubricLevel, Stage
from judging.models import (
    Assignment,
    ConflictOfInterest,
    JuryMember,
    Publication,
    Score,
    Scorecard,
    StageAdvancement,
    TieResolution,
)
from kipp.models import User
from kipp.templatetags.kipp_format import wib
from submissions.models import Attachment, Screening, Submission

PAGE_SIZE = 50
WIB = ZoneInfo("Asia/Jakarta")
SYSTEM = "sistem"
VALUE_LIMIT = 200

ACTIONS = {"+": _lazy("dibuat"), "~": _lazy("diubah"), "-": _lazy("dihapus")}
# Bookkeeping that changes on every save and says nothing to a reader (a stored total repeats the scores).
IGNORED_FIELDS = {"version", "updated_at", "total_e4"}
# Shown as changed, never with their values: private storage paths, file digests, the frozen snapshot.
HIDDEN_VALUE_FIELDS = {"file", "sha256", "snapshot"}


def _name(obj, fallback_id) -> str:
    """The live object's name, or "#id" when it no longer exists."""
    if obj is not None:
        return str(obj)
    return f"#{fallback_id}" if fallback_id is not None else "—"


def _submission(row) -> str:
    return _name(row.submission, row.submission_id)


def _assignment(assignment, assignment_id) -> str:
    if assignment is None:
        return _name(None, assignment_id)
    return f"{assignment.juror} → {assignment.submission.name}"


def _score(row) -> str:
    scorecard = row.scorecard
    assignment = _assignment(scorecard.assignment, None) if scorecard else _name(None, row.scorecard_id)
    return f"{_name(row.criterion, row.criterion_id)} · {assignment}"


@dataclass(frozen=True)
class Source:
    """One history table: what it is called, which of its rows belong to a competition, how a row is named."""

    key: str
    model: type[models.Model]
    label: str
    scope: Callable[[Competition], Q]
    related: tuple[str, ...]
    describe: Callable[[models.Model], str]

    @property
    def history(self) -> models.QuerySet:
        return self.model.history.all()


def _ids(model, live: Q, recorded: Q):
    """Ids of `model` objects matching now (`live`) or in any recorded version (`recorded`)."""
    return model.objects.filter(live).values("pk"), model.history.filter(recorded).values("id")


def _in(field_name: str, pair) -> Q:
    live, recorded = pair
    return Q(**{f"{field_name}__in": live}) | Q(**{f"{field_name}__in": recorded})


def _stage_ids(competition):
    return _ids(Stage, Q(competition_id=competition.pk), Q(competition_id=competition.pk))


def _submission_ids(competition):
    return _ids(Submission, Q(competition_id=competition.pk), Q(competition_id=competition.pk))


def _criterion_ids(competition):
    return _ids(Criterion, Q(stage__competition_id=competition.pk), _in("stage_id", _stage_ids(competition)))


def _assignment_ids(competition):
    return _ids(Assignment, Q(stage__competition_id=competition.pk), _in("stage_id", _stage_ids(competition)))


def _scorecard_ids(competition):
    return _ids(
        Scorecard,
        Q(assignment__stage__competition_id=competition.pk),
        _in("assignment_id", _assignment_ids(competition)),
    )


def _own(competition) -> Q:
    return Q(competition_id=competition.pk)


SOURCES = [
    Source(
        "kompetisi",
        Competition,
        _lazy("Kompetisi"),
        lambda c: Q(id=c.pk),
        (),
        lambda row: row.title,
    ),
    Source("tahap", Stage, _lazy("Tahap"), _own, (), lambda row: f"{row.order}. {row.name}"),
    Source(
        "kriteria",
        Criterion,
        _lazy("Kriteria"),
        lambda c: _in("stage_id", _stage_ids(c)),
        ("stage",),
        lambda row: f"{row.name} · {_name(row.stage, row.stage_id)}",
    ),
    Source(
        "rubrik",
        RubricLevel,
        _lazy("Tingkat rubrik"),
        lambda c: _in("criterion_id", _criterion_ids(c)),
        ("criterion",),
        lambda row: f"{row.label} ({row.min_score}–{row.max_score}) · {_name(row.criterion, row.criterion_id)}",
    ),
    Source("kategori", Category, _lazy("Kategori usulan"), _own, (), lambda row: row.name),
    Source(
        "penghargaan",
        AwardTier,
        _lazy("Kategori penghargaan"),
        _own,
        (),
        lambda row: f"{row.name} ({row.first_place}–{row.last_place})",
    ),
    Source("usulan", Submission, _lazy("Usulan inovasi"), _own, (), lambda row: row.name),
    Source(
        "lampiran",
        Attachment,
        _lazy("Lampiran"),
        lambda c: _in("submission_id", _submission_ids(c)),
        ("submission",),
        lambda row: f"{row.original_name} · {_submission(row)}",
    ),
    Source(
        "seleksi",
        Screening,
        _lazy("Keputusan seleksi"),
        lambda c: _in("submission_id", _submission_ids(c)),
        ("submission",),
        lambda row: f"{_submission(row)}: {row.get_decision_display()}",
    ),
    Source(
        "panel-juri",
        JuryMember,
        _lazy("Anggota panel juri"),
        lambda c: _in("stage_id", _stage_ids(c)),
        ("juror", "stage"),
        lambda row: f"{_name(row.juror, row.juror_id)} → {_name(row.stage, row.stage_id)}",
    ),
    Source(
        "konflik",
        ConflictOfInterest,
        _lazy("Konflik kepentingan"),
        lambda c: _in("submission_id", _submission_ids(c)),
        ("juror", "submission"),
        lambda row: f"{_name(row.juror, row.juror_id)} ≠ {_submission(row)}",
    ),
    Source(
        "penugasan",
        Assignment,
        _lazy("Penugasan juri"),
        lambda c: _in("stage_id", _stage_ids(c)),
        ("juror", "submission", "stage"),
        lambda row: f"{_name(row.juror, row.juror_id)} → {_submission(row)} ({_name(row.stage, row.stage_id)})",
    ),
    Source(
        "lembar-nilai",
        Scorecard,
        _lazy("Lembar nilai"),
        lambda c: _in("assignment_id", _assignment_ids(c)),
        ("assignment__juror", "assignment__submission"),
        lambda row: f"{_assignment(row.assignment, row.assignment_id)} [{row.get_status_display()}]",
    ),
    Source(
        "nilai",
        Score,
        _lazy("Nilai"),
        lambda c: _in("scorecard_id", _scorecard_ids(c)),
        ("criterion", "scorecard__assignment__juror", "scorecard__assignment__submission"),
        _score,
    ),
    Source(
        "kelulusan",
        StageAdvancement,
        _lazy("Kelulusan tahap"),
        lambda c: _in("stage_id", _stage_ids(c)),
        ("submission", "stage"),
        lambda row: f"{_submission(row)} @ {_name(row.stage, row.stage_id)}",
    ),
    Source(
        "nilai-sama",
        TieResolution,
        _lazy("Penyelesaian nilai sama"),
        _own,
        (),
        lambda row: row.get_method_display(),
    ),
    Source(
        "pengumuman",
        Publication,
        _lazy("Pengumuman hasil"),
        _own,
        (),
        lambda row: _("versi %(version)s") % {"version": row.version},
    ),
]
SOURCES_BY_KEY = {source.key: source for source in SOURCES}


@dataclass(frozen=True)
class AuditFilters:
    """What the committee narrowed the list to; empty means everything."""

    source: str = ""
    person: str = ""  # a user id, SYSTEM for rows without a user, "" for everyone
    date_from: dt.date | None = None
    date_to: dt.date | None = None


@dataclass
class FieldChange:
    label: str
    old: str = ""
    new: str = ""
    value_hidden: bool = False


@dataclass
class AuditEntry:
    when: dt.datetime
    who: User | None
    type_label: str
    name: str
    action: str
    history_type: str
    reason: str = ""
    changes: list[FieldChange] = field(default_factory=list)


def _filtered(source: Source, competition: Competition, filters: AuditFilters) -> models.QuerySet:
    queryset = source.history.filter(source.scope(competition))
    if filters.person == SYSTEM:
        queryset = queryset.filter(history_user__isnull=True)
    elif filters.person:
        queryset = queryset.filter(history_user_id=filters.person)
    if filters.date_from:
        queryset = queryset.filter(history_date__gte=dt.datetime.combine(filters.date_from, dt.time.min, WIB))
    if filters.date_to:
        end = dt.datetime.combine(filters.date_to + dt.timedelta(days=1), dt.time.min, WIB)
        queryset = queryset.filter(history_date__lt=end)
    return queryset


def _sources(filters: AuditFilters) -> list[Source]:
    if filters.source in SOURCES_BY_KEY:
        return [SOURCES_BY_KEY[filters.source]]
    return SOURCES


def history_keys(competition: Competition, filters: AuditFilters) -> models.QuerySet:
    """(history_date, source, history_id) of every matching row of every source, newest first (one UNION)."""
    parts = [
        _filtered(source, competition, filters)
        .annotate(audit_source=Value(source.key, output_field=models.CharField()))
        .values_list("history_date", "audit_source", "history_id")
        .order_by()
        for source in _sources(filters)
    ]
    first, *others = parts
    return first.union(*others, all=True).order_by("-history_date", "-audit_source", "-history_id")


def people(competition: Competition) -> list[User]:
    """Everyone who appears as the author of a row of this competition's history (two queries)."""
    parts = [
        _filtered(source, competition, AuditFilters()).values_list("history_user_id").order_by() for source in SOURCES
    ]
    first, *others = parts
    ids = {user_id for (user_id,) in first.union(*others) if user_id is not None}
    return sorted(User.objects.filter(pk__in=ids), key=lambda user: (str(user).lower(), user.pk))


def _display(model_field, value, names: dict) -> str:
    if value is None or value == "":
        return "—"
    if model_field.is_relation:
        return names.get((model_field.related_model, value), f"#{value}")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return _("ya") if value else _("tidak")
    if isinstance(value, dt.datetime | dt.date):
        return wib(value)
    if isinstance(model_field, models.JSONField):
        value = json.dumps(value, ensure_ascii=False)
    return Truncator(str(value)).chars(VALUE_LIMIT)


def _changed_fields(row, previous) -> list:
    return [
        model_field
        for model_field in row.tracked_fields
        if model_field.name not in IGNORED_FIELDS
        and getattr(row, model_field.attname) != getattr(previous, model_field.attname)
    ]


def _fetch(source: Source, history_ids: list[int]) -> tuple[dict, dict]:
    """The page's rows of one source (one query) and the rows just before its changes (one more, if any)."""
    history_model = source.history.model
    earlier = history_model.objects.filter(id=OuterRef("id")).filter(
        Q(history_date__lt=OuterRef("history_date"))
        | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
    )
    rows = {
        row.history_id: row
        for row in history_model.objects.filter(history_id__in=history_ids)
        .select_related("history_user", *source.related)
        .annotate(previous_id=Subquery(earlier.order_by("-history_date", "-history_id").values("history_id")[:1]))
    }
    wanted = [row.previous_id for row in rows.values() if row.history_type == "~" and row.previous_id]
    previous = {row.history_id: row for row in history_model.objects.filter(history_id__in=wanted)} if wanted else {}
    return rows, previous


def _related_names(pairs: list[tuple]) -> dict:
    """Names of the objects changed foreign keys point to: one query per kind of related object."""
    wanted = defaultdict(set)
    for model_field, row, previous in pairs:
        wanted[model_field.related_model].update(
            value for value in (getattr(row, model_field.attname), getattr(previous, model_field.attname)) if value
        )
    names = {}
    for related_model, pks in wanted.items():
        for pk, obj in related_model._base_manager.in_bulk(pks).items():
            names[(related_model, pk)] = str(obj)
    return names


def _entries(keys: list[tuple]) -> list[AuditEntry]:
    by_source = defaultdict(list)
    for _date, source_key, history_id in keys:
        by_source[source_key].append(history_id)
    fetched = {key: _fetch(SOURCES_BY_KEY[key], ids) for key, ids in by_source.items()}

    diffs = {}
    relation_pairs = []
    for key, (rows, previous) in fetched.items():
        for row in rows.values():
            before = previous.get(row.previous_id) if row.history_type == "~" else None
            if before is None:
                continue
            changed = _changed_fields(row, before)
            diffs[(key, row.history_id)] = (changed, before)
            relation_pairs += [(model_field, row, before) for model_field in changed if model_field.is_relation]
    names = _related_names(relation_pairs)

    entries = []
    for _date, source_key, history_id in keys:
        source = SOURCES_BY_KEY[source_key]
        row = fetched[source_key][0].get(history_id)
        if row is None:
            continue
        entry = AuditEntry(
            when=row.history_date,
            who=row.history_user,
            type_label=str(source.label),
            name=source.describe(row),
            action=str(ACTIONS.get(row.history_type, row.history_type)),
            history_type=row.history_type,
            reason=row.history_change_reason or "",
        )
        changed, before = diffs.get((source_key, history_id), ([], None))
        for model_field in changed:
            label = str(model_field.verbose_name)
            if model_field.name in HIDDEN_VALUE_FIELDS:
                entry.changes.append(FieldChange(label=label, value_hidden=True))
            else:
                entry.changes.append(
                    FieldChange(
                        label=label,
                        old=_display(model_field, getattr(before, model_field.attname), names),
                        new=_display(model_field, getattr(row, model_field.attname), names),
                    )
                )
        entries.append(entry)
    return entries


def audit_page(competition: Competition, filters: AuditFilters, page_number) -> Page:
    """One page of the competition's audit trail; `page.object_list` holds AuditEntry objects."""
    page = Paginator(history_keys(competition, filters), PAGE_SIZE).get_page(page_number)
    page.object_list = _entries(list(page.object_list))
    return page
