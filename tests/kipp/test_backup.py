"""Backup and restore of one competition year (issue 7, point 9).

The round trip builds a whole year (every model of the brief, files included, history rows too), exports it,
deletes every project row and every stored file, imports the archive, and compares every row of every project
model and every file's checksum with what was there before.
"""

import datetime as dt
import hashlib
import io
import json
import os
import stat
import zipfile
from decimal import Decimal
from importlib import import_module
from importlib.util import find_spec

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, models
from django.utils import timezone
from PIL import Image

from competitions.enums import StageKind
from judging.enums import ConflictSource, ScorecardStatus, TieResolutionMethod
from judging.services.scoring import refresh_stored_totals
from kipp import demo as kipp_demo
from kipp.backup import (
    MANIFEST_NAME,
    BackupError,
    backup_before_publication,
    competition_archive_rows,
    export_competition,
    import_competition,
    project_models,
)
from kipp.enums import Role, UnitKind
from kipp.management.commands.load_demo import APP_DEMOS
from submissions.enums import AttachmentKind, ScreeningDecision, SubmissionStatus
from tests.factories import (
    AssignmentFactory,
    AttachmentRequirementFactory,
    AwardTierFactory,
    CategoryFactory,
    CommitteeFactory,
    CompetitionFactory,
    ConflictFactory,
    CriterionFactory,
    JurorFactory,
    JuryMemberFactory,
    OperatorFactory,
    RubricLevelFactory,
    ScorecardFactory,
    ScoreFactory,
    StageFactory,
    SubmissionFactory,
    UnitFactory,
)
from tests.kipp.factories_ops import (
    AttachmentFactory,
    PublicationFactory,
    PublishedEntryFactory,
    ScreeningFactory,
    StageAdvancementFactory,
    SubmissionEventFactory,
    TieResolutionFactory,
)
from tests.kipp.test_audit_trail import acting_as

YEAR = 2031

# The models the brief lists; the round trip also compares every other project model, whatever it holds.
REQUIRED_MODELS = [
    "competitions.Competition",
    "competitions.Category",
    "competitions.AwardTier",
    "competitions.Stage",
    "competitions.Criterion",
    "competitions.RubricLevel",
    "competitions.AttachmentRequirement",
    "submissions.Submission",
    "submissions.Attachment",
    "submissions.SubmissionEvent",
    "submissions.Screening",
    "judging.JuryMember",
    "judging.ConflictOfInterest",
    "judging.Assignment",
    "judging.Scorecard",
    "judging.Score",
    "judging.StageAdvancement",
    "judging.TieResolution",
    "judging.Publication",
    "judging.PublishedEntry",
    "kipp.Unit",
    "kipp.User",
]


def png_bytes(color) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), color).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


