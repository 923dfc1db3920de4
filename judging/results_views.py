"""The committee's results pages (ranking, exports, stage closing, ties, publication, certificates,
forwarding) and the units' feedback. Thin views: a form parses, a rule decides, one service acts."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from competitions.enums import RankingMethod, StageKind
from competitions.models import Competition, Stage
from judging import certificates, exports, forwarding
from judging.charts import final_scores_chart
from judging.enums import ScorecardStatus, TieResolutionMethod
from judging.models import Assignment, Publication, PublishedEntry, Score, Scorecard
from judging.ranking import compute_ranking, criterion_breakdown, moved_places, ranking_data, without_gc
from judging.services import publication as publication_service
from judging.services import stages as stage_service
from judging.services.publication import scoring_structure
from kipp.permissions import require_perm
from kipp.rules import is_committee
from kipp.templatetags.kipp_format import wib
from submissions.enums import SubmissionStatus
from submissions.models import Submission

PAGE_SIZE = 50


def _competition(year: int) -> Competition:
    return get_object_or_404(Competition, year=year)


def _crumbs(competition: Competition, *extra) -> list:
    return [
        (_("Panitia"), reverse("competitions:overview")),
        (str(competition.year), reverse("committee:dashboard", kwargs={"year": competition.year})),
        (_("Peringkat"), reverse("results:ranking", kwargs={"year": competition.year})),
        *extra,
    ]


def _errors(error: ValidationError) -> list[str]:
    return [str(message) for message in error.messages]


def _apply_errors(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for item in errors:
                form.add_error(field if field in form.fields else None, item.message % (item.params or {}))
    else:
        for message in error.messages:
            form.add_error(None, message)


def tie_break_text(entry, ranking) -> str:
    """What decided the entry's place; nothing for a row without a final score (nothing was decided)."""
    if entry.final_score is None:
        return ""
    return exports.tie_break_label(
        entry,
        {stage.id: stage for stage in ranking.stages},
        ranking.tiebreak_criterion.name if ranking.tiebreak_criterion else None,
    )


# ---------------------------------------------------------------------------------------------------------
# Index and ranking


@require_perm("judging.view_ranking")
def index(request):
    """Every competition year with its publication state: where the committee starts."""
    competitions = Competition.objects.prefetch_related("stages").order_by("-year")
    return render(
        request,
        "judging/results/index.html",
        {
            "competitions": competitions,
            "breadcrumbs": [(_("Panitia"), reverse("competitions:overview")), (_("Peringkat"), None)],
        },
    )


class CompareForm(forms.Form):
    banding = forms.ChoiceField(
        label=gettext_lazy("Bandingkan dengan metode"),
        choices=[("", gettext_lazy("— tanpa pembanding —")), *RankingMethod.choices],
        required=False,
    )


def _number_formatter():
    """A fast localized formatter for the many scores of one page (the template filter is slow per number)."""
    separator = get_format("DECIMAL_SEPARATOR")

    def number(value, places: int = 4) -> str:
        if value is None:
            return "—"
        return f"{value:.{places}f}".replace(".", separator)

    return number


