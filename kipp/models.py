from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kipp.enums import Role, UnitKind


class Unit(models.Model):
    """A government unit (OPD) or a service unit under it; the hierarchy drives conflicts and endorsement."""

    name = models.CharField(_("nama"), max_length=200, unique=True)
    short_name = models.CharField(_("nama singkat"), max_length=60, blank=True)
    kind = models.CharField(_("jenis"), max_length=20, choices=UnitKind.choices, default=UnitKind.DINAS)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("unit induk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("unit")
        verbose_name_plural = _("unit")

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        return self.short_name or self.name


class User(AbstractUser):
    """A person: operators and internal jurors belong to a unit; log-in by username or e-mail."""

    full_name = models.CharField(_("nama lengkap"), max_length=150, blank=True)
    title = models.CharField(_("jabatan / afiliasi"), max_length=200, blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    phone = models.CharField(_("telepon"), max_length=30, blank=True)

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="kipp_user_email_unique_ci",
                violation_error_message=_("Alamat e-mail ini sudah dipakai akun lain."),
            )
        ]

    def __str__(self):
        return self.get_full_name() or self.username

    def get_full_name(self):
        return self.full_name or super().get_full_name()

    @property
    def role_names(self) -> frozenset[str]:
        """Names of the user's role groups, read once per request object."""
        if not hasattr(self, "_role_names"):
            if not self.pk:
                self._role_names = frozenset()
            else:
                self._role_names = frozenset(self.groups.filter(name__in=Role.values).values_list("name", flat=True))
        return self._role_names
