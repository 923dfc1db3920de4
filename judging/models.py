from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from competitions.enums import RankingMethod
from competitions.models import Competition, Criterion, Stage
from judging.enums import ConflictSource, ScorecardStatus, TieResolutionMethod
from kipp.models import Unit
from submissions.models import Submission


class JuryMember(models.Model):
    """A juror serving on one scoring stage's panel; jurors see only the stages they serve in."""

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="jury_members", verbose_name=_("tahap"))
    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="jury_memberships", verbose_name=_("juri")
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["stage", "juror__full_name", "juror__username"]
        verbose_name = _("anggota juri")
        verbose_name_plural = _("anggota juri")
        constraints = [
            models.UniqueConstraint(
                fields=["stage", "juror"],
                name="jury_member_unique",
                violation_error_message=_("Juri ini sudah menjadi anggota panel tahap ini."),
            )
        ]

    def __str__(self):
        return f"{self.juror} @ {self.stage}"


class ConflictOfInterest(models.Model):
    """A recorded conflict: declared by the juror or recorded by the committee, on a submission or a unit.

    Conflicts that follow from the unit hierarchy (the juror's own unit, its parents and children) are
    derived at every check and are not stored here.
    """

    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conflicts", verbose_name=_("juri")
    )
    submission = models.ForeignKey(
        Submission,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="conflicts",
        verbose_name=_("usulan"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, null=True, blank=True, related_name="conflicts", verbose_name=_("unit")
    )
    reason = models.TextField(_("alasan"))
    source = models.CharField(_("sumber"), max_length=10, choices=ConflictSource.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("konflik kepentingan")
        verbose_name_plural = _("konflik kepentingan")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(submission__isnull=False) | models.Q(unit__isnull=False),
                name="conflict_has_target",
                violation_error_message=_("Konflik harus terkait usulan atau unit."),
            )
        ]

    def __str__(self):
        return f"{self.juror} ≠ {self.submission or self.unit}"


