"""The proposal as a PDF (reportlab), for jurors who read offline and for the archive."""

import io
from xml.sax.saxutils import escape

from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from kipp.templatetags.kipp_format import wib


def _text(value) -> str:
    """Escape user text for reportlab's mini-markup and keep its line breaks."""
    return escape(str(value or "")).replace("\n", "<br/>")


def proposal_pdf(submission, *, sections, attachments) -> bytes:
    """Render the proposal: identity table, every section with its word count, the list of attachments."""
    with translation.override("id"):
        return _render(submission, sections, attachments)


def _render(submission, sections, attachments) -> bytes:
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=2.2 * cm,
        rightMargin=2.2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
        title=submission.name,
        author="KIPP Kota Malang",
        subject=str(submission.competition),
    )
    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontSize=10.5, leading=15)
    small = ParagraphStyle("small", parent=body, fontSize=9, leading=12, textColor=colors.HexColor("#555555"))
    heading = ParagraphStyle("heading", parent=styles["Heading2"], fontSize=13, spaceBefore=12, spaceAfter=4)
    title = ParagraphStyle("title", parent=styles["Title"], fontSize=18, leading=22, alignment=TA_CENTER)
    story = [
        Paragraph(_text(submission.competition), small),
        Paragraph(_text(submission.name), title),
    ]
    if submission.acronym_meaning:
        story.append(
            Paragraph(_text(submission.acronym_meaning), ParagraphStyle("sub", parent=body, alignment=TA_CENTER))
        )
    story.append(Spacer(1, 0.4 * cm))
    rows = [
        (_("Unit pengusul"), submission.unit.name),
        (_("Kategori"), submission.category or "—"),
        (_("Mulai beroperasi"), date_format(submission.started_on, "j F Y") if submission.started_on else "—"),
        (_("SDGs"), ", ".join(str(label) for label in submission.sdg_labels) or "—"),
        (_("Berupa aplikasi"), submission.application_url if submission.is_application else _("Tidak")),
        (_("Video"), submission.video_url or "—"),
        (_("Inovator / tim"), submission.innovators or "—"),
        (_("Status"), submission.get_status_display()),
    ]
    table = Table(
        [[Paragraph(_text(label), small), Paragraph(_text(value), body)] for label, value in rows],
        colWidths=[4 * cm, None],
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
    for item in sections:
        limit = f" / {item.section.limit}" if item.section.limit else ""
        story.append(Paragraph(_text(item.section.label), heading))
        story.append(Paragraph(_text(_("%(words)d%(limit)s kata") % {"words": item.words, "limit": limit}), small))
        story.append(Paragraph(_text(item.text) or "—", body))
    story.append(Paragraph(_text(_("Lampiran")), heading))
    if attachments:
        for attachment in attachments:
            label = attachment.requirement.name if attachment.requirement_id else attachment.get_kind_display()
            story.append(
                Paragraph(
                    _text(f"{label}: {attachment.original_name} ({filesizeformat(attachment.size)})"),
                    body,
                )
            )
    else:
        story.append(Paragraph(_text(_("Tidak ada lampiran.")), body))
    story.append(Spacer(1, 0.6 * cm))
    story.append(
        Paragraph(
            _text(_("Dicetak dari KIPP Kota Malang pada %(when)s") % {"when": wib(timezone.now())}),
            small,
        )
    )
    document.build(story)
    return buffer.getvalue()
