from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from competitions.enums import ChangeKind, Phase, RankingMethod, StageKind, default_word_limits


class Competition(models.Model):
    """One KIPP year: its timeline, eligibility rules, proposal limits and ranking rules."""

    year = models.PositiveSmallIntegerField(
        _("tahun"),
        unique=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        error_messages={"unique": _("Sudah ada kompetisi untuk tahun ini.")},
    )
    title = models.CharField(_("judul"), max_length=200)
    description = models.TextField(_("deskripsi singkat"), blank=True)
    rules = models.TextField(_("ketentuan"), blank=True)
    eligibility = models.TextField(_("siapa yang boleh mendaftar"), blank=True)
    how_to_submit = models.TextField(_("cara mendaftar"), blank=True)
    is_announced = models.BooleanField(
        _("diumumkan ke publik"), default=False, help_text=_("Halaman pengumuman terlihat oleh publik.")
    )
    submission_opens_at = models.DateTimeField(_("pendaftaran dibuka"))
    submission_closes_at = models.DateTimeField(_("pendaftaran ditutup"))
    revision_deadline = models.DateTimeField(
        _("batas perbaikan"),
        null=True,
        blank=True,
        help_text=_("Batas waktu mengirim ulang usulan yang dikembalikan untuk perbaikan."),
    )
    min_months_in_operation = models.PositiveSmallIntegerField(
        _("minimal bulan beroperasi"),
        default=12,
        help_text=_("Dihitung mundur dari penutupan pendaftaran."),
    )
    max_submissions_per_unit = models.PositiveSmallIntegerField(
        _("maksimal usulan per unit"), default=3, validators=[MinValueValidator(1)]
    )
    top_n = models.PositiveSmallIntegerField(
        _("jumlah pemenang (Top N)"), default=10, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    requires_parent_endorsement = models.BooleanField(
        _("perlu persetujuan unit induk"),
        default=False,
        help_text=_("Usulan unit layanan (sekolah, puskesmas) disetujui operator unit induknya dahulu."),
    )
    ranking_method = models.CharField(
        _("metode pemeringkatan"), max_length=10, choices=RankingMethod.choices, default=RankingMethod.RAW_MEAN
    )
    word_limits = models.JSONField(_("batas kata per bagian"), default=default_word_limits)
    signatory_name = models.CharField(_("nama penandatangan piagam"), max_length=150, blank=True)
    signatory_title = models.CharField(_("jabatan penandatangan"), max_length=200, blank=True)
    ceremony_date = models.DateField(_("tanggal penganugerahan"), null=True, blank=True)
    published_at = models.DateTimeField(_("diumumkan pada"), null=True, blank=True, editable=False)
    archived_at = models.DateTimeField(_("diarsipkan pada"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("kompetisi")
        verbose_name_plural = _("kompetisi")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(submission_closes_at__gt=models.F("submission_opens_at")),
                name="competition_window_in_order",
                violation_error_message=_("Penutupan pendaftaran harus setelah pembukaannya."),
            ),
        ]

    def __str__(self):
        return f"{self.title} {self.year}" if str(self.year) not in self.title else self.title

    def get_absolute_url(self):
        return reverse("competitions:settings", kwargs={"year": self.year})

    def phase_at(self, now=None) -> Phase:
        """The phase at `now`; reads `self.stages` (prefetch them when listing competitions)."""
        from competitions.phases import competition_phase

        return competition_phase(self, list(self.stages.all()), now or timezone.now())

    @property
    def phase(self) -> Phase:
        return self.phase_at()

    @property
    def is_submission_open(self) -> bool:
        return self.submission_opens_at <= timezone.now() < self.submission_closes_at


class Category(models.Model):
    """An optional cluster of submissions (e.g. "Umum", "Replikasi", "Unit layanan")."""

    competition = models.ForeignKey(
        Competition, on_delete=models.CASCADE, related_name="categories", verbose_name=_("kompetisi")
    )
    name = models.CharField(_("nama"), max_length=120)
    description = models.TextField(_("keterangan"), blank=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["competition", "order", "name"]
        verbose_name = _("kategori")
        verbose_name_plural = _("kategori")
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "name"],
                name="category_name_unique_per_competition",
                violation_error_message=_("Kategori dengan nama ini sudah ada."),
            )
        ]

    def __str__(self):
        return self.name