def build_year(year=YEAR, prefix=""):
    """A whole competition year: configuration, two units (parent and child), three proposals, two stages of
    scoring with jurors, a conflict, screenings, scores, an advancement, a tie resolution and a publication."""
    committee = CommitteeFactory(username=f"{prefix}panitia", full_name="Ketua Panitia")
    with acting_as(committee):
        competition = CompetitionFactory(
            year=year,
            submission_opens_at=timezone.now() - dt.timedelta(days=90),
            submission_closes_at=timezone.now() - dt.timedelta(days=60),
            signatory_name="Wali Kota Malang",
        )
        category = CategoryFactory(competition=competition, name="Umum")
        AwardTierFactory(competition=competition, name="Tiga Besar", first_place=1, last_place=3)
        AwardTierFactory(competition=competition, name="Favorit", first_place=4, last_place=10)
        requirement = AttachmentRequirementFactory(competition=competition, code="surat-implementasi")
        screening_stage = StageFactory(
            competition=competition,
            order=1,
            name="Seleksi Administrasi",
            kind=StageKind.SCREENING,
            weight=Decimal("0"),
        )
        desk = StageFactory(competition=competition, order=2, name="Penilaian Proposal", weight=Decimal("70"))
        panel = StageFactory(competition=competition, order=3, name="Presentasi", weight=Decimal("30"))
        criteria = {
            desk: [
                CriterionFactory(stage=desk, name="Kebaruan", weight=Decimal("40"), max_score=100),
                CriterionFactory(stage=desk, name="Signifikansi", weight=Decimal("60"), max_score=100),
            ],
            panel: [CriterionFactory(stage=panel, name="Presentasi", weight=Decimal("100"), max_score=10)],
        }
        RubricLevelFactory(criterion=criteria[desk][0], min_score=0, max_score=59, label="Kurang")
        RubricLevelFactory(criterion=criteria[desk][0], min_score=60, max_score=100, label="Baik")

        dinkes = UnitFactory(name=f"{prefix}Dinas Kesehatan", short_name="Dinkes", kind=UnitKind.DINAS)
        janti = UnitFactory(name=f"{prefix}Puskesmas Janti", kind=UnitKind.PUSKESMAS, parent=dinkes)
        operators = {dinkes: OperatorFactory(unit=dinkes), janti: OperatorFactory(unit=janti)}
        jurors = [JurorFactory(full_name=f"Juri {n}") for n in range(1, 3)]

        submissions = []
        for index, unit in enumerate([dinkes, janti, janti]):
            submission = SubmissionFactory(
                competition=competition,
                unit=unit,
                category=category,
                name=f"{prefix}INOVASI {index}",
                status=SubmissionStatus.ELIGIBLE,
                stage=desk,
                created_by=operators[unit],
                submitted_at=timezone.now() - dt.timedelta(days=61),
                sdgs=[3, 10],
            )
            submissions.append(submission)
            SubmissionEventFactory(submission=submission, actor=operators[unit])
            ScreeningFactory(submission=submission, decision=ScreeningDecision.ELIGIBLE, decided_by=committee)
            AttachmentFactory(submission=submission, requirement=requirement, uploaded_by=operators[unit])
            AttachmentFactory(
                submission=submission,
                kind=AttachmentKind.PHOTO,
                content=png_bytes((index * 60, 120, 200)),
                original_name="foto.png",
                content_type="image/png",
            )
        for stage in (desk, panel):
            for juror in jurors:
                JuryMemberFactory(stage=stage, juror=juror, added_by=committee)
        ConflictFactory(juror=jurors[1], submission=submissions[0], source=ConflictSource.DECLARED)
        ConflictFactory(
            juror=jurors[0],
            submission=None,
            unit=janti,
            source=ConflictSource.COMMITTEE,
            created_by=committee,
        )
        for stage in (desk, panel):
            for submission in submissions:
                for juror in jurors:
                    assignment = AssignmentFactory(
                        stage=stage, submission=submission, juror=juror, created_by=committee
                    )
                    scorecard = ScorecardFactory(
                        assignment=assignment, status=ScorecardStatus.FINAL, submitted_at=timezone.now()
                    )
                    for number, criterion in enumerate(criteria[stage]):
                        ScoreFactory(
                            scorecard=scorecard,
                            criterion=criterion,
                            value=Decimal(criterion.max_score) * Decimal("0.7") + number,
                            comment="Data dampak lengkap.",
                        )
            StageAdvancementFactory(stage=stage, submission=submissions[0], decided_by=committee)
        TieResolutionFactory(
            competition=competition,
            method=TieResolutionMethod.VOTE,
            ordered_submission_ids=[submissions[2].pk, submissions[1].pk],
            decided_by=committee,
        )
        publication = PublicationFactory(
            competition=competition,
            version=1,
            published_by=committee,
            snapshot={"entries": [{"submission_id": s.pk, "rank": n + 1} for n, s in enumerate(submissions)]},
        )
        for rank, submission in enumerate(submissions, start=1):
            PublishedEntryFactory(publication=publication, submission=submission, rank=rank)
    # Later changes and a deletion, so history holds more than creations.
    with acting_as(jurors[0]):
        scorecard = assignment.scorecard
        scorecard.overall_note = "Perlu data pembanding."
        scorecard.save()
    refresh_stored_totals([desk.pk, panel.pk])  # as sending each scorecard final stores them
    with acting_as(operators[janti]):
        gone = AttachmentFactory(submission=submissions[1], caption="salah unggah")
        gone.delete()
    assert screening_stage.pk
    return competition


