from django.db import models
from django.utils.translation import gettext_lazy as _


class ScorecardStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    FINAL = "final", _("Final")


class ConflictSource(models.TextChoices):
    DECLARED = "declared", _("Dinyatakan juri")
    COMMITTEE = "committee", _("Dicatat panitia")


class TieResolutionMethod(models.TextChoices):
    VOTE = "vote", _("Pemungutan suara panitia")
    LOTS = "lots", _("Undian")
