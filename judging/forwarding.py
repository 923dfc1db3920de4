"""Forwarding the winners: each proposal laid out in the national KIPP form's section order, ready to enter
in the provincial (KOVABLIK) and national (SINOVIK) competitions; one PDF each and one ZIP of all (with the
attachments, byte for byte).
"""

from __future__ import annotations

import io
import logging
import zipfile
from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import get_valid_filename, slugify
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from competitions.models import Competition
from judging.models import Publication, PublishedEntry
from kipp.templatetags.kipp_format import wib
from submissions.models import Attachment, Submission
from submissions.proposal import count_words, proposal_sections

logger = logging.getLogger("kipp.forwarding")

# The national form groups the two adaptability questions under one aspect.
ASPECTS = [
    ("summary", _("Ringkasan")),
    ("background", _("Latar Belakang dan Tujuan")),
    ("novelty", _("Kebaruan / Nilai Tambah")),
    ("implementation", _("Implementasi Inovasi")),
    ("significance", _("Signifikansi")),
    ("adaptability", _("Adaptabilitas")),
    ("resources", _("Sumber Daya")),
    ("sustainability", _("Strategi Keberlanjutan")),
]


@dataclass
class Winner:
    entry: PublishedEntry
    submission: Submission

    @property
    def slug(self) -> str:
        return f"{self.entry.rank:02d}-{slugify(self.entry.innovation_name)[:50] or 'inovasi'}"


def winners(publication: Publication) -> list[Winner]:
    """The publication's places with their submissions, units, categories and attachments (three queries)."""
    entries = list(
        PublishedEntry.objects.filter(publication=publication)
        .select_related("submission__unit", "submission__category", "submission__competition")
        .prefetch_related(
            Prefetch(
                "submission__attachments",
                queryset=Attachment.objects.select_related("requirement").order_by("kind", "created_at", "pk"),
            )
        )
        .order_by("rank", "innovation_name")
    )
    return [Winner(entry=entry, submission=entry.submission) for entry in entries]


def _text(value) -> str:
    return escape(str(value or "")).replace("\n", "<br/>")


def forwarding_pdf(*, winner: Winner, competition: Competition) -> bytes:
    with translation.override("id"):
        return _render(winner, competition)


def _render(winner: Winner, competition: Competition) -> bytes:
    submission = winner.submission
    entry = winner.entry
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=2.2 * cm,
        rightMargin=2.2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
        title=_("Proposal %(name)s") % {"name": submission.name},
        author=submission.unit.name,
        subject=_("Proposal KIPP (format formulir nasional)"),
    )
    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontSize=10.5, leading=15)
    small = ParagraphStyle("small", parent=body, fontSize=8.5, leading=11, textColor=colors.HexColor("#555555"))
    heading = ParagraphStyle("heading", parent=styles["Heading2"], fontSize=13, spaceBefore=12, spaceAfter=3)
    subheading = ParagraphStyle("subheading", parent=styles["Heading3"], fontSize=11, spaceBefore=6, spaceAfter=2)
    title = ParagraphStyle("title", parent=styles["Title"], fontSize=19, leading=23)
    place = _("Peringkat %(rank)d") % {"rank": entry.rank}
    if entry.tier_name:
        place += f" ({entry.tier_name})"
    story = [
        Paragraph(_text(_("Proposal Inovasi Pelayanan Publik — format formulir KIPP nasional")), small),
        Paragraph(_text(submission.name), title),
    ]
    if submission.acronym_meaning:
        story.append(Paragraph(_text(submission.acronym_meaning), ParagraphStyle("sub", parent=body, alignment=1)))
    story.append(Spacer(1, 0.3 * cm))
    identity = [
        (_("Unit pengusul"), submission.unit.name),
        (_("Hasil KIPP Kota Malang"), f"{place} — {competition.title}"),
        (_("Kategori"), submission.category.name if submission.category else "—"),
        (
            _("Mulai diterapkan"),
            date_format(submission.started_on, "j F Y") if submission.started_on else "—",
        ),
        (_("Tujuan SDGs"), ", ".join(str(label) for label in submission.sdg_labels) or "—"),
        (
            _("Inovasi berbentuk aplikasi"),
            (submission.application_url or _("Ya")) if submission.is_application else _("Tidak"),
        ),
        (_("Tautan video (maks. 3 menit)"), submission.video_url or "—"),
        (_("Inovator / tim"), submission.innovators or "—"),
        (
            _("Narahubung"),
            " · ".join(v for v in (submission.contact_name, submission.contact_phone, submission.contact_email) if v)
            or "—",
        ),
    ]
    table = Table(
        [[Paragraph(_text(label), small), Paragraph(_text(value), body)] for label, value in identity],
        colWidths=[4.6 * cm, None],
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#cccccc")),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    story.append(table)
    sections = {section.key: section for section in proposal_sections(competition)}
    for number, (aspect, label) in enumerate(ASPECTS, start=1):
        story.append(Paragraph(_text(f"{number}. {label}"), heading))
        keys = ["adaptability_replicated", "adaptability_potential"] if aspect == "adaptability" else [aspect]
        for key in keys:
            section = sections.get(key)
            text = getattr(submission, key, "")
            limit = section.limit if section else None
            words = count_words(text)
            counter = _("%(words)d kata") % {"words": words}
            if limit:
                counter = _("%(words)d dari maks. %(limit)d kata") % {"words": words, "limit": limit}
            block = []
            if aspect == "adaptability":
                block.append(Paragraph(_text(section.label if section else key), subheading))
            block.append(Paragraph(_text(counter), small))
            block.append(Paragraph(_text(text) or "—", body))
            story.append(KeepTogether(block))
    story.append(Paragraph(_text(_("Lampiran")), heading))
    attachments = list(submission.attachments.all())
    if attachments:
        for attachment in attachments:
            label = attachment.requirement.name if attachment.requirement_id else attachment.get_kind_display()
            story.append(Paragraph(_text(f"{label}: {attachment.original_name}"), body))
    else:
        story.append(Paragraph(_text(_("Tidak ada lampiran.")), body))
    story.append(Spacer(1, 0.5 * cm))
    story.append(
        Paragraph(
            _text(
                _("Disiapkan dari KIPP Kota Malang pada %(when)s untuk diteruskan ke kompetisi provinsi dan nasional.")
                % {"when": wib(timezone.now())}
            ),
            small,
        )
    )
    document.build(story)
    return buffer.getvalue()


def forwarding_filename(winner: Winner, year: int) -> str:
    return f"proposal-kipp-{year}-{winner.slug}.pdf"


def forwarding_zip(*, publication: Publication, competition: Competition) -> bytes:
    """One folder per winner: the proposal PDF and its attachments as they were uploaded."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for winner in winners(publication):
            folder = winner.slug
            archive.writestr(
                f"{folder}/{forwarding_filename(winner, competition.year)}",
                forwarding_pdf(winner=winner, competition=competition),
            )
            used: set[str] = set()
            for attachment in winner.submission.attachments.all():
                name = get_valid_filename(attachment.original_name) or f"lampiran-{attachment.pk}"
                if name in used:
                    name = f"{attachment.pk}-{name}"
                used.add(name)
                try:
                    with attachment.file.open("rb") as handle:
                        archive.writestr(f"{folder}/lampiran/{name}", handle.read())
                except (FileNotFoundError, ValueError, OSError):
                    logger.warning("attachment %s of submission %s is missing", attachment.pk, winner.submission.pk)
    return buffer.getvalue()
