from django.db import models
from django.utils.translation import gettext_lazy as _


class SubmissionStatus(models.TextChoices):
    """draft → (awaiting_endorsement →) submitted → (returned → submitted) → eligible | ineligible
    → finalist → winner; withdrawn from draft/submitted/returned by the unit itself."""

    DRAFT = "draft", _("Draf")
    AWAITING_ENDORSEMENT = "awaiting_endorsement", _("Menunggu persetujuan unit induk")
    SUBMITTED = "submitted", _("Terkirim")
    RETURNED = "returned", _("Dikembalikan untuk perbaikan")
    ELIGIBLE = "eligible", _("Lolos seleksi administrasi")
    INELIGIBLE = "ineligible", _("Tidak lolos seleksi administrasi")
    WITHDRAWN = "withdrawn", _("Ditarik")
    FINALIST = "finalist", _("Finalis")
    WINNER = "winner", _("Pemenang")


class AttachmentKind(models.TextChoices):
    PHOTO = "photo", _("Foto")
    DOCUMENT = "document", _("Dokumen (PDF)")
    STATEMENT = "statement", _("Surat pernyataan (PDF)")


class ScreeningDecision(models.TextChoices):
    ELIGIBLE = "eligible", _("Lolos")
    INELIGIBLE = "ineligible", _("Tidak lolos")
    RETURNED = "returned", _("Dikembalikan untuk perbaikan")


# The 17 Sustainable Development Goals, as named in Indonesian government documents.
SDG_CHOICES = [
    (1, _("1. Tanpa Kemiskinan")),
    (2, _("2. Tanpa Kelaparan")),
    (3, _("3. Kehidupan Sehat dan Sejahtera")),
    (4, _("4. Pendidikan Berkualitas")),
    (5, _("5. Kesetaraan Gender")),
    (6, _("6. Air Bersih dan Sanitasi Layak")),
    (7, _("7. Energi Bersih dan Terjangkau")),
    (8, _("8. Pekerjaan Layak dan Pertumbuhan Ekonomi")),
    (9, _("9. Industri, Inovasi dan Infrastruktur")),
    (10, _("10. Berkurangnya Kesenjangan")),
    (11, _("11. Kota dan Permukiman yang Berkelanjutan")),
    (12, _("12. Konsumsi dan Produksi yang Bertanggung Jawab")),
    (13, _("13. Penanganan Perubahan Iklim")),
    (14, _("14. Ekosistem Lautan")),
    (15, _("15. Ekosistem Daratan")),
    (16, _("16. Perdamaian, Keadilan dan Kelembagaan yang Tangguh")),
    (17, _("17. Kemitraan untuk Mencapai Tujuan")),
]