class AwardTier(models.Model):
    """A named band of places in the Top N (Malang 2023: 1-3 "Tiga Besar", 4-6 "Terbaik", 7-10 "Favorit")."""

    competition = models.ForeignKey(
        Competition, on_delete=models.CASCADE, related_name="award_tiers", verbose_name=_("kompetisi")
    )
    name = models.CharField(_("nama"), max_length=80)
    first_place = models.PositiveSmallIntegerField(_("dari peringkat"), validators=[MinValueValidator(1)])
    last_place = models.PositiveSmallIntegerField(_("sampai peringkat"), validators=[MinValueValidator(1)])

    history = HistoricalRecords()

    class Meta:
        ordering = ["competition", "first_place"]
        verbose_name = _("kategori penghargaan")
        verbose_name_plural = _("kategori penghargaan")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_place__gte=models.F("first_place")),
                name="award_tier_places_in_order",
                violation_error_message=_("Peringkat akhir tidak boleh lebih kecil dari peringkat awal."),
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.first_place}–{self.last_place})"


class Stage(models.Model):
    """One round of the competition: administrative screening, or a scoring round with its own jury."""

    competition = models.ForeignKey(
        Competition, on_delete=models.CASCADE, related_name="stages", verbose_name=_("kompetisi")
    )
    order = models.PositiveSmallIntegerField(_("urutan"))
    name = models.CharField(_("nama"), max_length=120)
    kind = models.CharField(_("jenis"), max_length=10, choices=StageKind.choices, default=StageKind.SCORING)
    description = models.TextField(_("keterangan"), blank=True)
    opens_at = models.DateTimeField(_("dibuka"))
    closes_at = models.DateTimeField(_("ditutup"))
    advance_count = models.PositiveIntegerField(
        _("jumlah yang lolos ke tahap berikutnya"),
        null=True,
        blank=True,
        help_text=_("Kosongkan pada tahap terakhir."),
    )
    weight = models.DecimalField(
        _("bobot pada nilai akhir (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    jurors_per_submission = models.PositiveSmallIntegerField(
        _("juri per usulan"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    scoring_started_at = models.DateTimeField(
        _("penilaian dimulai"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Diisi saat nilai pertama tersimpan; sejak itu kriteria dan bobot terkunci."),
    )
    closed_at = models.DateTimeField(_("ditutup panitia"), null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["competition", "order"]
        verbose_name = _("tahap")
        verbose_name_plural = _("tahap")
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "order"],
                name="stage_order_unique_per_competition",
                violation_error_message=_("Urutan tahap ini sudah dipakai."),
            ),
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="stage_window_in_order",
                violation_error_message=_("Penutupan tahap harus setelah pembukaannya."),
            ),
            models.CheckConstraint(
                condition=models.Q(weight__gte=0) & models.Q(weight__lte=100),
                name="stage_weight_in_range",
                violation_error_message=_("Bobot tahap harus antara 0 dan 100."),
            ),
        ]

    def __str__(self):
        return f"{self.order}. {self.name}"

    @property
    def is_scoring(self) -> bool:
        return self.kind == StageKind.SCORING

    def is_open_at(self, now) -> bool:
        """Open for work: inside its window and not closed by the committee."""
        return self.closed_at is None and self.opens_at <= now < self.closes_at

    def is_finished_at(self, now) -> bool:
        return self.closed_at is not None or now >= self.closes_at


class Criterion(models.Model):
    """A weighted scoring criterion of a scoring stage; a stage's weights add up to 100."""

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("tahap"))
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    name = models.CharField(_("nama"), max_length=150)
    guidance = models.TextField(_("panduan bagi juri"), blank=True)
    weight = models.DecimalField(
        _("bobot (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
    )
    max_score = models.PositiveSmallIntegerField(
        _("nilai maksimal"), default=100, validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["stage", "order", "pk"]
        verbose_name = _("kriteria")
        verbose_name_plural = _("kriteria")
        constraints = [
            models.UniqueConstraint(
                fields=["stage", "name"],
                name="criterion_name_unique_per_stage",
                violation_error_message=_("Kriteria dengan nama ini sudah ada pada tahap ini."),
            ),
            models.CheckConstraint(
                condition=models.Q(weight__gt=0) & models.Q(weight__lte=100),
                name="criterion_weight_in_range",
                violation_error_message=_("Bobot kriteria harus lebih dari 0 dan paling banyak 100."),
            ),
            models.CheckConstraint(
                condition=models.Q(max_score__gte=1),
                name="criterion_max_score_positive",
                violation_error_message=_("Nilai maksimal minimal 1."),
            ),
        ]

    def __str__(self):
        return self.name


class RubricLevel(models.Model):
    """A score range of a criterion and what earns it, shown to jurors beside the input."""

    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="rubric_levels", verbose_name=_("kriteria")
    )
    min_score = models.PositiveSmallIntegerField(_("nilai dari"))
    max_score = models.PositiveSmallIntegerField(_("nilai sampai"))
    label = models.CharField(_("label"), max_length=60)
    description = models.TextField(_("deskripsi"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["criterion", "min_score"]
        verbose_name = _("tingkat rubrik")
        verbose_name_plural = _("tingkat rubrik")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_score__gte=models.F("min_score")),
                name="rubric_level_range_in_order",
                violation_error_message=_("Batas atas rubrik tidak boleh lebih kecil dari batas bawah."),
            )
        ]

    def __str__(self):
        return f"{self.label} ({self.min_score}–{self.max_score})"


