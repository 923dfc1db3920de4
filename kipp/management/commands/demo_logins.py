from django.core.management.base import BaseCommand

from kipp.demo import DEMO_PASSWORD, PEOPLE


class Command(BaseCommand):
    help = "Print the demo accounts and their password."

    def handle(self, *args, **options):
        self.stdout.write("")
        self.stdout.write("KIPP demo: open http://127.0.0.1:8000 and log in with one of these accounts")
        self.stdout.write(f"  password for every account: {DEMO_PASSWORD}")
        for username, full_name, _title, role, unit_name in PEOPLE:
            self.stdout.write(f"  {role:<10} {username:<24} {full_name}" + (f" ({unit_name})" if unit_name else ""))
        self.stdout.write(f"  {'admin':<10} {'admin':<24} Django admin at /admin/")
        self.stdout.write("")
