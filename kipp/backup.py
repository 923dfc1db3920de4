"""Export one competition year to a single archive, and restore it into a database that does not hold it.

The archive is a zip file:

- ``manifest.json``: format and version, the year, row counts per model, and the SHA-256 and size of
  ``data.json`` and of every stored file;
- ``data.json``: Django's JSON serialisation of every row that belongs to the year, with the rows they
  refer to (units, users) and the history rows of all of them;
- ``files/<storage name>``: every file a row points to (attachments, ...), byte for byte.

Which rows belong to the year is found from the models themselves, never from a hand-kept list: a row
belongs when one of its foreign keys points to a row that belongs (the competition itself to begin with),
repeated until nothing new is found; history rows belong with the object they describe. A model or field
another app adds later is therefore carried without touching this module. Rows that belonging rows point
to but that do not belong themselves (units, users, their parents) are exported as references. Unit-level
conflicts of interest of the year's jurors are carried too (see `CONTEXT_MODELS`).

Primary keys are kept, so every reference (including ids stored inside JSON, such as a publication's
snapshot or a tie resolution's order) stays true. Restoring therefore needs the ids to be free: it refuses
when the year exists or any row id is taken, reusing only references (units, users) that are already
there under the same id and identity. Password hashes are left out unless asked for; restored accounts
then need a password reset.
"""

import datetime
import hashlib
import json
import logging
import os
import tempfile
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, models, transaction
from django.db.models import Q
from django.utils import timezone

logger = logging.getLogger("kipp.backup")

ARCHIVE_FORMAT = "kipp-competition-archive"
ARCHIVE_VERSION = 1
MANIFEST_NAME = "manifest.json"
DATA_NAME = "data.json"
FILES_PREFIX = "files/"
COMPETITION_MODEL = "competitions.Competition"
# Rows of these models that do not belong to a year are carried when everything they point to is in the
# archive: a juror's standing conflict with a unit still decides who may judge what in the restored year.
CONTEXT_MODELS = {"judging.ConflictOfInterest": ("juror", "unit")}
CHUNK = 500  # ids per IN (...) clause: far below every database's parameter limit
COPY_BUFFER = 1024 * 1024


class BackupError(Exception):
    """An archive cannot be written or restored; the message says why and what to do."""


@dataclass
class ExportSummary:
    path: Path
    year: int
    counts: dict[str, int]
    files: int
    missing_files: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


@dataclass
class ImportSummary:
    year: int
    counts: dict[str, int]
    files: int
    reused: dict[str, int]

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


# Which models and rows.


def project_models() -> list[type[models.Model]]:
    """Concrete models of the project's own apps (not Django's or third-party ones), history models included."""
    base = Path(settings.BASE_DIR).resolve()
    found = []
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if not path.is_relative_to(base) or "site-packages" in path.parts:
            continue
        found += [model for model in config.get_models() if model._meta.managed and not model._meta.proxy]
    return sorted(found, key=lambda model: model._meta.label)


def _tracked_model(model):
    """The model a django-simple-history model records, or None for ordinary models."""
    return getattr(model, "instance_type", None)


def _identity_model(model):
    """History rows and live rows share one id space: the tracked model's."""
    return _tracked_model(model) or model


def _relations(model):
    """Forward many-to-one and one-to-one fields: (attname, the identity model they point to)."""
    return [
        (field.attname, _identity_model(field.related_model))
        for field in model._meta.concrete_fields
        if field.is_relation and (field.many_to_one or field.one_to_one)
    ]


def _chunks(ids):
    ids = sorted(ids)
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _values(model, q, names):
    return model._base_manager.filter(q).values_list(*names)


def _select_by(model, attname, ids, names):
    rows = []
    for chunk in _chunks(ids):
        rows += list(_values(model, Q(**{f"{attname}__in": chunk}), names))
    return rows


@dataclass
class _Selection:
    """Ids per identity model that belong to the year, and the rows of each concrete model to export."""

    belonging: dict = field(default_factory=lambda: defaultdict(set))
    rows: dict = field(default_factory=lambda: defaultdict(set))  # concrete model -> pks


