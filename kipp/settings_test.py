"""Test settings: the real settings plus a fast hasher, in-memory e-mail and a throwaway media folder."""

import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from kipp.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="kipp-test-media-"))
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
WHITENOISE_USE_FINDERS = True

# With Redis (REDIS_URL, as .ci/run's cache pass sets it) parallel test workers each use their own Redis
# database: cache.clear() flushes a whole database, and one worker would empty what another is testing.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if REDIS_URL and _WORKER.startswith("gw"):  # noqa: F405
    _parts = urlsplit(REDIS_URL)  # noqa: F405
    _database = (int(_parts.path.lstrip("/") or 0) - int(_WORKER[2:])) % 16
    CACHES["default"]["LOCATION"] = urlunsplit(_parts._replace(path=f"/{_database}"))  # noqa: F405