class Assignment(models.Model):
    """A juror asked to score one submission in one stage; voided (never deleted) when a conflict appears."""

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("tahap"))
    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("usulan")
    )
    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("juri")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    voided_at = models.DateTimeField(_("dibatalkan pada"), null=True, blank=True)
    void_reason = models.TextField(_("alasan pembatalan"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["stage", "submission", "juror"]
        verbose_name = _("penugasan")
        verbose_name_plural = _("penugasan")
        constraints = [
            models.UniqueConstraint(
                fields=["stage", "submission", "juror"],
                name="assignment_unique",
                violation_error_message=_("Juri ini sudah ditugaskan pada usulan ini."),
            )
        ]
        indexes = [models.Index(fields=["juror", "stage"])]

    def __str__(self):
        return f"{self.juror} → {self.submission} ({self.stage})"

    @property
    def is_active(self) -> bool:
        return self.voided_at is None


class Scorecard(models.Model):
    """A juror's scores for one assignment: a draft until submitted final; reopened only by the committee."""

    assignment = models.OneToOneField(
        Assignment, on_delete=models.CASCADE, related_name="scorecard", verbose_name=_("penugasan")
    )
    status = models.CharField(
        _("status"), max_length=8, choices=ScorecardStatus.choices, default=ScorecardStatus.DRAFT, db_index=True
    )
    overall_note = models.TextField(_("catatan umum"), blank=True)
    submitted_at = models.DateTimeField(_("dikirim final pada"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    # The committee's last reopening of a final scorecard, shown to the juror (the history keeps every one).
    reopened_at = models.DateTimeField(_("dibuka kembali pada"), null=True, blank=True, editable=False)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    reopen_reason = models.TextField(_("alasan dibuka kembali"), blank=True)
    # The juror's total in ten-thousandths (judging.totals), stored when the scorecard is sent final so the
    # ranking reads one number per scorecard instead of summing its scores. Database triggers empty it
    # whenever one of its scores or its stage's criterion weights or max scores change, by any path
    # (migration 0004; a migration that rebuilds the score or criterion table on SQLite must create them
    # again, and tests/judging/test_stored_totals.py fails until it does): when set, it is always the sum of
    # the scores as they are.
    total_e4 = models.BigIntegerField(_("total (per sepuluh ribu)"), null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lembar nilai")
        verbose_name_plural = _("lembar nilai")

    def __str__(self):
        return f"{self.assignment} [{self.status}]"

    # Written again by kipp.backup after an import: loading the scores emptied it (the triggers).
    restored_after_load = ("total_e4",)

    def save(self, *args, **kwargs):
        """Save, never writing back a stored total this instance may hold from before its scores changed.

        A set `total_e4` is written only on insert or when `update_fields` names it (the scoring service
        writes it with an UPDATE after the scores); emptying it is always safe and is written.
        """
        if not self._state.adding and kwargs.get("update_fields") is None and self.total_e4 is not None:
            kwargs["update_fields"] = [
                field.name for field in self._meta.concrete_fields if not field.primary_key and field.name != "total_e4"
            ]
        return super().save(*args, **kwargs)


class Score(models.Model):
    """One criterion's score on a scorecard; the upper bound (the criterion's maximum) is checked by the service.

    `value` is empty only on a draft whose juror wrote a comment before choosing a score (nothing typed is
    lost); a final scorecard has a value for every criterion of its stage.
    """

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    value = models.DecimalField(_("nilai"), max_digits=6, decimal_places=2, null=True, blank=True)
    comment = models.TextField(_("komentar"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["scorecard", "criterion__order"]
        verbose_name = _("nilai")
        verbose_name_plural = _("nilai")
        constraints = [
            models.UniqueConstraint(
                fields=["scorecard", "criterion"],
                name="score_unique_per_criterion",
                violation_error_message=_("Kriteria ini sudah dinilai pada lembar ini."),
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=0) & models.Q(value__lte=1000),
                name="score_value_in_range",
                violation_error_message=_("Nilai harus antara 0 dan nilai maksimal kriteria."),
            ),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.value}"


class JurorReminder(models.Model):
    """One reminder e-mail sent to a juror about a stage's unfinished scorecards: at most one a day."""

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="juror_reminders", verbose_name=_("tahap"))
    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="juror_reminders", verbose_name=_("juri")
    )
    sent_on = models.DateField(_("tanggal kirim"))
    unfinished_count = models.PositiveIntegerField(_("lembar nilai belum final"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_on", "stage", "juror"]
        verbose_name = _("pengingat juri")
        verbose_name_plural = _("pengingat juri")
        constraints = [
            models.UniqueConstraint(
                fields=["stage", "juror", "sent_on"],
                name="juror_reminder_once_a_day",
                violation_error_message=_("Pengingat untuk juri ini sudah dikirim hari ini."),
            )
        ]

    def __str__(self):
        return f"{self.juror} @ {self.stage} ({self.sent_on})"


class StageAdvancement(models.Model):
    """The committee's confirmed decision, at a stage's close, that a submission goes on to the next stage."""

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="advancements")
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="advancements")
    stage_score = models.DecimalField(max_digits=9, decimal_places=4, null=True, blank=True)
    advanced = models.BooleanField(default=True)
    overridden = models.BooleanField(_("keputusan panitia menyimpang dari peringkat"), default=False)
    reason = models.TextField(_("alasan"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["stage", "-stage_score"]
        verbose_name = _("kelulusan tahap")
        verbose_name_plural = _("kelulusan tahap")
        constraints = [models.UniqueConstraint(fields=["stage", "submission"], name="stage_advancement_unique")]

    def __str__(self):
        return f"{self.submission} @ {self.stage}"


class TieResolution(models.Model):
    """A recorded committee vote or draw of lots that orders submissions still tied after every tie-break."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="tie_resolutions")
    method = models.CharField(_("cara"), max_length=5, choices=TieResolutionMethod.choices)
    ordered_submission_ids = models.JSONField(_("urutan hasil"))
    note = models.TextField(_("berita acara"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["competition", "decided_at"]
        verbose_name = _("penyelesaian nilai sama")
        verbose_name_plural = _("penyelesaian nilai sama")

    def __str__(self):
        return f"{self.competition} ({self.get_method_display()})"


class Publication(models.Model):
    """A frozen snapshot of the Top N; public pages read only this, never live scores."""

    competition = models.ForeignKey(Competition, on_delete=models.PROTECT, related_name="publications")
    version = models.PositiveSmallIntegerField(_("versi"))
    method = models.CharField(_("metode"), max_length=10, choices=RankingMethod.choices)
    methodology = models.TextField(_("catatan metodologi"))
    fingerprint = models.CharField(_("sidik SHA-256"), max_length=64)
    snapshot = models.JSONField(_("cuplikan"), help_text=_("The exact data the fingerprint covers."))
    override_note = models.TextField(_("catatan pengecualian"), blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    published_at = models.DateTimeField(_("diumumkan pada"), auto_now_add=True)
    unpublished_at = models.DateTimeField(_("ditarik pada"), null=True, blank=True)
    unpublished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    unpublish_reason = models.TextField(_("alasan penarikan"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["competition", "-version"]
        verbose_name = _("pengumuman hasil")
        verbose_name_plural = _("pengumuman hasil")
        constraints = [
            models.UniqueConstraint(fields=["competition", "version"], name="publication_version_unique"),
        ]

    def __str__(self):
        return f"{self.competition} v{self.version}"


class PublishedEntry(models.Model):
    """One place of a publication, copied as it was at publication time."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="entries")
    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="published_entries")
    rank = models.PositiveSmallIntegerField(_("peringkat"))
    tier_name = models.CharField(_("kategori penghargaan"), max_length=80, blank=True)
    score = models.DecimalField(_("nilai akhir"), max_digits=9, decimal_places=4)
    innovation_name = models.CharField(_("nama inovasi"), max_length=200)
    acronym_meaning = models.CharField(_("kepanjangan"), max_length=300, blank=True)
    unit_name = models.CharField(_("unit"), max_length=200)
    unit_kind = models.CharField(_("jenis unit"), max_length=20, blank=True)
    category_name = models.CharField(_("kategori"), max_length=120, blank=True)
    summary = models.TextField(_("ringkasan"), blank=True)

    class Meta:
        ordering = ["publication", "rank", "innovation_name"]
        verbose_name = _("peringkat yang diumumkan")
        verbose_name_plural = _("peringkat yang diumumkan")
        constraints = [
            models.UniqueConstraint(fields=["publication", "submission"], name="published_entry_unique"),
        ]

    def __str__(self):
        return f"{self.rank}. {self.innovation_name}"