def _collect_belonging(competition) -> _Selection:
    selection = _Selection()
    competition_model = type(competition)
    selection.belonging[competition_model].add(competition.pk)
    selection.rows[competition_model].add(competition.pk)
    frontier = {competition_model: {competition.pk}}
    candidates = [model for model in project_models() if model is not competition_model]
    while frontier:
        found = defaultdict(set)
        for model in candidates:
            pk_name = model._meta.pk.attname
            identity = _identity_model(model)
            tracked = _tracked_model(model)
            lookups = [(attname, target) for attname, target in _relations(model) if target in frontier]
            if tracked is not None and tracked in frontier:
                lookups.append(("id", tracked))  # the history of a belonging object
            for attname, target in lookups:
                id_name = "id" if tracked is not None else pk_name
                for pk, object_id in _select_by(model, attname, frontier[target], [pk_name, id_name]):
                    selection.rows[model].add(pk)
                    if object_id not in selection.belonging[identity]:
                        found[identity].add(object_id)
        for identity, ids in found.items():
            selection.belonging[identity] |= ids
        frontier = {identity: ids for identity, ids in found.items() if ids}
    return selection


def _existing(model, ids) -> set:
    found = set()
    for chunk in _chunks(ids):
        found |= set(model._base_manager.filter(pk__in=chunk).values_list("pk", flat=True))
    return found


def _pointed_to(rows_by_model) -> dict:
    """Ids (per identity model) of the project rows that the given rows point to, by foreign key or M2M."""
    targets = defaultdict(set)
    project = set(project_models())
    for model, pks in rows_by_model.items():
        relations = [(attname, target) for attname, target in _relations(model) if target in project]
        m2m = [
            (f.name, f.related_model)
            for f in model._meta.many_to_many
            if f.related_model in project and f.remote_field.through._meta.auto_created
        ]
        for chunk in _chunks(pks):
            if relations:
                for values in model._base_manager.filter(pk__in=chunk).values_list(*[a for a, _ in relations]):
                    for (_, target), value in zip(relations, values, strict=True):
                        if value is not None:
                            targets[target].add(value)
            for name, target in m2m:
                linked = model._base_manager.filter(pk__in=chunk, **{f"{name}__isnull": False})
                targets[target] |= set(linked.values_list(f"{name}__pk", flat=True))
    return targets


def _close_references(start, belonging, references) -> None:
    """Add to `references` every row `start` points to outside `belonging`, and what those point to."""
    pending = start
    while pending:
        found = {}
        for target, ids in _pointed_to(pending).items():
            new = ids - belonging.get(target, set()) - references.get(target, set())
            if new:
                # Objects deleted since (still named in history rows) are not exported.
                new = _existing(target, new)
            if new:
                references[target] |= new
                found[target] = new
        pending = found


def _bound_to_competition(model) -> bool:
    """Whether a chain of foreign keys leads from `model` to the competition (a submission, a stage, ...)."""
    competition_model = apps.get_model(COMPETITION_MODEL)
    seen, stack = set(), [_identity_model(model)]
    while stack:
        current = stack.pop()
        if current is competition_model:
            return True
        if current not in seen:
            seen.add(current)
            stack += [target for _, target in _relations(current)]
    return False


def _collect_context(rows, references) -> dict:
    """Rows of `CONTEXT_MODELS` not in the archive whose named references are, and that belong to no other year."""
    context = {}
    for label, field_names in CONTEXT_MODELS.items():
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        query = Q()
        for name in field_names:
            f = model._meta.get_field(name)
            target = _identity_model(f.related_model)
            query &= Q(**{f"{f.attname}__in": rows.get(target, set()) | references.get(target, set())})
        for attname, target in _relations(model):
            if _bound_to_competition(target):
                query &= Q(**{f"{attname}__isnull": True}) | Q(**{f"{attname}__in": rows.get(target, set())})
        pks = set(model._base_manager.filter(query).exclude(pk__in=rows.get(model, set())).values_list("pk", flat=True))
        if pks:
            context[model] = pks
    return context


def _history_rows(rows_by_model) -> dict:
    history = {}
    for model, pks in rows_by_model.items():
        manager = getattr(model, "history", None) if _tracked_model(model) is None else None
        if manager is None:
            continue
        found = set()
        for chunk in _chunks(pks):
            found |= set(manager.model._base_manager.filter(id__in=chunk).values_list("pk", flat=True))
        if found:
            history[manager.model] = found
    return history