@require_perm("judging.view_ranking")
@without_gc
def ranking(request, year):
    """The full ranking with stage scores, breakdown, stability, warnings and a chart; with `?banding=<method>`
    another method's ranking beside it (raw scores stay the official basis), places that move marked."""
    competition = _competition(year)
    official_method = competition.ranking_method
    form = CompareForm(request.GET or None)
    compare_method = ""
    if form.is_bound and form.is_valid():
        compare_method = form.cleaned_data["banding"]
    data = ranking_data(competition)
    official = compute_ranking(data, method=official_method, top_n=competition.top_n)
    compared = None
    moved: dict[int, int] = {}
    if compare_method and compare_method != official_method:
        compared = compute_ranking(data, method=compare_method, top_n=competition.top_n)
        moved = moved_places(official, compared)
    paginator = Paginator(official.entries, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("halaman"))
    page_ids = [entry.submission_id for entry in page.object_list]
    breakdown = criterion_breakdown(official, page_ids)
    stages, criteria = scoring_structure(competition)
    compared_by_id = compared.by_submission if compared else {}
    number = _number_formatter()
    rows = []
    for entry in page.object_list:
        means = breakdown.get(entry.submission_id, {})
        other = compared_by_id.get(entry.submission_id)
        rows.append(
            {
                "entry": entry,
                "final": number(entry.final_score),
                "compared": other,
                "compared_score": number(other.primary_score) if other else "",
                "moved": moved.get(entry.submission_id, 0),
                "moved_by": abs(moved.get(entry.submission_id, 0)),
                "decided": tie_break_text(entry, official),
                "stages": [
                    {
                        "stage": stage,
                        "score": number(entry.stage_scores.get(stage.pk)),
                        "jurors": len(entry.juror_totals.get(stage.pk, [])),
                        "criteria": [
                            (criterion, number(means.get(criterion.pk), 2)) for criterion in criteria[stage.pk]
                        ],
                    }
                    for stage in stages
                ],
            }
        )
    top_rows = [
        {
            "entry": entry,
            "final": number(entry.final_score),
            "margin": number(entry.margin),
            "decided": tie_break_text(entry, official),
        }
        for entry in official.top
    ]
    by_id = official.by_submission
    ties = [
        {
            "group": group,
            "names": [by_id[submission_id].submission.name for submission_id in group.submission_ids],
            "url": reverse("results:tie_resolve", kwargs={"year": competition.year, "rank": group.rank}),
        }
        for group in official.ties
        if group.reached_final
    ]
    stage_names = {stage.id: stage.name for stage in official.stages}
    unfinished_by_stage: dict[str, int] = {}
    for stage_id, _submission_id, _juror_id in official.unfinished:
        unfinished_by_stage[stage_names[stage_id]] = unfinished_by_stage.get(stage_names[stage_id], 0) + 1
    active = publication_service.active_publication(competition)
    now = timezone.now()
    return render(
        request,
        "judging/results/ranking.html",
        {
            "competition": competition,
            "form": form,
            "official": official,
            "official_label": RankingMethod(official_method).label,
            "compared": compared,
            "compare_label": RankingMethod(compare_method).label if compared else "",
            "moved_count": len(moved),
            "page": page,
            "rows": rows,
            "top_rows": top_rows,
            "stages": stages,
            "stage_states": [
                {"stage": stage, "is_open": stage.is_open_at(now), "is_finished": stage.is_finished_at(now)}
                for stage in stages
            ],
            "ties": ties,
            "unfinished_by_stage": sorted(unfinished_by_stage.items()),
            "open_stages": [stage for stage in stages if stage.closed_at is None],
            "excluded_count": len(official.excluded_for_conflict),
            "chart": final_scores_chart(official.entries, top_n=competition.top_n),
            "active": active,
            "compare_method": compare_method,
            "colspan": len(stages) + (6 if compared else 4),
            "querystring": f"banding={compare_method}" if compare_method else "",
            "breadcrumbs": _crumbs(competition)[:-1] + [(_("Peringkat"), None)],
        },
    )