def comparable(value):
    if isinstance(value, models.fields.files.FieldFile):
        return value.name
    return value


def identity(obj):
    return obj.natural_key() if hasattr(obj, "natural_key") else obj.pk


def snapshot(exclude=("password",)) -> dict[str, dict]:
    """Every row of every project model as {label: {natural identity: {field: value}}}."""
    rows = {}
    for model in project_models():
        table = {}
        for obj in model._base_manager.order_by("pk"):
            values = {f.attname: comparable(getattr(obj, f.attname)) for f in model._meta.concrete_fields}
            for m2m in model._meta.many_to_many:
                values[m2m.name] = sorted(str(identity(other)) for other in getattr(obj, m2m.name).all())
            for name in exclude:
                values.pop(name, None)
            table[identity(obj)] = values
        rows[model._meta.label] = table
    return rows


def stored_files(root) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def wipe_everything(root):
    """Delete every project row (history and group memberships included), the groups and every stored file."""
    for model in project_models():
        for m2m in model._meta.many_to_many:
            m2m.remote_field.through._base_manager.all()._raw_delete(connection.alias)
    for model in project_models():
        model._base_manager.all()._raw_delete(connection.alias)
    Group.objects.all()._raw_delete(connection.alias)
    for path in sorted(root.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    connection.check_constraints()


def manifest_of(path) -> dict:
    with zipfile.ZipFile(path) as archive:
        return json.loads(archive.read(MANIFEST_NAME))


@pytest.mark.django_db
def test_backup_round_trip_restores_every_row_and_file(tmp_path, media_root):
    build_year()
    before, files_before = snapshot(), stored_files(media_root)
    populated = [label for label in REQUIRED_MODELS if before[label]]
    archive = tmp_path / "kipp-2031.zip"

    exported = export_competition(
        competition=apps.get_model("competitions", "Competition").objects.get(year=YEAR), destination=archive
    )
    wipe_everything(media_root)
    assert sum(len(table) for table in snapshot().values()) == 0
    imported = import_competition(source=archive)
    connection.check_constraints()
    after, files_after = snapshot(), stored_files(media_root)

    compared = sum(len(table) for table in before.values())
    print(f"backup round trip: {compared} rows in {len(before)} models and {len(files_before)} files compared")
    assert populated == REQUIRED_MODELS
    assert all(row["total_e4"] is not None for row in before["judging.Scorecard"].values())
    assert after == before
    assert files_after == files_before
    assert len(files_before) == 7  # two per proposal, and the deleted upload's file its history still names
    assert exported.rows == imported.rows == compared
    assert exported.files == imported.files == 7
    assert exported.missing_files == []


@pytest.mark.django_db
def test_backup_round_trip_leaves_restored_accounts_without_passwords(tmp_path, media_root):
    build_year()
    archive = tmp_path / "kipp-2031.zip"
    export_competition(
        competition=apps.get_model("competitions", "Competition").objects.get(year=YEAR), destination=archive
    )
    wipe_everything(media_root)

    import_competition(source=archive)

    User = apps.get_model("kipp", "User")
    assert User.objects.count() == 5
    assert [user.has_usable_password() for user in User.objects.all()] == [False] * 5
    assert sorted(Group.objects.values_list("name", flat=True)) == sorted([Role.COMMITTEE, Role.JUROR, Role.OPERATOR])


@pytest.mark.django_db
def test_backup_with_passwords_keeps_the_hashes(tmp_path, media_root):
    build_year()
    hashes = dict(apps.get_model("kipp", "User").objects.values_list("username", "password"))
    archive = tmp_path / "kipp-2031.zip"
    export_competition(
        competition=apps.get_model("competitions", "Competition").objects.get(year=YEAR),
        destination=archive,
        include_passwords=True,
    )
    wipe_everything(media_root)

    import_competition(source=archive)

    assert dict(apps.get_model("kipp", "User").objects.values_list("username", "password")) == hashes


@pytest.mark.django_db
def test_backup_restored_database_takes_new_rows_after_the_restored_ids(tmp_path, media_root):
    competition = build_year()
    largest = apps.get_model("submissions", "Submission").objects.order_by("-pk").first().pk
    archive = tmp_path / "kipp-2031.zip"
    export_competition(competition=competition, destination=archive)
    wipe_everything(media_root)
    import_competition(source=archive)

    added = SubmissionFactory(competition=apps.get_model("competitions", "Competition").objects.get(year=YEAR))

    assert added.pk > largest


@pytest.mark.django_db
def test_backup_holds_only_the_chosen_year(tmp_path):
    chosen = build_year()
    build_year(year=YEAR + 1, prefix="lain-")
    archive = tmp_path / "kipp-2031.zip"

    export_competition(competition=chosen, destination=archive)

    with zipfile.ZipFile(archive) as opened:
        data = json.loads(opened.read("data.json"))
    competitions = [row["fields"]["year"] for row in data if row["model"] == "competitions.competition"]
    names = [row["fields"]["name"] for row in data if row["model"] == "submissions.submission"]
    units = [row["fields"]["name"] for row in data if row["model"] == "kipp.unit"]
    usernames = {row["fields"]["username"] for row in data if row["model"] == "kipp.user"}
    assert competitions == [YEAR]
    assert names == ["INOVASI 0", "INOVASI 1", "INOVASI 2"]
    assert units == ["Dinas Kesehatan", "Puskesmas Janti"]
    assert "lain-panitia" not in usernames
    assert "panitia" in usernames


@pytest.mark.django_db
def test_backup_manifest_lists_checksums_of_the_data_and_every_file(tmp_path, media_root):
    competition = build_year()
    archive = tmp_path / "kipp-2031.zip"

    export_competition(competition=competition, destination=archive)

    manifest = manifest_of(archive)
    with zipfile.ZipFile(archive) as opened:
        data_sha = hashlib.sha256(opened.read("data.json")).hexdigest()
        archived = {
            name.removeprefix("files/"): hashlib.sha256(opened.read(name)).hexdigest()
            for name in opened.namelist()
            if name.startswith("files/")
        }
    assert manifest["format"] == "kipp-competition-archive"
    assert manifest["year"] == YEAR
    assert manifest["data"]["sha256"] == data_sha
    assert {entry["name"]: entry["sha256"] for entry in manifest["files"]} == archived == stored_files(media_root)
    assert manifest["counts"]["submissions.submission"] == 3
    assert manifest["counts"]["judging.score"] == 18
    assert stat.S_IMODE(os.stat(archive).st_mode) == 0o600


@pytest.mark.django_db
def test_import_refuses_a_year_that_exists(tmp_path):
    competition = build_year()
    archive = tmp_path / "kipp-2031.zip"
    export_competition(competition=competition, destination=archive)

    with pytest.raises(BackupError, match="Competition 2031 already exists in this database"):
        import_competition(source=archive)


@pytest.mark.django_db
def test_import_command_explains_a_refusal_in_one_message(tmp_path):
    competition = build_year()
    archive = tmp_path / "kipp-2031.zip"
    export_competition(competition=competition, destination=archive)

    with pytest.raises(CommandError, match="Competition 2031 already exists in this database"):
        call_command("import_competition", str(archive))


@pytest.mark.django_db
def test_import_refuses_ids_already_taken_by_other_rows(tmp_path, media_root):
    competition = build_year()
    archive = tmp_path / "kipp-2031.zip"
    export_competition(competition=competition, destination=archive)
    pk = competition.pk
    wipe_everything(media_root)
    CompetitionFactory(pk=pk, year=2099)
    rows_before = snapshot()

    with pytest.raises(BackupError, match=rf"other rows with the archive's ids \(competitions.Competition #{pk}"):
        import_competition(source=archive)

    assert snapshot() == rows_before
    assert stored_files(media_root) == {}


@pytest.mark.django_db
def test_import_keeps_units_and_users_already_present(tmp_path, media_root):
    competition = build_year()
    archive = tmp_path / "kipp-2031.zip"
    export_competition(competition=competition, destination=archive)
    before = snapshot()
    Competition = apps.get_model("competitions", "Competition")
    for model in project_models():
        if model._meta.app_label != "kipp" and model._meta.label != "judging.HistoricalConflictOfInterest":
            model._base_manager.all()._raw_delete(connection.alias)
    apps.get_model("judging", "ConflictOfInterest")._base_manager.all()._raw_delete(connection.alias)
    assert not Competition.objects.exists()

    summary = import_competition(source=archive)

    assert snapshot() == before
    assert summary.reused["kipp.user"] == 5
    assert summary.reused["kipp.unit"] == 2


@pytest.mark.django_db
def test_import_dry_run_checks_everything_and_keeps_nothing(tmp_path, media_root):
    competition = build_year()
    archive = tmp_path / "kipp-2031.zip"
    export_competition(competition=competition, destination=archive)
    wipe_everything(media_root)

    summary = import_competition(source=archive, dry_run=True)

    assert summary.counts["submissions.submission"] == 3
    assert sum(len(table) for table in snapshot().values()) == 0
    assert stored_files(media_root) == {}


def rewrite_archive(source, target, change):
    """Copy a zip, letting `change(name, data)` return new bytes (or None to drop the member)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for name in old.namelist():
            data = change(name, old.read(name))
            if data is not None:
                new.writestr(name, data)
    return target


@pytest.mark.django_db
def test_import_refuses_altered_data(tmp_path, media_root):
    competition = build_year()
    archive = tmp_path / "kipp-2031.zip"
    export_competition(competition=competition, destination=archive)
    wipe_everything(media_root)
    altered = rewrite_archive(
        archive,
        tmp_path / "altered.zip",
        lambda name, data: data.replace(b'"value": "70.00"', b'"value": "99.00"') if name == "data.json" else data,
    )

    with pytest.raises(BackupError, match="Checksum mismatch for data.json"):
        import_competition(source=altered)

    assert sum(len(table) for table in snapshot().values()) == 0


@pytest.mark.django_db
def test_import_refuses_an_altered_file(tmp_path, media_root):
    competition = build_year()
    archive = tmp_path / "kipp-2031.zip"
    export_competition(competition=competition, destination=archive)
    target = manifest_of(archive)["files"][0]["name"]
    altered = rewrite_archive(
        archive, tmp_path / "altered.zip", lambda name, data: b"%PDF-1.4 lain" if name == f"files/{target}" else data
    )

    with pytest.raises(BackupError, match=f"Checksum mismatch for files/{target}"):
        import_competition(source=altered)


@pytest.mark.django_db
def test_import_refuses_files_outside_the_manifest(tmp_path):
    competition = build_year()
    archive = tmp_path / "kipp-2031.zip"
    export_competition(competition=competition, destination=archive)
    with zipfile.ZipFile(archive, "a") as opened:
        opened.writestr("files/../../etc/cron.d/kipp", b"* * * * * root true")

    with pytest.raises(BackupError, match="unsafe file name"):
        import_competition(source=archive)


def test_import_refuses_something_that_is_not_an_archive(tmp_path):
    bogus = tmp_path / "bukan.zip"
    bogus.write_bytes(b"bukan arsip")

    with pytest.raises(BackupError, match="Cannot open"):
        import_competition(source=bogus)


@pytest.mark.django_db
def test_export_command_writes_the_archive_and_reports(tmp_path, capsys):
    build_year()
    archive = tmp_path / "arsip" / "kipp-2031.zip"

    call_command("export_competition", str(YEAR), str(archive))

    output = capsys.readouterr().out
    assert archive.is_file()
    assert output.startswith(f"Exported {YEAR}: ")
    assert output.strip().endswith(f"rows and 7 files to {archive}.")


@pytest.mark.django_db
def test_export_command_refuses_an_unknown_year(tmp_path):
    with pytest.raises(CommandError, match="There is no competition for 1999."):
        call_command("export_competition", "1999", str(tmp_path / "x.zip"))


@pytest.mark.django_db
def test_import_command_restores_and_reports(tmp_path, media_root, capsys):
    competition = build_year()
    archive = tmp_path / "kipp-2031.zip"
    export_competition(competition=competition, destination=archive)
    wipe_everything(media_root)

    call_command("import_competition", str(archive))

    assert capsys.readouterr().out.startswith(f"Restored {YEAR}: ")
    assert apps.get_model("competitions", "Competition").objects.get().year == YEAR


@pytest.mark.django_db
def test_backup_before_publication_writes_a_timestamped_archive(settings, tmp_path):
    settings.KIPP_BACKUP_DIR = tmp_path / "backups"
    competition = build_year()

    first = backup_before_publication(competition)
    second = backup_before_publication(competition)

    assert first.parent == settings.KIPP_BACKUP_DIR
    assert first.name.startswith(f"kipp-{YEAR}-pre-publication-")
    assert first.suffix == ".zip"
    assert first != second
    assert sorted(path.name for path in settings.KIPP_BACKUP_DIR.iterdir()) == sorted([first.name, second.name])
    assert manifest_of(first)["year"] == YEAR
    assert manifest_of(first)["counts"]["judging.publication"] == 1
    assert stat.S_IMODE(os.stat(settings.KIPP_BACKUP_DIR).st_mode) == 0o700


@pytest.mark.django_db
def test_backup_before_publication_defaults_to_var_backups(settings, tmp_path):
    del settings.KIPP_BACKUP_DIR
    settings.VAR_DIR = tmp_path
    competition = CompetitionFactory(year=YEAR)

    path = backup_before_publication(competition)

    assert path.parent == tmp_path / "backups"


@pytest.mark.django_db
def test_backup_round_trip_of_the_demo_year_2023(tmp_path, media_root):
    context = kipp_demo.load()
    for module_name in APP_DEMOS:
        if find_spec(module_name) is not None:
            context.update(import_module(module_name).load(context) or {})
    competition = apps.get_model("competitions", "Competition").objects.filter(year=2023).first()
    if competition is None:
        pytest.skip("the demo does not hold KIPP 2023 yet")
    rows, references = competition_archive_rows(competition)
    before = {label: table for label, table in snapshot().items() if table}
    files_before = stored_files(media_root)
    archive = tmp_path / "kipp-2023.zip"
    export_competition(competition=competition, destination=archive)
    for model, pks in rows.items():
        if model._meta.label_lower not in references:
            for chunk in [sorted(pks)[i : i + 500] for i in range(0, len(pks), 500)]:
                model._base_manager.filter(pk__in=chunk)._raw_delete(connection.alias)
    for name in manifest_of(archive)["files"]:
        (media_root / name["name"]).unlink()
    connection.check_constraints()

    import_competition(source=archive)

    connection.check_constraints()
    assert {label: table for label, table in snapshot().items() if table} == before
    assert stored_files(media_root) == files_before
    print(f"demo 2023 round trip: {sum(len(pks) for pks in rows.values())} rows, {len(files_before)} files compared")
