"""`manage.py benchmark`: rank a synthetic competition at city, national or huge scale in a throwaway database.

The data never touches the configured database: each scale runs in a fresh test database made by
Django's own test machinery (a temporary file on SQLite, `test_<name>_benchmark` on PostgreSQL) and
dropped afterwards, even on failure. Progress goes to stderr; the result is one JSON object on stdout
(and in `--out FILE`). docs/BENCHMARKS.md explains every number.
"""

import contextlib
import json
import sys
import tempfile
import time
import warnings
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import override_settings
from django.utils import timezone

from judging import benchmark


class Command(BaseCommand):
    help = "Build a synthetic competition in a throwaway database and measure the ranking and the pages."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            action="append",
            choices=sorted(benchmark.SCALES),
            help="city (50), national (5,000) or huge (50,000) submissions; repeat for several.",
        )
        parser.add_argument(
            "--submissions", action="append", type=int, default=[], help="A custom scale of this many submissions."
        )
        parser.add_argument("--repeat", type=int, default=5, help="Timed runs per measurement (median reported).")
        parser.add_argument("--out", help="Also write the JSON to this file.")
        parser.add_argument(
            "--profile",
            metavar="FILE",
            help="Also run the ranking once under cProfile and save the stats (one file per scale: FILE.<scale>).",
        )
        parser.add_argument(
            "--pg-jit",
            choices=["on", "off", "compare"],
            help="PostgreSQL only: run with JIT on or off (the app's connections use off), or measure the "
            "ranking and the floor with both, alternating (adds jit_comparison to the JSON).",
        )

    def handle(self, *args, **options):
        if options["repeat"] < 1:
            raise CommandError("--repeat must be at least 1.")
        scales = [(name, benchmark.SCALES[name]) for name in options["scale"] or []]
        for count in options["submissions"]:
            if count < 1:
                raise CommandError("--submissions must be at least 1.")
            scales.append((f"custom-{count}", count))
        if not scales:
            scales = [("city", benchmark.SCALES["city"])]
        if options["pg_jit"] and connection.vendor != "postgresql":
            raise CommandError("--pg-jit needs PostgreSQL (set DATABASE_URL).")

        started = time.perf_counter()
        progress = benchmark.progress_to_stderr(started)
        report = {
            "generated_at": timezone.now().isoformat(timespec="seconds"),
            "machine": benchmark.machine_info(),
            "scales": {},
        }
        for name, count in scales:
            progress(f"scale {name}: {count:,} submissions")
            scale_started = time.perf_counter()
            profile = f"{options['profile']}.{name}" if options["profile"] else None
            report["scales"][name] = self.run_in_throwaway_database(count, options, progress, profile)
            report["scales"][name]["total_s"] = round(time.perf_counter() - scale_started, 1)
            progress(f"scale {name} done in {report['scales'][name]['total_s']} s")

        text = json.dumps(report, indent=2, ensure_ascii=False)
        if options["out"]:
            Path(options["out"]).write_text(text + "\n", encoding="utf-8")
            progress(f"written to {options['out']}")
        self.stdout.write(text)

    def run_in_throwaway_database(self, count: int, options: dict, progress, profile: str | None) -> dict:
        """Create a fresh test database, build and measure in it, and always drop it afterwards."""
        settings_dict = connection.settings_dict
        test_settings = settings_dict.setdefault("TEST", {})
        saved_test_name = test_settings.get("NAME")
        saved_options = dict(settings_dict.get("OPTIONS", {}))
        with tempfile.TemporaryDirectory(prefix="kipp-benchmark-") as folder:
            if connection.vendor == "sqlite":
                test_settings["NAME"] = str(Path(folder) / "benchmark.sqlite3")
            else:
                test_settings["NAME"] = f"test_{settings_dict['NAME']}_benchmark"
            if options["pg_jit"] in ("on", "off"):
                settings_dict.setdefault("OPTIONS", {})["options"] = f"-c jit={options['pg_jit']}"
            connection.close()
            progress(f"  creating the throwaway database {test_settings['NAME']}")
            # createcachetable reports on stdout, which must carry nothing but the JSON.
            with contextlib.redirect_stdout(sys.stderr):
                old_name = connection.creation.create_test_db(
                    verbosity=0, autoclobber=True, keepdb=False, serialize=False
                )
            try:
                with override_settings(**self.measurement_settings()), warnings.catch_warnings():
                    # WhiteNoise warns that STATIC_ROOT is empty; pages are requested without their assets.
                    warnings.filterwarnings("ignore", message="No directory at", module="django.core.handlers.base")
                    return benchmark.run_scale(
                        submissions=count,
                        repeat=options["repeat"],
                        progress=progress,
                        profile=profile,
                        compare_jit=options["pg_jit"] == "compare",
                    )
            finally:
                progress("  dropping the throwaway database")
                connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=False)
                test_settings["NAME"] = saved_test_name
                settings_dict["OPTIONS"] = saved_options

    @staticmethod
    def measurement_settings() -> dict:
        """Production-like rendering (DEBUG off), the test client's host, no e-mail, the cache in the throwaway DB."""
        return {
            "DEBUG": False,
            "ALLOWED_HOSTS": [*settings.ALLOWED_HOSTS, "testserver"],
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "STORAGES": {
                **settings.STORAGES,
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            },
            "CACHES": {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "kipp_cache"}},
        }