@require_perm("judging.export_results")
@without_gc
def export_csv(request, year):
    competition = _competition(year)
    result = compute_ranking(ranking_data(competition), method=competition.ranking_method, top_n=competition.top_n)
    response = HttpResponse(exports.ranking_csv(result), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="peringkat-kipp-{competition.year}.csv"'
    return response


@require_perm("judging.export_results")
@without_gc
def export_xlsx(request, year):
    competition = _competition(year)
    result = compute_ranking(ranking_data(competition), method=competition.ranking_method, top_n=competition.top_n)
    title = _("Peringkat %(competition)s — metode: %(method)s — diekspor %(when)s") % {
        "competition": competition.title,
        "method": RankingMethod(competition.ranking_method).label,
        "when": wib(timezone.now()),
    }
    response = HttpResponse(
        exports.ranking_xlsx(result, title=title),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="peringkat-kipp-{competition.year}.xlsx"'
    return response


# ---------------------------------------------------------------------------------------------------------
# Stage closing


class StageCloseForm(forms.Form):
    advancing = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Lolos ke tahap berikutnya"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    reason = forms.CharField(
        label=gettext_lazy("Alasan keputusan panitia"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Wajib bila daftar yang lolos berbeda dari usulan menurut peringkat."),
    )
    confirm_unfinished = forms.BooleanField(
        label=gettext_lazy("Tutup walau ada lembar nilai yang belum final (lembar itu tidak dihitung)"),
        required=False,
    )
    confirm_early = forms.BooleanField(
        label=gettext_lazy("Tutup sebelum batas waktu tahap (juri tidak dapat menilai lagi)"), required=False
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["advancing"].choices = [(row.submission_id, row.entry.submission.name) for row in plan.rows]
        if not plan.unfinished:
            del self.fields["confirm_unfinished"]
        if not plan.before_deadline:
            del self.fields["confirm_early"]


def _final_stage_rows(stage: Stage, plan) -> list[dict]:
    """What closing the final stage freezes, per proposal: its status, stage score, final score (or that it
    has none) and the jurors whose scorecard is still missing or a draft. One query whatever the count."""
    missing: dict[int, list[str]] = {}
    assignments = (
        Assignment.objects.filter(stage=stage, voided_at__isnull=True)
        .exclude(scorecard__status=ScorecardStatus.FINAL)
        .select_related("juror", "scorecard")
        .order_by("juror__full_name", "juror__username", "pk")
    )
    for assignment in assignments:
        card = getattr(assignment, "scorecard", None)
        state = _("draf") if card is not None else _("belum diisi")
        missing.setdefault(assignment.submission_id, []).append(
            _("%(juror)s (%(state)s)") % {"juror": assignment.juror, "state": state}
        )
    statuses = dict(SubmissionStatus.choices)
    return [
        {
            "row": row,
            "name": row.entry.submission.name,
            "unit": row.entry.submission.unit_name,
            "status": statuses.get(row.entry.submission.status, row.entry.submission.status),
            # Without a score at this stage the ranking's final score holds the earlier stages only: not final.
            "final_score": row.entry.final_score if row.score is not None else None,
            "missing": missing.get(row.submission_id, []),
        }
        for row in plan.rows
    ]


@require_http_methods(["GET", "POST"])
@require_perm("judging.close_stage")
def stage_close(request, year, stage_pk):
    competition = _competition(year)
    stage = get_object_or_404(
        Stage.objects.select_related("competition", "closed_by"),
        pk=stage_pk,
        competition=competition,
        kind=StageKind.SCORING,
    )
    plan = stage_service.stage_close_plan(stage=stage)
    if request.method == "POST" and stage.closed_at is None:
        form = StageCloseForm(request.POST, plan=plan)
        if form.is_valid():
            try:
                stage_service.stage_close(
                    stage=stage,
                    by=request.user,
                    advancing_ids=form.cleaned_data["advancing"] if not plan.is_final else [],
                    reason=form.cleaned_data["reason"],
                    confirm_unfinished=form.cleaned_data.get("confirm_unfinished", False),
                    confirm_early=form.cleaned_data.get("confirm_early", False),
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("Tahap «%(stage)s» sudah ditutup.") % {"stage": stage.name})
                return redirect("results:stage_close", year=competition.year, stage_pk=stage.pk)
    else:
        form = StageCloseForm(initial={"advancing": plan.proposed_ids}, plan=plan)
    chosen = set(plan.proposed_ids)
    if form.is_bound:
        # Re-show what the committee ticked; anything that is not a plain id of this stage is ignored.
        known = {str(row.submission_id): row.submission_id for row in plan.rows}
        chosen = {known[value] for value in form.data.getlist("advancing") if value in known}
    advancements = []
    if stage.closed_at is not None:
        advancements = list(
            stage.advancements.select_related("submission__unit").order_by(
                "-advanced", F("stage_score").desc(nulls_last=True), "pk"
            )
        )
    unfinished_names = []
    if plan.unfinished:
        by_id = {row.submission_id: row.entry.submission.name for row in plan.rows}
        unfinished_names = sorted({by_id.get(submission_id, "") for submission_id, _j in plan.unfinished})
    return render(
        request,
        "judging/results/stage_close.html",
        {
            "competition": competition,
            "stage": stage,
            "plan": plan,
            "form": form,
            "chosen": chosen,
            "advancements": advancements,
            "unfinished_names": unfinished_names,
            "final_rows": _final_stage_rows(stage, plan) if plan.is_final and stage.closed_at is None else [],
            "breadcrumbs": _crumbs(competition, (_("Tutup tahap %(stage)s") % {"stage": stage.name}, None)),
        },
    )


# ---------------------------------------------------------------------------------------------------------
# Ties


class TieResolutionForm(forms.Form):
    method = forms.ChoiceField(
        label=gettext_lazy("Cara memutuskan"), choices=TieResolutionMethod.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=gettext_lazy("Berita acara"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Siapa yang hadir, bagaimana suara atau undian dilakukan, dan hasilnya."),
    )

    def __init__(self, *args, entries, **kwargs):
        super().__init__(*args, **kwargs)
        self.entries = entries
        choices = [(str(i), str(i)) for i in range(1, len(entries) + 1)]
        for position, entry in enumerate(entries, start=1):
            self.fields[f"order_{entry.submission_id}"] = forms.TypedChoiceField(
                label=_("Urutan untuk %(name)s") % {"name": entry.submission.name},
                choices=choices,
                coerce=int,
                initial=str(position),
            )

    def clean(self):
        cleaned = super().clean()
        positions = [cleaned.get(f"order_{entry.submission_id}") for entry in self.entries]
        if None not in positions and len(set(positions)) != len(positions):
            raise ValidationError(_("Setiap usulan harus mendapat urutan yang berbeda."))
        return cleaned

    def ordered_ids(self) -> list[int]:
        return [
            entry.submission_id
            for entry in sorted(self.entries, key=lambda e: self.cleaned_data[f"order_{e.submission_id}"])
        ]


@require_http_methods(["GET", "POST"])
@require_perm("judging.resolve_tie")
def tie_resolve(request, year, rank):
    competition = _competition(year)
    result = compute_ranking(ranking_data(competition), method=competition.ranking_method, top_n=competition.top_n)
    group = next((g for g in result.ties if g.rank == rank and g.reached_final), None)
    if group is None:
        raise Http404
    by_id = result.by_submission
    entries = [by_id[submission_id] for submission_id in group.submission_ids]
    form = TieResolutionForm(request.POST if request.method == "POST" else None, entries=entries)
    if request.method == "POST" and not group.resolved and form.is_valid():
        try:
            publication_service.tie_resolution_record(
                competition=competition,
                actor=request.user,
                method=form.cleaned_data["method"],
                ordered_submission_ids=form.ordered_ids(),
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Keputusan panitia atas nilai yang sama sudah dicatat."))
            return redirect("results:ranking", year=competition.year)
    resolution = None
    if group.resolved:
        resolution = competition.tie_resolutions.select_related("decided_by").filter(pk=group.resolution_id).first()
    return render(
        request,
        "judging/results/tie_resolve.html",
        {
            "competition": competition,
            "group": group,
            "entries": entries,
            "ranking": result,
            "form": form,
            "resolution": resolution,
            "breadcrumbs": _crumbs(competition, (_("Nilai sama di peringkat %(rank)d") % {"rank": rank}, None)),
        },
    )


# ---------------------------------------------------------------------------------------------------------
# Publication


class PublishForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy(
            "Saya sudah memeriksa peringkat di atas dan mengumumkannya atas nama panitia. Pengumuman dapat "
            "ditarik kembali, tetapi tercatat."
        )
    )
    tie_override_note = forms.CharField(
        label=gettext_lazy("Pengecualian untuk nilai sama di batas peringkat (dicatat dan diumumkan)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Isi hanya bila panitia memutuskan usulan bernilai sama di batas peringkat berbagi tempat tanpa "
            "pemungutan suara atau undian."
        ),
    )


@require_http_methods(["GET", "POST"])
@require_perm("judging.publish_results")
def publish(request, year):
    competition = _competition(year)
    form = PublishForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            publication = publication_service.publication_publish(
                competition=competition,
                actor=request.user,
                tie_override_note=form.cleaned_data["tie_override_note"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Hasil %(competition)s sudah diumumkan (versi %(version)d).")
                % {"competition": competition.title, "version": publication.version},
            )
            return redirect("results:publications", year=competition.year)
    preview = publication_service.publication_preview(competition=competition)
    return render(
        request,
        "judging/results/publish.html",
        {
            "competition": competition,
            "preview": preview,
            "form": form,
            "breadcrumbs": _crumbs(competition, (_("Umumkan hasil"), None)),
        },
    )


@require_perm("judging.publish_results")
def publications(request, year):
    competition = _competition(year)
    versions = list(
        Publication.objects.filter(competition=competition)
        .select_related("published_by", "unpublished_by")
        .order_by("-version")
    )
    return render(
        request,
        "judging/results/publications.html",
        {
            "competition": competition,
            "versions": versions,
            "breadcrumbs": _crumbs(competition, (_("Pengumuman"), None)),
        },
    )


@require_perm("judging.publish_results")
def publication_detail(request, year, version):
    competition = _competition(year)
    publication = get_object_or_404(
        Publication.objects.select_related("published_by", "unpublished_by"), competition=competition, version=version
    )
    entries = list(publication.entries.order_by("rank", "innovation_name"))
    return render(
        request,
        "judging/results/publication_detail.html",
        {
            "competition": competition,
            "publication": publication,
            "entries": entries,
            "breadcrumbs": _crumbs(
                competition,
                (_("Pengumuman"), reverse("results:publications", kwargs={"year": competition.year})),
                (_("Versi %(version)d") % {"version": version}, None),
            ),
        },
    )


class UnpublishForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Alasan penarikan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Dicatat dan terlihat oleh panitia."),
    )


@require_http_methods(["GET", "POST"])
@require_perm("judging.publish_results")
def unpublish(request, year, version):
    competition = _competition(year)
    publication = get_object_or_404(Publication, competition=competition, version=version)
    form = UnpublishForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and publication.unpublished_at is None and form.is_valid():
        try:
            publication_service.publication_unpublish(
                publication=publication, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Pengumuman versi %(version)d sudah ditarik.") % {"version": version})
            return redirect("results:publications", year=competition.year)
    return render(
        request,
        "judging/results/unpublish.html",
        {
            "competition": competition,
            "publication": publication,
            "form": form,
            "breadcrumbs": _crumbs(
                competition,
                (_("Pengumuman"), reverse("results:publications", kwargs={"year": competition.year})),
                (_("Tarik versi %(version)d") % {"version": version}, None),
            ),
        },
    )


def _active_or_404(competition: Competition) -> Publication:
    publication = publication_service.active_publication(competition)
    if publication is None:
        raise Http404
    return publication


@require_perm("judging.publish_results")
def certificates_zip(request, year):
    competition = _competition(year)
    publication = _active_or_404(competition)
    entries = list(publication.entries.order_by("rank", "innovation_name"))
    response = HttpResponse(
        certificates.certificates_zip(entries=entries, competition=competition, publication=publication),
        content_type="application/zip",
    )
    response["Content-Disposition"] = f'attachment; filename="piagam-kipp-{competition.year}.zip"'
    return response


# ---------------------------------------------------------------------------------------------------------
# Forwarding


@require_perm("judging.forward_winners")
def forwarding_list(request, year):
    competition = _competition(year)
    publication = _active_or_404(competition)
    return render(
        request,
        "judging/results/forwarding.html",
        {
            "competition": competition,
            "publication": publication,
            "winners": forwarding.winners(publication),
            "breadcrumbs": _crumbs(competition, (_("Penerusan ke provinsi dan nasional"), None)),
        },
    )


@require_perm("judging.forward_winners")
def forwarding_pdf(request, year, pk):
    competition = _competition(year)
    publication = _active_or_404(competition)
    winner = next((w for w in forwarding.winners(publication) if w.submission.pk == pk), None)
    if winner is None:
        raise Http404
    response = HttpResponse(
        forwarding.forwarding_pdf(winner=winner, competition=competition), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{forwarding.forwarding_filename(winner, competition.year)}"'
    )
    return response


@require_perm("judging.forward_winners")
def forwarding_zip(request, year):
    competition = _competition(year)
    publication = _active_or_404(competition)
    response = HttpResponse(
        forwarding.forwarding_zip(publication=publication, competition=competition), content_type="application/zip"
    )
    response["Content-Disposition"] = f'attachment; filename="penerusan-kipp-{competition.year}.zip"'
    return response


# ---------------------------------------------------------------------------------------------------------
# Feedback for the units


@require_perm("judging.list_feedback")
def feedback_list(request):
    """The operator's unit's scored submissions of published years (the committee sees every unit's)."""
    queryset = (
        Submission.objects.filter(competition__published_at__isnull=False, stage__isnull=False)
        .select_related("competition", "unit", "stage")
        .order_by("-competition__year", "unit__name", "name")
    )
    if not is_committee(request.user):
        queryset = queryset.filter(unit_id=request.user.unit_id)
    paginator = Paginator(queryset, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("halaman"))
    return render(
        request,
        "judging/results/feedback_list.html",
        {"page": page, "breadcrumbs": [(_("Umpan balik juri"), None)]},
    )


@login_required
def feedback(request, pk):
    """One submission's stage scores per criterion and the jurors' comments, without the jurors' names."""
    submission = Submission.objects.select_related("competition", "unit", "category").filter(pk=pk).first()
    # Asked explicitly as well as through the rule: has_perm() grants a superuser everything, and nothing of
    # a competition is shown to anyone before its publication.
    if (
        submission is None
        or submission.competition.published_at is None
        or not request.user.has_perm("judging.view_feedback", submission)
    ):
        raise Http404
    competition = submission.competition
    result = compute_ranking(ranking_data(competition), method=competition.ranking_method, top_n=competition.top_n)
    entry = result.by_submission.get(submission.pk)
    stages, criteria = scoring_structure(competition)
    breakdown = criterion_breakdown(result, [submission.pk]).get(submission.pk, {}) if entry else {}
    counted = {stage_id: {j for j, _t in totals} for stage_id, totals in (entry.juror_totals.items() if entry else [])}
    comments: dict[int, dict] = {stage.pk: {"criteria": {}, "notes": []} for stage in stages}
    labels: dict[tuple[int, int], int] = {}
    cards = (
        Scorecard.objects.filter(
            assignment__submission=submission,
            assignment__voided_at__isnull=True,
            assignment__stage__in=stages,
            status=ScorecardStatus.FINAL,
        )
        .select_related("assignment")
        .order_by("assignment__stage__order", "submitted_at", "pk")
    )
    for card in cards:
        stage_id, juror_id = card.assignment.stage_id, card.assignment.juror_id
        if juror_id not in counted.get(stage_id, ()):
            continue
        label = labels.setdefault((stage_id, juror_id), sum(1 for key in labels if key[0] == stage_id) + 1)
        if card.overall_note.strip():
            comments[stage_id]["notes"].append((label, card.overall_note))
    for score in (
        Score.objects.filter(
            scorecard__in=[card for card in cards if (card.assignment.stage_id, card.assignment.juror_id) in labels]
        )
        .exclude(comment="")
        .select_related("scorecard__assignment")
        .order_by("criterion__order", "scorecard__submitted_at", "pk")
    ):
        key = (score.scorecard.assignment.stage_id, score.scorecard.assignment.juror_id)
        comments[key[0]]["criteria"].setdefault(score.criterion_id, []).append((labels[key], score.comment))
    stage_blocks = [
        {
            "stage": stage,
            "score": entry.stage_scores.get(stage.pk) if entry else None,
            "jurors": len(entry.juror_totals.get(stage.pk, [])) if entry else 0,
            "criteria": [
                {
                    "criterion": criterion,
                    "mean": breakdown.get(criterion.pk),
                    "comments": comments[stage.pk]["criteria"].get(criterion.pk, []),
                }
                for criterion in criteria[stage.pk]
            ],
            "notes": comments[stage.pk]["notes"],
        }
        for stage in stages
        if entry and entry.juror_totals.get(stage.pk)
    ]
    published = PublishedEntry.objects.filter(submission=submission, publication__unpublished_at__isnull=True).first()
    return render(
        request,
        "judging/results/feedback.html",
        {
            "submission": submission,
            "competition": competition,
            "entry": entry,
            "stage_blocks": stage_blocks,
            "published": published,
            "breadcrumbs": [
                (_("Umpan balik juri"), reverse("results:feedback_list")),
                (submission.name, None),
            ],
        },
    )
