"""Public pages: the home page, each year's published Top N, the ceremony view, certificates, each
innovation's page and photo, the snapshot for verification, and the archive across years.

They read only the active publication's frozen entries (never live scores), so nothing of a competition is
public before it is published: every such address answers 404. The results, ceremony and archive pages
are cached for anonymous visitors (`judging.caching`).
"""

from __future__ import annotations

import re

from django import forms
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from competitions.models import Competition
from judging.caching import public_page_cache
from judging.certificates import certificate_filename, certificate_pdf
from judging.models import Publication, PublishedEntry
from judging.services.publication import canonical_json
from kipp.enums import UnitKind
from submissions.enums import AttachmentKind
from submissions.models import Attachment

ARCHIVE_PAGE_SIZE = 12
ACTIVE = Q(publication__unpublished_at__isnull=True)


def _publication(year: int) -> Publication:
    """The year's active publication (one query), or 404: nothing is public before publication."""
    publication = (
        Publication.objects.select_related("competition")
        .filter(competition__year=year, unpublished_at__isnull=True)
        .order_by("-version")
        .first()
    )
    if publication is None:
        raise Http404
    return publication


def _photo_ids(submission_ids) -> set[int]:
    """Which of these submissions have a photo attachment (one query)."""
    return set(
        Attachment.objects.filter(submission_id__in=list(submission_ids), kind=AttachmentKind.PHOTO)
        .order_by()
        .values_list("submission_id", flat=True)
        .distinct()
    )


def _tiers(entries: list[PublishedEntry]) -> list[dict]:
    """Consecutive entries grouped by award tier, in rank order."""
    groups: list[dict] = []
    for entry in entries:
        if not groups or groups[-1]["name"] != entry.tier_name:
            groups.append({"name": entry.tier_name, "entries": []})
        groups[-1]["entries"].append(entry)
    return groups


def _announcement_url(year: int) -> str | None:
    try:
        return reverse("competitions:announcement", kwargs={"year": year})
    except NoReverseMatch:
        return None


@require_safe
def home(request):
    """The current competition (phase, timeline, announcement) and the winners of past years."""
    from competitions.selectors import current_competition, timeline

    current = current_competition()
    latest = list(
        Publication.objects.filter(unpublished_at__isnull=True)
        .select_related("competition")
        .order_by("-competition__year")[:3]
    )
    entries: dict[int, list[PublishedEntry]] = {}
    for entry in PublishedEntry.objects.filter(publication__in=latest).order_by("rank", "innovation_name"):
        entries.setdefault(entry.publication_id, []).append(entry)
    past = [
        {"publication": publication, "competition": publication.competition, "entries": entries.get(publication.pk, [])}
        for publication in latest
    ]
    current_published = next((item for item in past if current and item["competition"].pk == current.pk), None)
    return render(
        request,
        "judging/home.html",
        {
            "current": current,
            "phase": current.phase if current else None,
            "timeline": timeline(current) if current else [],
            "announcement_url": _announcement_url(current.year) if current else None,
            "current_published": current_published,
            "past": [item for item in past if item is not current_published],
        },
    )


def _kind_label(unit_name: str, unit_kind: str) -> str:
    """The unit kind to show after the unit's name, or "" when the name already says it ("Puskesmas Janti")."""
    label = str(dict(UnitKind.choices).get(unit_kind, unit_kind or ""))
    if not label or label.casefold() in unit_name.casefold():
        return ""
    return label


# "Tahap 2 «Penilaian Proposal» berbobot ..." : the stage's order counts the administrative check the public
# never sees scored, so a citizen reads "stage 2" of a list that starts there. The snapshot keeps its words
# (the fingerprint covers them); the page names the stage by its name only.
_STAGE_NUMBER = re.compile(r"^(\w+) \d+ (?=«)")


def public_methodology(lines) -> list[str]:
    """The snapshot's methodology sentences as a citizen reads them: stages named, not numbered."""
    return [_STAGE_NUMBER.sub(r"\1 ", str(line)) for line in lines]


@require_safe
def results_index(request):
    """Every year with published results."""
    publications = list(
        Publication.objects.filter(unpublished_at__isnull=True)
        .select_related("competition")
        .order_by("-competition__year")
    )
    return render(
        request,
        "judging/public/results_index.html",
        {"publications": publications, "breadcrumbs": [(_("Hasil kompetisi"), None)]},
    )


@require_safe
@public_page_cache(scope_kwarg="year")
def results(request, year):
    """The published Top N of `year`, grouped by award tier, with the method and the fingerprint."""
    publication = _publication(year)
    competition = publication.competition
    entries = list(publication.entries.order_by("rank", "innovation_name"))
    photos = _photo_ids(entry.submission_id for entry in entries)
    return render(
        request,
        "judging/public/results.html",
        {
            "competition": competition,
            "publication": publication,
            "tiers": _tiers(entries),
            "entries": entries,
            "photos": photos,
            "methodology": public_methodology(publication.snapshot.get("methodology", [])),
            "breadcrumbs": [(_("Hasil kompetisi"), reverse("judging_public:results_index")), (competition.title, None)],
        },
    )


@require_safe
@public_page_cache(scope_kwarg="year")
def ceremony(request, year):
    """Full-screen reveal of places N → 1 (static/js/ceremony.js); without script every place is visible."""
    publication = _publication(year)
    entries = list(publication.entries.order_by("rank", "innovation_name"))
    photos = _photo_ids(entry.submission_id for entry in entries)
    return render(
        request,
        "judging/public/ceremony.html",
        {
            "competition": publication.competition,
            "publication": publication,
            "reveal": list(reversed(entries)),
            "photos": photos,
        },
    )


