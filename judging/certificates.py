"""Award certificates (piagam penghargaan): one A4 landscape page per published place, drawn with reportlab.

Everything printed comes from the publication's entries (the frozen snapshot) and the competition's
signatory fields, so a certificate downloaded today matches the one handed out at the ceremony.
"""

from __future__ import annotations

import io
import re
import zipfile
from xml.sax.saxutils import escape

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfgen import canvas
from reportlab.platypus import Frame, Paragraph

from competitions.models import Competition
from judging.models import Publication, PublishedEntry

BLUE = colors.HexColor("#0b4f8a")
BLUE_DARK = colors.HexColor("#083a66")
GOLD = colors.HexColor("#c99700")
INK = colors.HexColor("#1d2733")


def _style(name: str, **kwargs) -> ParagraphStyle:
    base = {"fontName": "Helvetica", "alignment": TA_CENTER, "textColor": INK, "fontSize": 14, "leading": 18}
    base.update(kwargs)
    return ParagraphStyle(name, **base)


def _text(value) -> str:
    return escape(str(value or ""))


def ceremony_date(competition: Competition, publication: Publication):
    return competition.ceremony_date or timezone.localtime(publication.published_at).date()


def _draw_page(pdf: canvas.Canvas, *, entry: PublishedEntry, competition: Competition, publication: Publication):
    width, height = landscape(A4)
    # Borders: a blue frame and a thin gold one inside it.
    pdf.setStrokeColor(BLUE)
    pdf.setLineWidth(10)
    pdf.rect(0.9 * cm, 0.9 * cm, width - 1.8 * cm, height - 1.8 * cm)
    pdf.setStrokeColor(GOLD)
    pdf.setLineWidth(1.5)
    pdf.rect(1.6 * cm, 1.6 * cm, width - 3.2 * cm, height - 3.2 * cm)
    # The emblem: a gold disc with the place number.
    pdf.setFillColor(GOLD)
    pdf.circle(width / 2, height - 4.1 * cm, 1.15 * cm, stroke=0, fill=1)
    pdf.setFillColor(colors.white)
    pdf.setFont("Helvetica-Bold", 26 if entry.rank < 100 else 18)
    pdf.drawCentredString(width / 2, height - 4.45 * cm, str(entry.rank))

    place = _("Peringkat %(rank)d") % {"rank": entry.rank}
    if entry.tier_name:
        place = f"{place} · {entry.tier_name}"
    when = date_format(ceremony_date(competition, publication), "j F Y")
    story = [
        Paragraph(_text(_("PEMERINTAH KOTA MALANG")), _style("gov", fontSize=12, textColor=BLUE_DARK)),
        Paragraph(
            _text(_("PIAGAM PENGHARGAAN")),
            _style(
                "title", fontName="Helvetica-Bold", fontSize=32, leading=38, textColor=BLUE, spaceBefore=6, spaceAfter=4
            ),
        ),
        Paragraph(_text(competition.title), _style("competition", fontSize=14, spaceAfter=18)),
        Paragraph(_text(_("diberikan kepada")), _style("given", fontSize=12, textColor=colors.HexColor("#555555"))),
        Paragraph(
            _text(entry.unit_name),
            _style("unit", fontName="Helvetica-Bold", fontSize=24, leading=29, spaceBefore=6, spaceAfter=10),
        ),
        Paragraph(_text(_("atas inovasi pelayanan publik")), _style("for", fontSize=12)),
        Paragraph(
            _text(entry.innovation_name),
            _style(
                "innovation", fontName="Helvetica-Bold", fontSize=22, leading=27, textColor=BLUE_DARK, spaceBefore=4
            ),
        ),
    ]
    if entry.acronym_meaning:
        story.append(Paragraph(_text(f"({entry.acronym_meaning})"), _style("acronym", fontSize=12, leading=15)))
    story.append(
        Paragraph(
            _text(_("sebagai %(place)s") % {"place": place}),
            _style("place", fontName="Helvetica-Bold", fontSize=17, leading=22, spaceBefore=16, textColor=GOLD),
        )
    )
    frame = Frame(3 * cm, 5.2 * cm, width - 6 * cm, height - 10.6 * cm, showBoundary=0)
    frame.addFromList(story, pdf)

    # Place, date and signature block on the right; the fingerprint on the left, small.
    right = width - 5.6 * cm
    pdf.setFillColor(INK)
    pdf.setFont("Helvetica", 11)
    pdf.drawCentredString(right, 4.9 * cm, _("Malang, %(date)s") % {"date": when})
    pdf.drawCentredString(right, 4.4 * cm, competition.signatory_title or _("Wali Kota Malang"))
    pdf.setStrokeColor(INK)
    pdf.setLineWidth(0.6)
    pdf.line(right - 3.6 * cm, 2.75 * cm, right + 3.6 * cm, 2.75 * cm)
    pdf.setFont("Helvetica-Bold", 12)
    pdf.drawCentredString(right, 2.25 * cm, competition.signatory_name or "")
    pdf.setFont("Helvetica", 7.5)
    pdf.setFillColor(colors.HexColor("#666666"))
    pdf.drawString(2.2 * cm, 2.6 * cm, _("Pengumuman versi %(version)d") % {"version": publication.version})
    pdf.drawString(2.2 * cm, 2.2 * cm, _("Sidik SHA-256: %(hash)s") % {"hash": publication.fingerprint[:32]})
    pdf.drawString(2.2 * cm, 1.9 * cm, publication.fingerprint[32:])


def certificate_pdf(*, entries: list[PublishedEntry], competition: Competition, publication: Publication) -> bytes:
    """One page per entry (a shared place has several), in Bahasa Indonesia."""
    buffer = io.BytesIO()
    with translation.override("id"):
        pdf = canvas.Canvas(buffer, pagesize=landscape(A4))
        title = _("Piagam penghargaan %(competition)s") % {"competition": competition.title}
        pdf.setTitle(title)
        pdf.setAuthor("KIPP Kota Malang")
        pdf.setSubject(title)
        for entry in entries:
            _draw_page(pdf, entry=entry, competition=competition, publication=publication)
            pdf.showPage()
        pdf.save()
    return buffer.getvalue()


def certificate_filename(entry: PublishedEntry, year: int) -> str:
    slug = slugify(entry.innovation_name)[:60] or "inovasi"
    return f"piagam-kipp-{year}-peringkat-{entry.rank:02d}-{slug}.pdf"


def certificates_zip(*, entries: list[PublishedEntry], competition: Competition, publication: Publication) -> bytes:
    """A ZIP with one PDF per entry."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        used: set[str] = set()
        for entry in entries:
            name = certificate_filename(entry, competition.year)
            if name in used:
                name = re.sub(r"\.pdf$", f"-{entry.pk}.pdf", name)
            used.add(name)
            archive.writestr(name, certificate_pdf(entries=[entry], competition=competition, publication=publication))
    return buffer.getvalue()
