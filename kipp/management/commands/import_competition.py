from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kipp.backup import BackupError, import_competition


class Command(BaseCommand):
    help = (
        "Verify a competition archive written by export_competition (every checksum of its manifest) and restore "
        "it into a database that does not hold that year. All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the archive (.zip) to restore")
        parser.add_argument("--dry-run", action="store_true", help="verify and rehearse the restore, keep nothing")

    def handle(self, *args, file, dry_run, **options):
        if not file.is_file():
            raise CommandError(f"{file} does not exist.")
        try:
            summary = import_competition(source=file, dry_run=dry_run)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        reused = sum(summary.reused.values())
        verb = "Would restore" if dry_run else "Restored"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {summary.year}: {summary.rows} rows and {summary.files} files"
                + (f" ({reused} units/users already present were kept)." if reused else ".")
            )
        )