@require_safe
def snapshot(request, year):
    """The exact bytes the fingerprint covers: anyone can download them and compute the SHA-256."""
    publication = _publication(year)
    response = HttpResponse(canonical_json(publication.snapshot), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = (
        f'inline; filename="kipp-{publication.competition.year}-v{publication.version}.json"'
    )
    return response


@require_safe
def certificate(request, year, rank):
    """The certificate of a published place (a shared place: one page per winner); 404 for any other."""
    publication = _publication(year)
    entries = list(publication.entries.filter(rank=rank).order_by("innovation_name"))
    if not entries:
        raise Http404
    competition = publication.competition
    response = HttpResponse(
        certificate_pdf(entries=entries, competition=competition, publication=publication),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'attachment; filename="{certificate_filename(entries[0], competition.year)}"'
    return response


def _published_entry(submission_pk: int) -> PublishedEntry:
    entry = (
        PublishedEntry.objects.filter(ACTIVE, submission_id=submission_pk)
        .select_related("publication__competition", "submission")
        .order_by("-publication__competition__year")
        .first()
    )
    if entry is None:
        raise Http404
    return entry


@require_safe
def innovation(request, pk):
    """A published innovation's public page: the snapshot's facts and the proposal's main sections."""
    entry = _published_entry(pk)
    competition = entry.publication.competition
    submission = entry.submission
    sections = [
        (_("Kebaruan / nilai tambah"), submission.novelty),
        (_("Implementasi"), submission.implementation),
        (_("Signifikansi dan dampak"), submission.significance),
        (_("Sudah direplikasi oleh"), submission.adaptability_replicated),
        (_("Potensi replikasi"), submission.adaptability_potential),
        (_("Strategi keberlanjutan"), submission.sustainability),
    ]
    return render(
        request,
        "judging/public/innovation.html",
        {
            "entry": entry,
            "competition": competition,
            "publication": entry.publication,
            "has_photo": bool(_photo_ids([entry.submission_id])),
            "sections": [(label, text) for label, text in sections if text.strip()],
            "breadcrumbs": [
                (_("Hasil kompetisi"), reverse("judging_public:results_index")),
                (competition.title, reverse("judging_public:results", kwargs={"year": competition.year})),
                (entry.innovation_name, None),
            ],
        },
    )


@require_safe
def photo(request, pk):
    """The first photo of a published innovation; photos of anything unpublished stay private (404)."""
    from submissions.files import attachment_response

    entry = _published_entry(pk)
    attachment = (
        Attachment.objects.filter(submission_id=entry.submission_id, kind=AttachmentKind.PHOTO)
        .order_by("created_at", "pk")
        .first()
    )
    if attachment is None:
        raise Http404
    response = attachment_response(attachment, inline=True)
    # Published photos are public: a shared cache may keep them for a while.
    response["Cache-Control"] = "public, max-age=3600"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


class ArchiveForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Kata kunci"), required=False, max_length=100)
    tahun = forms.TypedChoiceField(label=gettext_lazy("Tahun"), required=False, coerce=int, empty_value=None)
    jenis = forms.ChoiceField(label=gettext_lazy("Jenis unit"), required=False)
    kategori = forms.ChoiceField(label=gettext_lazy("Kategori"), required=False)

    def __init__(self, *args, years, categories, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tahun"].choices = [("", _("Semua tahun"))] + [(str(year), str(year)) for year in years]
        labels = dict(UnitKind.choices)
        self.fields["jenis"].choices = [("", _("Semua jenis unit"))] + [
            (kind, labels.get(kind, kind)) for kind in kinds
        ]
        self.fields["kategori"].choices = [("", _("Semua kategori"))] + [(name, name) for name in categories]


@require_safe
@public_page_cache()
def archive(request):
    """Every published innovation of every year, searchable; a fixed number of queries per page."""
    active = PublishedEntry.objects.filter(ACTIVE)
    years = list(
        Competition.objects.filter(publications__unpublished_at__isnull=True)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
    facets = list(active.order_by().values_list("category_name", "unit_kind").distinct())
    categories = sorted({name for name, _kind in facets if name}, key=str.casefold)
    kinds = sorted({kind for _name, kind in facets if kind})
    form = ArchiveForm(request.GET or None, years=years, categories=categories, kinds=kinds)
    entries = active.select_related("publication__competition").order_by(
        "-publication__competition__year", "rank", "innovation_name"
    )
    filtered = False
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        for word in data["q"].split()[:8]:
            entries = entries.filter(
                Q(innovation_name__icontains=word)
                | Q(acronym_meaning__icontains=word)
                | Q(summary__icontains=word)
                | Q(unit_name__icontains=word)
                | Q(category_name__icontains=word)
            )
        if data["tahun"]:
            entries = entries.filter(publication__competition__year=data["tahun"])
        if data["jenis"]:
            entries = entries.filter(unit_kind=data["jenis"])
        if data["kategori"]:
            entries = entries.filter(category_name=data["kategori"])
        filtered = any(data.values())
    paginator = Paginator(entries, ARCHIVE_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("halaman"))
    items = list(page.object_list)
    query = request.GET.copy()
    query.pop("halaman", None)
    for item in items:
        item.kind_label = _kind_label(item.unit_name, item.unit_kind)
    return render(
        request,
        "judging/archive.html",
        {
            "form": form,
            "page": page,
            "items": items,
            "photos": _photo_ids(item.submission_id for item in items),
            "filtered": filtered,
            "querystring": query.urlencode(),
            "breadcrumbs": [(_("Arsip inovasi"), None)],
        },
    )
