from django.db import models
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    """Where a competition stands; derived from its dates and the explicit publish/archive steps."""

    DRAFT = "draft", _("Persiapan")
    OPEN = "open", _("Pendaftaran dibuka")
    SCREENING = "screening", _("Seleksi administrasi")
    JUDGING = "judging", _("Penilaian juri")
    RANKING = "ranking", _("Pemeringkatan")
    PUBLISHED = "published", _("Diumumkan")
    ARCHIVED = "archived", _("Diarsipkan")


class StageKind(models.TextChoices):
    SCREENING = "screening", _("Seleksi administrasi")
    SCORING = "scoring", _("Penilaian")


class RankingMethod(models.TextChoices):
    RAW_MEAN = "raw", _("Rata-rata nilai juri (mentah)")
    ZSCORE = "zscore", _("Normalisasi z-score per juri")
    TRIMMED_MEAN = "trimmed", _("Rata-rata terpangkas (5 juri atau lebih)")


# The proposal sections of the national KIPP 2023 form, in order, with their default word limits.
# A competition stores its own limits (Competition.word_limits); these are only the starting point.
PROPOSAL_SECTIONS = [
    ("summary", _("Ringkasan"), 200),
    ("background", _("Latar Belakang dan Tujuan"), 300),
    ("novelty", _("Kebaruan / Nilai Tambah"), 200),
    ("implementation", _("Implementasi Inovasi"), 200),
    ("significance", _("Signifikansi"), 600),
    ("adaptability_replicated", _("Adaptabilitas: sudah direplikasi oleh"), 100),
    ("adaptability_potential", _("Adaptabilitas: potensi replikasi"), 200),
    ("resources", _("Sumber Daya"), 200),
    ("sustainability", _("Strategi Keberlanjutan"), 500),
]


def default_word_limits() -> dict[str, int]:
    return {key: limit for key, _label, limit in PROPOSAL_SECTIONS}


class ChangeKind(models.TextChoices):
    """What a configuration log entry records."""

    CREATED = "created", _("Kompetisi dibuat")
    COPIED = "copied", _("Disalin dari tahun lain")
    SETTINGS = "settings", _("Pengaturan umum diubah")
    STAGES = "stages", _("Tahap diubah")
    CRITERIA = "criteria", _("Kriteria diubah")
    RUBRIC = "rubric", _("Rubrik diubah")
    CATEGORIES = "categories", _("Kategori diubah")
    TIERS = "tiers", _("Kategori penghargaan diubah")
    REQUIREMENTS = "requirements", _("Dokumen wajib diubah")
    ARCHIVED = "archived", _("Diarsipkan")
    RESTORED = "restored", _("Dipulihkan dari arsip")
