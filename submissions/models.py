import os
import uuid

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from competitions.models import AttachmentRequirement, Category, Competition, Stage
from kipp.models import Unit
from submissions.enums import SDG_CHOICES, AttachmentKind, ScreeningDecision, SubmissionStatus


class SubmissionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Scope by user so an id in a URL can never reach another unit's data.

        The committee sees every submission; an operator sees its own unit's, plus those of the units
        directly under it that await its endorsement or were sent on; a juror sees the submissions
        assigned to it (not voided). Everyone else sees nothing.
        """
        from kipp.rules import is_committee, is_juror, is_operator

        if is_committee(user):
            return self
        query = models.Q(pk__in=[])
        if is_operator(user):
            query |= models.Q(unit_id=user.unit_id)
            query |= models.Q(unit__parent_id=user.unit_id, competition__requires_parent_endorsement=True) & ~models.Q(
                status__in=[SubmissionStatus.DRAFT, SubmissionStatus.WITHDRAWN]
            )
        if is_juror(user):
            # Looked up by name: judging sits above this app and is never imported from here.
            assignment_model = apps.get_model("judging", "Assignment")
            assigned = assignment_model.objects.filter(juror=user, voided_at__isnull=True)
            query |= models.Q(pk__in=assigned.values("submission_id"))
        return self.filter(query)


class Submission(models.Model):
    """A unit's innovation proposal for one competition, following the national KIPP proposal form."""

    competition = models.ForeignKey(
        Competition, on_delete=models.PROTECT, related_name="submissions", verbose_name=_("kompetisi")
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="submissions", verbose_name=_("unit"))
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="submissions",
        verbose_name=_("kategori"),
    )
    name = models.CharField(_("nama inovasi"), max_length=200)
    acronym_meaning = models.CharField(_("kepanjangan nama inovasi"), max_length=300, blank=True)
    # Proposal sections, in the order of the national KIPP 2023 form (competitions.enums.PROPOSAL_SECTIONS).
    summary = models.TextField(_("ringkasan"), blank=True)
    background = models.TextField(_("latar belakang dan tujuan"), blank=True)
    novelty = models.TextField(_("kebaruan / nilai tambah"), blank=True)
    implementation = models.TextField(_("implementasi inovasi"), blank=True)
    significance = models.TextField(_("signifikansi"), blank=True)
    adaptability_replicated = models.TextField(_("sudah direplikasi oleh"), blank=True)
    adaptability_potential = models.TextField(_("potensi replikasi"), blank=True)
    resources = models.TextField(_("sumber daya"), blank=True)
    sustainability = models.TextField(_("strategi keberlanjutan"), blank=True)
    started_on = models.DateField(_("mulai beroperasi"), null=True, blank=True)
    sdgs = models.JSONField(_("tujuan SDGs"), default=list, blank=True)
    is_application = models.BooleanField(_("berupa aplikasi"), default=False)
    application_url = models.URLField(_("alamat aplikasi"), blank=True)
    video_url = models.URLField(_("tautan video (maks. 3 menit)"), blank=True)
    innovators = models.TextField(_("inovator / tim"), blank=True)
    contact_name = models.CharField(_("nama narahubung"), max_length=150, blank=True)
    contact_phone = models.CharField(_("telepon narahubung"), max_length=30, blank=True)
    contact_email = models.EmailField(_("e-mail narahubung"), blank=True)

    status = models.CharField(
        _("status"), max_length=24, choices=SubmissionStatus.choices, default=SubmissionStatus.DRAFT, db_index=True
    )
    stage = models.ForeignKey(
        Stage,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="submissions",
        verbose_name=_("tahap terakhir yang dicapai"),
        help_text=_("Diisi saat lolos seleksi (tahap penilaian pertama) dan saat maju ke tahap berikutnya."),
    )
    screening_note = models.TextField(_("catatan seleksi"), blank=True)
    version = models.PositiveIntegerField(
        default=1, editable=False, help_text=_("Naik setiap kali disimpan; mencegah saling menimpa.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("dikirim pada"), null=True, blank=True, editable=False)
    endorsed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    endorsed_at = models.DateTimeField(_("disetujui unit induk pada"), null=True, blank=True, editable=False)

    objects = SubmissionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["competition", "unit__name", "name"]
        verbose_name = _("usulan inovasi")
        verbose_name_plural = _("usulan inovasi")
        constraints = [
            models.UniqueConstraint(
                "competition",
                Lower("name"),
                name="submission_name_unique_per_competition",
                violation_error_message=_("Sudah ada inovasi dengan nama ini pada kompetisi ini."),
            )
        ]
        indexes = [
            # Covers the ranking's read of every proposal in the running (judging.ranking.ranking_data): the
            # index alone answers it, without visiting the wide rows of proposal text.
            models.Index(
                fields=["competition", "status", "stage", "unit", "category", "name", "acronym_meaning", "id"],
                name="submission_ranking_cover",
            ),
            models.Index(fields=["unit", "competition"]),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("submissions:detail", kwargs={"pk": self.pk})

    @property
    def sdg_labels(self) -> list[str]:
        labels = dict(SDG_CHOICES)
        return [labels[goal] for goal in self.sdgs or [] if goal in labels]


def attachment_upload_to(instance, filename):
    """Store under a random name, never the user's: the original name is kept in a field."""
    extension = os.path.splitext(filename)[1].lower()[:8]
    return f"attachments/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}{extension}"


class Attachment(models.Model):
    """A checked file of a submission: re-encoded photo or content-checked PDF, stored privately."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("usulan")
    )
    kind = models.CharField(_("jenis"), max_length=12, choices=AttachmentKind.choices)
    requirement = models.ForeignKey(
        AttachmentRequirement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("dokumen wajib"),
    )
    file = models.FileField(_("berkas"), upload_to=attachment_upload_to, max_length=200)
    original_name = models.CharField(_("nama asli"), max_length=200)
    content_type = models.CharField(_("tipe"), max_length=100)
    size = models.PositiveBigIntegerField(_("ukuran (byte)"))
    sha256 = models.CharField(max_length=64, editable=False)
    caption = models.CharField(_("keterangan"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["submission", "kind", "created_at", "pk"]
        verbose_name = _("lampiran")
        verbose_name_plural = _("lampiran")

    def __str__(self):
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.kind == AttachmentKind.PHOTO


class SubmissionEvent(models.Model):
    """One status change of a submission: who, when, from, to and why."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    from_status = models.CharField(_("dari"), max_length=24, choices=SubmissionStatus.choices, blank=True)
    to_status = models.CharField(_("menjadi"), max_length=24, choices=SubmissionStatus.choices)
    reason = models.TextField(_("alasan / catatan"), blank=True)
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["submission", "created_at", "pk"]
        verbose_name = _("riwayat status")
        verbose_name_plural = _("riwayat status")

    def __str__(self):
        return f"{self.submission_id}: {self.from_status} → {self.to_status}"


class Screening(models.Model):
    """The committee's administrative-screening decision on a submitted proposal (one row per decision)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="screenings")
    decision = models.CharField(_("keputusan"), max_length=12, choices=ScreeningDecision.choices)
    note = models.TextField(_("alasan / catatan"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    decided_at = models.DateTimeField(_("diputuskan pada"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["submission", "decided_at", "pk"]
        verbose_name = _("keputusan seleksi")
        verbose_name_plural = _("keputusan seleksi")

    def __str__(self):
        return f"{self.submission_id}: {self.decision}"
