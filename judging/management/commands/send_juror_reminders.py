"""E-mail jurors who still have unfinished scorecards in a stage that closes soon."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from judging.services.jury import juror_reminders_send


class Command(BaseCommand):
    help = (
        "E-mail a reminder (in Indonesian) to every juror who still has scorecards that are not final in a "
        "scoring stage that is open now and closes within --days days (default 3). A scorecard counts as "
        "unfinished when its assignment is active, not conflicted, and it was never submitted final. Each "
        "juror gets at most one reminder per stage per day, so the command is safe to run more than once a "
        "day. Links in the e-mail start with --site-url (default: the KIPP_SITE_URL setting, else "
        "http://localhost:8000). Run it daily from cron, e.g. "
        "'0 7 * * * cd /srv/kipp && .venv/bin/python manage.py send_juror_reminders --days 3'."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=3,
            help="Remind about stages that close within this many days (default 3).",
        )
        parser.add_argument(
            "--site-url",
            default=getattr(settings, "KIPP_SITE_URL", "") or "http://localhost:8000",
            help="Address the links in the e-mail start with, e.g. https://kipp.malangkota.go.id.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="List who would be reminded; send and record nothing."
        )

    def handle(self, *args, days, site_url, dry_run, **options):
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        sent = juror_reminders_send(days=days, site_url=site_url, dry_run=dry_run)
        for reminder in sent:
            self.stdout.write(
                f"{'would remind' if dry_run else 'reminded'} {reminder.juror.email} "
                f"({reminder.count} unfinished) for stage {reminder.stage.pk} {reminder.stage.name}"
            )
        verb = "Would send" if dry_run else "Sent"
        self.stdout.write(self.style.SUCCESS(f"{verb} {len(sent)} reminder(s)."))