class AttachmentRequirement(models.Model):
    """A document every proposal must (or may) attach, e.g. the three statement letters of the national form."""

    competition = models.ForeignKey(
        Competition, on_delete=models.CASCADE, related_name="attachment_requirements", verbose_name=_("kompetisi")
    )
    code = models.SlugField(_("kode"), max_length=50)
    name = models.CharField(_("nama"), max_length=150)
    description = models.TextField(_("keterangan"), blank=True)
    is_required = models.BooleanField(_("wajib"), default=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["competition", "order", "pk"]
        verbose_name = _("dokumen wajib")
        verbose_name_plural = _("dokumen wajib")
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "code"],
                name="attachment_requirement_code_unique",
                violation_error_message=_("Kode dokumen ini sudah dipakai."),
            )
        ]

    def __str__(self):
        return self.name


class CompetitionChange(models.Model):
    """A visible log line of the committee's configuration changes; overrides of a scoring lock carry a reason."""

    competition = models.ForeignKey(
        Competition, on_delete=models.CASCADE, related_name="changes", verbose_name=_("kompetisi")
    )
    stage = models.ForeignKey(
        Stage, on_delete=models.SET_NULL, null=True, blank=True, related_name="changes", verbose_name=_("tahap")
    )
    kind = models.CharField(_("jenis perubahan"), max_length=12, choices=ChangeKind.choices)
    summary = models.TextField(_("ringkasan"))
    reason = models.TextField(_("alasan"), blank=True)
    is_lock_override = models.BooleanField(
        _("mengubah tahap yang sudah dinilai"),
        default=False,
        help_text=_("Perubahan kriteria atau bobot setelah nilai pertama tersimpan, dengan konfirmasi panitia."),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("oleh"),
    )
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("catatan perubahan")
        verbose_name_plural = _("catatan perubahan")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_lock_override=False) | ~models.Q(reason=""),
                name="competition_change_override_has_reason",
                violation_error_message=_("Perubahan tahap yang sudah dinilai wajib disertai alasan."),
            )
        ]

    def __str__(self):
        return f"{self.competition} · {self.get_kind_display()}"
