from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KippConfig(AppConfig):
    name = "kipp"
    verbose_name = _("KIPP: people and units")

    def ready(self):
        from kipp import login_protection  # noqa: F401 - registers the axes signal handlers