def competition_archive_rows(competition) -> tuple[dict, set[str]]:
    """Every row the archive of `competition` holds, per model, and the labels of the reference models.

    References are rows that do not belong to the year (units, users, standing conflicts, and their
    history): a restore may find them already present and then keeps the present ones.
    """
    selection = _collect_belonging(competition)
    rows = defaultdict(set, {model: set(pks) for model, pks in selection.rows.items()})
    references = defaultdict(set)
    _close_references(rows, selection.belonging, references)
    context = _collect_context(rows, references)
    _close_references(context, selection.belonging, references)
    shared = defaultdict(set)
    for source in (references, context):
        for model, pks in source.items():
            shared[model] |= pks
    for model, pks in _history_rows(shared).items():
        shared[model] |= pks
    for model, pks in shared.items():
        rows[model] |= pks
    return {model: pks for model, pks in rows.items() if pks}, {
        model._meta.label_lower for model, pks in shared.items() if pks
    }


# Export.


def _file_fields(model) -> list[str]:
    """Names of the fields holding stored-file names: FileFields, and their text copies in history models."""
    source = _tracked_model(model) or model
    return [f.name for f in source._meta.concrete_fields if isinstance(f, models.FileField)]


def _storage_for(model, field_name):
    source = _tracked_model(model) or model
    return source._meta.get_field(field_name).storage


def _serialize(model, pks, include_passwords: bool) -> list[dict]:
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    objects = []
    for chunk in _chunks(pks):
        objects += list(model._base_manager.filter(pk__in=chunk).order_by("pk"))
    if model is user_model and not include_passwords:
        for user in objects:
            user.password = make_password(None)  # unusable: a restored account needs a password reset
    # Natural keys only for the users' groups and permissions, whose ids differ between databases.
    return serializers.serialize("python", objects, use_natural_foreign_keys=model is user_model)


