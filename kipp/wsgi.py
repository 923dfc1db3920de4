"""WSGI entry point for gunicorn: gunicorn kipp.wsgi."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kipp.settings")
application = get_wsgi_application()
