"""The proposal form of a competition year: its sections, word counting and the completeness check.

Pure functions over already-loaded objects (no queries of their own), so list pages can call them for
every row and services can call them inside a transaction.
"""

import datetime as dt
import re
from calendar import monthrange
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from competitions.enums import PROPOSAL_SECTIONS

# Guidance shown above each section, paraphrasing the national KIPP 2023 proposal form.
SECTION_GUIDANCE = {
    "summary": _(
        "Gambarkan inovasi secara utuh dan singkat: masalah yang diatasi, gagasan, cara kerja dan hasil utamanya."
    ),
    "background": _(
        "Jelaskan kondisi sebelum inovasi, kelompok sasaran, dan tujuan yang terukur. Sertakan data pendukung."
    ),
    "novelty": _("Jelaskan gagasan inovasi dan apa yang baru atau berbeda dibanding layanan sebelumnya."),
    "implementation": _("Jelaskan bagaimana inovasi dijalankan: tahapan, pelaksana, dan data pelaksanaannya."),
    "significance": _(
        "Uraikan dampak sebelum dan sesudah inovasi, cara mengukurnya, serta hasil evaluasi lengkap dengan data."
    ),
    "adaptability_replicated": _(
        "Sebutkan unit atau daerah yang sudah mereplikasi inovasi ini. Tulis “belum ada” bila belum."
    ),
    "adaptability_potential": _("Jelaskan potensi inovasi ditiru unit atau daerah lain, dan syarat-syaratnya."),
    "resources": _("Jelaskan sumber daya yang dipakai: anggaran, sumber daya manusia, metode, dan peralatan."),
    "sustainability": _(
        "Jelaskan strategi keberlanjutan: kelembagaan (regulasi), manajerial (SOP, petugas), dan sosial (mitra)."
    ),
}

_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    limit: int | None
    guidance: str


@dataclass(frozen=True)
class MissingItem:
    """One thing that keeps a proposal from being submitted; `field` names where to fix it."""

    field: str
    message: str


def count_words(text: str) -> int:
    """Count words as the live counter does: runs of non-whitespace characters."""
    return len(_WORD.findall(text or ""))


def proposal_sections(competition) -> list[Section]:
    """The sections of this year's form, in the national form's order, with the competition's limits.

    A section is part of the year's form when its key is in `Competition.word_limits`; a limit of 0 or
    an empty value means "no limit". A competition without any configured limits asks every section.
    """
    limits = competition.word_limits if isinstance(competition.word_limits, dict) else {}
    sections = []
    for key, label, _default in PROPOSAL_SECTIONS:
        if limits and key not in limits:
            continue
        try:
            limit = int(limits.get(key) or 0)
        except (TypeError, ValueError):
            limit = 0
        sections.append(Section(key=key, label=label, limit=limit if limit > 0 else None, guidance=_guidance(key)))
    return sections


def _guidance(key: str) -> str:
    return SECTION_GUIDANCE.get(key, "")


def months_before(moment: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months earlier (clamped to the month's last day)."""
    month_index = moment.year * 12 + (moment.month - 1) - months
    year, month = divmod(month_index, 12)
    month += 1
    return dt.date(year, month, min(moment.day, monthrange(year, month)[1]))


def latest_start_date(competition) -> dt.date:
    """The latest start date that still meets the minimum months in operation.

    Counted back from the close of registration, as the national rules do.
    """
    closes_on = timezone.localtime(competition.submission_closes_at).date()
    return months_before(closes_on, competition.min_months_in_operation)


def missing_items(submission, *, attachments, requirements, categories_exist: bool) -> list[MissingItem]:
    """Return every reason the proposal cannot be submitted yet, all at once, in form order.

    `attachments` are the submission's attachments and `requirements` the competition's attachment
    requirements (both already loaded); `categories_exist` tells whether a category must be chosen.
    """
    competition = submission.competition
    items: list[MissingItem] = []

    def need(field, message):
        items.append(MissingItem(field=field, message=str(message)))

    if not (submission.name or "").strip():
        need("name", _("Nama inovasi belum diisi."))
    if categories_exist and submission.category_id is None:
        need("category", _("Kategori belum dipilih."))
    if submission.started_on is None:
        need("started_on", _("Tanggal mulai beroperasi belum diisi."))
    else:
        latest = latest_start_date(competition)
        if submission.started_on > latest:
            need(
                "started_on",
                _(
                    "Inovasi harus sudah beroperasi minimal %(months)d bulan sebelum pendaftaran ditutup "
                    "(mulai paling lambat %(date)s)."
                )
                % {"months": competition.min_months_in_operation, "date": _format_date(latest)},
            )
    if not submission.sdgs:
        need("sdgs", _("Pilih minimal satu tujuan SDGs yang didukung."))
    if submission.is_application and not (submission.application_url or "").strip():
        need("application_url", _("Inovasi berupa aplikasi: alamat aplikasi belum diisi."))
    for section in proposal_sections(competition):
        text = getattr(submission, section.key, "") or ""
        words = count_words(text)
        if words == 0:
            need(section.key, _("Bagian “%(section)s” belum diisi.") % {"section": section.label})
        elif section.limit and words > section.limit:
            need(
                section.key,
                _("Bagian “%(section)s” berisi %(words)d kata; batasnya %(limit)d kata.")
                % {"section": section.label, "words": words, "limit": section.limit},
            )
    if not (submission.innovators or "").strip():
        need("innovators", _("Nama inovator atau tim belum diisi."))
    if not (submission.contact_name or "").strip():
        need("contact_name", _("Nama narahubung belum diisi."))
    if not (submission.contact_phone or "").strip():
        need("contact_phone", _("Telepon narahubung belum diisi."))
    if not (submission.contact_email or "").strip():
        need("contact_email", _("E-mail narahubung belum diisi."))
    attached = {attachment.requirement_id for attachment in attachments if attachment.requirement_id}
    for requirement in requirements:
        if requirement.is_required and requirement.pk not in attached:
            need(
                "attachments",
                _("Dokumen wajib “%(name)s” belum diunggah.") % {"name": requirement.name},
            )
    return items


def _format_date(value: dt.date) -> str:
    return date_format(value, "j F Y")


@dataclass(frozen=True)
class SectionText:
    section: Section
    text: str
    words: int

    @property
    def over_limit(self) -> bool:
        return bool(self.section.limit and self.words > self.section.limit)


def section_texts(submission) -> list[SectionText]:
    """The proposal's sections with their text and word count, for reading and printing."""
    result = []
    for section in proposal_sections(submission.competition):
        text = getattr(submission, section.key, "") or ""
        result.append(SectionText(section=section, text=text, words=count_words(text)))
    return result