class _ArchiveEncoder(DjangoJSONEncoder):
    """Django's encoder, but times keep their microseconds (Django's JSON drops them to milliseconds)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def _sha256_of(stream) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while chunk := stream.read(COPY_BUFFER):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def export_competition(*, competition, destination: Path, include_passwords: bool = False) -> ExportSummary:
    """Write the archive of `competition` to `destination`, which appears only once complete."""
    destination = Path(destination)
    rows, reference_labels = competition_archive_rows(competition)
    data, counts, stored = [], {}, {}
    for model in sorted(rows, key=lambda m: m._meta.label):
        serialized = _serialize(model, rows[model], include_passwords)
        data += serialized
        counts[model._meta.label_lower] = len(serialized)
        for name in _file_fields(model):
            for item in serialized:
                value = item["fields"].get(name)
                if value:
                    stored.setdefault(value, (model, name))
    data_bytes = json.dumps(data, cls=_ArchiveEncoder, ensure_ascii=False, indent=1, sort_keys=True).encode()

    destination.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".kipp-export-", suffix=".zip", dir=destination.parent)
    os.close(handle)
    files, missing = [], []
    try:
        with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            archive.writestr(DATA_NAME, data_bytes)
            for name in sorted(stored):
                model, field_name = stored[name]
                storage = _storage_for(model, field_name)
                if not storage.exists(name):
                    # History may name files deleted long ago; a live row's missing file is worth a warning.
                    if _tracked_model(model) is None:
                        missing.append(name)
                    continue
                digest, size = hashlib.sha256(), 0
                with storage.open(name, "rb") as source, archive.open(FILES_PREFIX + name, "w") as target:
                    while chunk := source.read(COPY_BUFFER):
                        digest.update(chunk)
                        size += len(chunk)
                        target.write(chunk)
                files.append({"name": name, "sha256": digest.hexdigest(), "size": size})
            manifest = {
                "format": ARCHIVE_FORMAT,
                "version": ARCHIVE_VERSION,
                "year": competition.year,
                "title": competition.title,
                "created_at": timezone.now().isoformat(),
                "include_passwords": include_passwords,
                "data": {"name": DATA_NAME, "sha256": hashlib.sha256(data_bytes).hexdigest(), "size": len(data_bytes)},
                "counts": counts,
                "references": sorted(reference_labels),
                "files": files,
                "missing_files": missing,
            }
            archive.writestr(MANIFEST_NAME, json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True))
        os.chmod(temporary, 0o600)  # personal data: readable by the service account only
        os.replace(temporary, destination)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    for name in missing:
        logger.warning("export %s: stored file missing: %s", competition.year, name)
    return ExportSummary(
        path=destination, year=competition.year, counts=counts, files=len(files), missing_files=missing
    )


def backup_before_publication(competition) -> Path:
    """Export `competition` into KIPP_BACKUP_DIR under a timestamped name; call it just before publishing.

    Raises OSError (or BackupError) when the backup cannot be written: the caller should then not publish.
    """
    folder = Path(getattr(settings, "KIPP_BACKUP_DIR", Path(settings.VAR_DIR) / "backups"))
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S.%fZ")
    path = folder / f"kipp-{competition.year}-pre-publication-{stamp}.zip"
    summary = export_competition(competition=competition, destination=path)
    logger.info(
        "pre-publication backup of %s: %s (%s rows, %s files)", competition.year, path, summary.rows, summary.files
    )
    return path


# Import.


def _check_member_name(name: str) -> None:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or "\\" in name or "\x00" in name:
        raise BackupError(f"The archive holds an unsafe file name: {name!r}.")


def read_manifest(archive: zipfile.ZipFile) -> dict:
    """Read the manifest and verify every checksum it lists; raise BackupError on any mismatch."""
    names = set(archive.namelist())
    for name in names:
        _check_member_name(name)
    if MANIFEST_NAME not in names or DATA_NAME not in names:
        raise BackupError("This is not a KIPP competition archive (manifest.json or data.json is missing).")
    try:
        manifest = json.loads(archive.read(MANIFEST_NAME))
    except (ValueError, UnicodeDecodeError) as exc:
        raise BackupError("The archive's manifest.json is not valid JSON.") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != ARCHIVE_FORMAT:
        raise BackupError("This is not a KIPP competition archive (unknown format).")
    if manifest.get("version") != ARCHIVE_VERSION:
        raise BackupError(f"Archive version {manifest.get('version')} is not supported (expected {ARCHIVE_VERSION}).")
    expected = {FILES_PREFIX + entry["name"]: entry for entry in manifest["files"]}
    for name in expected:
        _check_member_name(name)
    unexpected = names - set(expected) - {MANIFEST_NAME, DATA_NAME}
    if unexpected:
        raise BackupError(f"The archive holds files its manifest does not list: {', '.join(sorted(unexpected))}.")
    for member, entry in [(DATA_NAME, manifest["data"]), *expected.items()]:
        if member not in names:
            raise BackupError(f"The archive lacks {member}, which its manifest lists.")
        with archive.open(member) as stream:
            digest, size = _sha256_of(stream)
        if digest != entry["sha256"] or size != entry["size"]:
            raise BackupError(f"Checksum mismatch for {member}: the archive is damaged or was altered.")
    return manifest


def _identity(obj):
    """What makes a reference row the same thing: its natural key, its unique fields, or all its values."""
    if hasattr(obj, "natural_key"):
        return tuple(obj.natural_key())
    fields = [f for f in obj._meta.concrete_fields if not f.primary_key]
    uniques = [f for f in fields if f.unique]
    return tuple(getattr(obj, f.attname) for f in (uniques or fields))


def _ensure_groups(data: list[dict], using: str) -> None:
    """Create the groups (roles) the archive's users belong to, so their natural keys resolve."""
    user_label = apps.get_model(settings.AUTH_USER_MODEL)._meta.label_lower
    group_model = apps.get_model("auth", "Group")
    names = {
        key[0]
        for item in data
        if item.get("model") == user_label
        for key in item.get("fields", {}).get("groups", [])
        if isinstance(key, list) and key
    }
    for name in sorted(names):
        group_model._default_manager.db_manager(using).get_or_create(name=name)


def _plan(objects, manifest: dict, using: str):
    """Split the archive's rows into rows to insert and references already present; refuse on any clash."""
    competition_model = apps.get_model(COMPETITION_MODEL)
    year = manifest["year"]
    if competition_model._base_manager.using(using).filter(year=year).exists():
        raise BackupError(
            f"Competition {year} already exists in this database; restore only into a database without it "
            "(see docs/OPERATIONS.md, 'Restoring a year')."
        )
    references = set(manifest.get("references", []))
    by_model = defaultdict(list)
    for item in objects:
        by_model[type(item.object)].append(item)
    to_save, reused, clashes = [], defaultdict(int), []
    for model, items in sorted(by_model.items(), key=lambda pair: pair[0]._meta.label):
        existing = {}
        for chunk in _chunks([item.object.pk for item in items]):
            existing.update(model._base_manager.using(using).in_bulk(chunk))
        is_reference = model._meta.label_lower in references
        for item in items:
            current = existing.get(item.object.pk)
            if current is None:
                to_save.append(item)
            elif is_reference and _identity(current) == _identity(item.object):
                reused[model._meta.label_lower] += 1
            else:
                clashes.append(f"{model._meta.label} #{item.object.pk}")
    if clashes:
        shown = ", ".join(clashes[:10]) + (f" and {len(clashes) - 10} more" if len(clashes) > 10 else "")
        raise BackupError(
            f"The database already holds other rows with the archive's ids ({shown}); "
            "restore into an empty database (see docs/OPERATIONS.md, 'Restoring a year')."
        )
    return to_save, dict(reused)


