from pathlib import Path

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

from kipp.backup import COMPETITION_MODEL, export_competition


class Command(BaseCommand):
    help = (
        "Write one competition year (all its rows, the units and users they refer to, their history, and every "
        "stored file) to a zip archive with a SHA-256 manifest. Restore it with import_competition."
    )

    def add_arguments(self, parser):
        parser.add_argument("year", type=int, help="the competition year, e.g. 2023")
        parser.add_argument("file", type=Path, help="where to write the archive (.zip)")
        parser.add_argument(
            "--include-passwords",
            action="store_true",
            help="keep the users' password hashes (by default restored accounts need a password reset)",
        )

    def handle(self, *args, year, file, include_passwords, **options):
        competition_model = apps.get_model(COMPETITION_MODEL)
        try:
            competition = competition_model._default_manager.get(year=year)
        except competition_model.DoesNotExist as exc:
            raise CommandError(f"There is no competition for {year}.") from exc
        if file.exists() and file.is_dir():
            raise CommandError(f"{file} is a folder; give the archive's file name.")
        summary = export_competition(competition=competition, destination=file, include_passwords=include_passwords)
        for name in summary.missing_files:
            self.stderr.write(self.style.WARNING(f"Stored file missing, not in the archive: {name}"))
        self.stdout.write(
            self.style.SUCCESS(f"Exported {year}: {summary.rows} rows and {summary.files} files to {summary.path}.")
        )
