from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from kipp import demo as kipp_demo

# Each app contributes its part of the demo, in dependency order; each part is idempotent.
APP_DEMOS = ["competitions.demo", "submissions.demo", "judging.demo_jury", "judging.demo"]


class Command(BaseCommand):
    help = "Load the Kota Malang demo: units, accounts, KIPP 2023 (published) and KIPP 2026 (in progress)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("load_demo only runs with DEBUG on: it creates accounts with a known password.")
        with transaction.atomic():
            context = kipp_demo.load()
            for module_name in APP_DEMOS:
                if find_spec(module_name) is not None:
                    context.update(import_module(module_name).load(context) or {})
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