def _count(items) -> dict[str, int]:
    counts = defaultdict(int)
    for item in items:
        counts[type(item.object)._meta.label_lower] += 1
    return dict(counts)


def _reset_sequences(model_set, using) -> None:
    """Move id sequences past the restored ids (PostgreSQL); SQLite follows the largest id by itself."""
    connection = connections[using]
    statements = connection.ops.sequence_reset_sql(no_style(), sorted(model_set, key=lambda m: m._meta.label))
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def _file_storages(objects) -> dict:
    storages = {}
    for item in objects:
        model = type(item.object)
        for name in _file_fields(model):
            value = getattr(item.object, name)
            value = getattr(value, "name", value)
            if value:
                storages.setdefault(value, _storage_for(model, name))
    return storages


def _check_files(manifest: dict, storages: dict) -> list[dict]:
    """Return the manifest's files still to write; refuse when a different file holds the same name."""
    to_write = []
    for entry in manifest["files"]:
        storage = storages.get(entry["name"])
        if storage is None:
            raise BackupError(f"The archive holds {entry['name']}, which no row refers to.")
        if storage.exists(entry["name"]):
            with storage.open(entry["name"], "rb") as current:
                digest, _ = _sha256_of(current)
            if digest != entry["sha256"]:
                raise BackupError(
                    f"A different file is already stored as {entry['name']}; restore into an empty media folder."
                )
            continue
        to_write.append(entry)
    return to_write


class _DryRun(Exception):
    pass


def import_competition(*, source: Path, using: str = DEFAULT_DB_ALIAS, dry_run: bool = False) -> ImportSummary:
    """Verify the archive at `source` and restore it, all or nothing; `dry_run` checks without keeping it."""
    try:
        archive = zipfile.ZipFile(source)
    except (OSError, zipfile.BadZipFile) as exc:
        raise BackupError(f"Cannot open {source}: {exc}") from exc
    written = []
    with archive:
        manifest = read_manifest(archive)
        try:
            data = json.loads(archive.read(DATA_NAME))
        except (ValueError, UnicodeDecodeError) as exc:
            raise BackupError("The archive's data.json is not valid JSON.") from exc
        try:
            with transaction.atomic(using=using):
                _ensure_groups(data, using)
                try:
                    objects = list(serializers.deserialize("python", data, using=using, ignorenonexistent=True))
                except DeserializationError as exc:
                    raise BackupError(f"This version of KIPP cannot read the archive's data: {exc}") from exc
                to_save, reused = _plan(objects, manifest, using)
                storages = _file_storages(objects)
                to_write = _check_files(manifest, storages)
                for item in to_save:
                    item.save(using=using)
                _restore_after_load(to_save, using)
                _reset_sequences({type(item.object) for item in to_save}, using)
                summary = ImportSummary(
                    year=manifest["year"], counts=_count(to_save), files=len(to_write), reused=reused
                )
                if dry_run:
                    raise _DryRun
                for entry in to_write:
                    storage = storages[entry["name"]]
                    saved = storage.save(entry["name"], ContentFile(archive.read(FILES_PREFIX + entry["name"])))
                    written.append((storage, saved))
                    if saved != entry["name"]:
                        raise BackupError(f"The storage renamed {entry['name']}; restore into an empty media folder.")
        except _DryRun:
            return summary
        except IntegrityError as exc:
            _remove(written)
            raise BackupError(f"The database refused the archive's rows: {exc}") from exc
        except BaseException:
            _remove(written)
            raise
    logger.info("restored competition %s from %s: %s rows, %s files", summary.year, source, summary.rows, summary.files)
    return summary


def _restore_after_load(saved, using: str) -> None:
    """Write again the fields a model lists in `restored_after_load`: values the database empties while
    later rows load (a scorecard's stored total, emptied by its triggers when its scores are inserted)."""
    by_model = defaultdict(list)
    for item in saved:
        if getattr(type(item.object), "restored_after_load", ()):
            by_model[type(item.object)].append(item.object)
    for model, objects in by_model.items():
        model._base_manager.using(using).bulk_update(objects, list(model.restored_after_load), batch_size=500)


def _remove(written) -> None:
    for storage, name in written:
        storage.delete(name)
