from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    SEKRETARIAT = "sekretariat", _("Sekretariat")
    DINAS = "dinas", _("Dinas")
    BADAN = "badan", _("Badan")
    BAGIAN = "bagian", _("Bagian")
    SATUAN = "satuan", _("Satuan")
    KECAMATAN = "kecamatan", _("Kecamatan")
    KELURAHAN = "kelurahan", _("Kelurahan")
    PUSKESMAS = "puskesmas", _("Puskesmas")
    SEKOLAH = "sekolah", _("Sekolah")
    RSUD = "rsud", _("RSUD")
    UPT = "upt", _("UPT")
    BUMD = "bumd", _("BUMD")
    LAINNYA = "lainnya", _("Lainnya")


class Role(models.TextChoices):
    """The three roles; each is a Django group of the same name."""

    OPERATOR = "operator", _("Operator OPD")
    JUROR = "juror", _("Juri")
    COMMITTEE = "committee", _("Panitia")
