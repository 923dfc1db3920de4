"""The committee's audit trail of one competition: read-only, GET only, committee only."""

from django import forms
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET

from competitions import selectors as competition_selectors
from competitions.models import Competition
from judging import audit
from kipp.permissions import require_perm


class AuditFilterForm(forms.Form):
    jenis = forms.ChoiceField(label=_lazy("Jenis objek"), required=False)
    oleh = forms.ChoiceField(label=_lazy("Oleh"), required=False)
    dari = forms.DateField(label=_lazy("Dari tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    sampai = forms.DateField(
        label=_lazy("Sampai tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jenis"].choices = [("", _("Semua jenis"))] + [
            (source.key, source.label) for source in audit.SOURCES
        ]
        self.fields["oleh"].choices = [("", _("Semua orang")), (audit.SYSTEM, _("sistem"))] + [
            (str(person.pk), str(person)) for person in people
        ]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("dari"), cleaned.get("sampai")
        if start and end and end < start:
            self.add_error("sampai", _("Tanggal akhir tidak boleh sebelum tanggal awal."))
        return cleaned

    def filters(self) -> audit.AuditFilters:
        if not self.is_valid():
            return audit.AuditFilters()
        data = self.cleaned_data
        return audit.AuditFilters(
            source=data["jenis"], person=data["oleh"], date_from=data["dari"], date_to=data["sampai"]
        )


@require_perm("competitions.manage_competition")
@require_GET
def audit_trail(request, year: int):
    """Every recorded change to the competition's objects, newest first, with who, when and what changed."""
    competition = get_object_or_404(Competition.objects.prefetch_related("stages"), year=year)
    form = AuditFilterForm(request.GET or None, people=audit.people(competition))
    page = audit.audit_page(competition, form.filters(), request.GET.get("halaman"))
    title = _("Jejak audit")
    query = request.GET.copy()
    query.pop("halaman", None)
    context = {
        "competition": competition,
        "phase": competition.phase,
        "scoring_stages": competition_selectors.scoring_stages(competition),
        "active_tab": "audit",
        "stage_tab_pk": None,
        "page_title": title,
        "breadcrumbs": [
            (_("Panitia"), reverse("competitions:overview")),
            (str(competition), reverse("competitions:settings", kwargs={"year": competition.year})),
            (title, None),
        ],
        "form": form,
        "page": page,
        "querystring": query.urlencode(),
    }
    return render(request, "judging/audit/trail.html", context)
