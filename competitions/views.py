"""The committee's configuration pages and the public announcement of a competition year.

Every view parses with a form, checks the permission, calls one service and redirects, or re-renders the
bound form with the messages next to the fields.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import modelformset_factory
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from competitions import forms as config_forms
from competitions import selectors, services
from competitions.enums import PROPOSAL_SECTIONS, StageKind
from competitions.models import Competition, CompetitionChange, Criterion, Stage
from kipp.permissions import require_perm

MANAGE = "competitions.manage_competition"


def _competition(year: int) -> Competition:
    return get_object_or_404(Competition.objects.prefetch_related("stages"), year=year)


def _post_data(request):
    return request.POST if request.method == "POST" else None


def _show_error_on_form(form, error: ValidationError) -> None:
    """Put a service's refusal next to the fields it names, or above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _show_error_on_formset(formset, error: ValidationError) -> None:
    formset._non_form_errors = formset.error_class(
        list(error.messages), error_class="nonform", renderer=formset.renderer
    )


def _config_context(competition: Competition, active: str, title: str, **extra) -> dict:
    """What every configuration page shares: the header, the tabs and the breadcrumbs."""
    settings_url = reverse("competitions:settings", kwargs={"year": competition.year})
    breadcrumbs = [(_("Panitia"), reverse("competitions:overview")), (str(competition), settings_url)]
    if active != "settings":
        breadcrumbs.append((title, None))
    return {
        "competition": competition,
        "phase": competition.phase,
        "scoring_stages": selectors.scoring_stages(competition),
        "active_tab": active,
        "stage_tab_pk": extra["stage"].pk if extra.get("stage") else None,
        "page_title": title,
        "breadcrumbs": breadcrumbs,
        **extra,
    }


def _save_formset(request, *, formset, save, override_form=None, success_message: str) -> bool:
    """Validate, call the service and report; return True when the caller should redirect."""
    override_ok = override_form.is_valid() if override_form is not None else True
    if not (formset.is_valid() and override_ok):
        return False
    try:
        save(override_form.override_reason if override_form is not None else "")
    except ValidationError as error:
        if override_form is not None and getattr(error, "code", None) == "locked":
            override_form.add_error("confirm", error.messages)
        else:
            _show_error_on_formset(formset, error)
        return False
    messages.success(request, success_message)
    return True


@require_perm(MANAGE)
def overview(request):
    """The committee's landing page: every competition year, its phase and what comes next."""
    competitions = list(selectors.competitions_for_committee())
    active = [c for c in competitions if c.archived_at is None]
    archived = [c for c in competitions if c.archived_at is not None]
    cards = [
        {"competition": c, "phase": c.phase, "next": selectors.next_deadline(c), "scoring": selectors.scoring_stages(c)}
        for c in active
    ]
    next_year = max((c.year for c in competitions), default=timezone.localdate().year - 1) + 1
    return render(
        request,
        "competitions/overview.html",
        {
            "cards": cards,
            "archived": archived,
            "next_year": next_year,
            "breadcrumbs": [(_("Panitia"), None)],
        },
    )


@require_perm(MANAGE)
def create(request):
    form = config_forms.CompetitionCreateForm(_post_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            competition = services.competition_create(
                fields=form.service_fields(),
                actor=request.user,
                with_defaults=form.cleaned_data["start"] == form.START_NATIONAL,
            )
        except ValidationError as error:
            _show_error_on_form(form, error)
        else:
            messages.success(
                request,
                _("Kompetisi %(competition)s dibuat. Periksa setiap pengaturannya.") % {"competition": competition},
            )
            return redirect("competitions:settings", year=competition.year)
    return render(
        request,
        "competitions/create.html",
        {
            "form": form,
            "breadcrumbs": [(_("Panitia"), reverse("competitions:overview")), (_("Kompetisi baru"), None)],
        },
    )


@require_perm(MANAGE)
def settings(request, year: int):
    """General settings: timeline, eligibility, Top N, ranking method, word limits, signatory."""
    competition = _competition(year)
    locked = services.ranking_method_locked(competition)
    # The form edits its own copy, so the page header keeps showing the saved values while errors are fixed.
    form = config_forms.CompetitionForm(_post_data(request), instance=_competition(year), ranking_locked=locked)
    if request.method == "POST" and form.is_valid():
        try:
            competition = services.competition_update(
                competition=competition, fields=form.service_fields(), actor=request.user
            )
        except ValidationError as error:
            _show_error_on_form(form, error)
        else:
            messages.success(request, _("Pengaturan disimpan."))
            return redirect("competitions:settings", year=competition.year)
    context = _config_context(
        competition,
        "settings",
        _("Pengaturan umum"),
        form=form,
        recent_changes=competition.changes.select_related("actor", "stage")[:5],
    )
    return render(request, "competitions/settings.html", context)


@require_perm(MANAGE)
def stages(request, year: int):
    """All stages of the year on one page, because their rules (order, weights, Top N) span stages."""
    competition = _competition(year)
    formset_class = modelformset_factory(
        Stage,
        form=config_forms.StageForm,
        formset=config_forms.BaseStageFormSet,
        extra=1 if competition.stages.all() else 3,
        can_delete=True,
    )
    formset = formset_class(_post_data(request), competition=competition, prefix="stages")
    override_form = config_forms.LockOverrideForm(_post_data(request), prefix="override")

    def save(reason):
        services.stages_save(
            competition=competition,
            rows=formset.rows(services.STAGE_FIELDS),
            actor=request.user,
            override_reason=reason,
        )

    if request.method == "POST" and _save_formset(
        request, formset=formset, save=save, override_form=override_form, success_message=_("Tahap disimpan.")
    ):
        return redirect("competitions:stages", year=competition.year)
    started = [stage for stage in competition.stages.all() if stage.scoring_started_at]
    context = _config_context(
        competition,
        "stages",
        _("Tahap"),
        formset=formset,
        override_form=override_form,
        started_stages=started,
        stage_weight_total=sum(s.weight for s in competition.stages.all() if s.kind == StageKind.SCORING),
    )
    return render(request, "competitions/stages.html", context)


@require_perm(MANAGE)
def criteria(request, year: int, stage_id: int):
    """A scoring stage's criteria and weights (they add up to 100), each with a link to its rubric."""
    competition = _competition(year)
    stage = get_object_or_404(competition.stages.filter(kind=StageKind.SCORING), pk=stage_id)
    formset = config_forms.CriterionFormSet(
        _post_data(request),
        instance=stage,
        queryset=stage.criteria.prefetch_related("rubric_levels"),
        prefix="criteria",
    )
    override_form = config_forms.LockOverrideForm(_post_data(request), prefix="override")

    def save(reason):
        services.criteria_save(
            stage=stage, rows=formset.rows(services.CRITERION_FIELDS), actor=request.user, override_reason=reason
        )

    if request.method == "POST" and _save_formset(
        request,
        formset=formset,
        save=save,
        override_form=override_form,
        success_message=_("Kriteria tahap «%(stage)s» disimpan.") % {"stage": stage.name},
    ):
        return redirect("competitions:criteria", year=competition.year, stage_id=stage.pk)
    saved = list(stage.criteria.prefetch_related("rubric_levels"))
    context = _config_context(
        competition,
        f"criteria-{stage.pk}",
        _("Kriteria: %(stage)s") % {"stage": stage.name},
        stage=stage,
        formset=formset,
        override_form=override_form,
        lock_message=services.lock_message(stage) if stage.scoring_started_at else "",
        saved_criteria=saved,
        weight_total=sum(criterion.weight for criterion in saved),
    )
    return render(request, "competitions/criteria.html", context)


@require_perm(MANAGE)
def rubric(request, year: int, criterion_id: int):
    """The rubric levels of one criterion: score ranges and what earns them."""
    competition = _competition(year)
    criterion = get_object_or_404(
        Criterion.objects.select_related("stage"), pk=criterion_id, stage__competition=competition
    )
    stage = criterion.stage
    formset = config_forms.RubricFormSet(_post_data(request), instance=criterion, prefix="levels")
    override_form = config_forms.LockOverrideForm(_post_data(request), prefix="override")

    def save(reason):
        services.rubric_save(
            criterion=criterion, rows=formset.rows(services.RUBRIC_FIELDS), actor=request.user, override_reason=reason
        )

    if request.method == "POST" and _save_formset(
        request,
        formset=formset,
        save=save,
        override_form=override_form,
        success_message=_("Rubrik «%(criterion)s» disimpan.") % {"criterion": criterion.name},
    ):
        return redirect("competitions:rubric", year=competition.year, criterion_id=criterion.pk)
    context = _config_context(
        competition,
        f"criteria-{stage.pk}",
        _("Rubrik: %(criterion)s") % {"criterion": criterion.name},
        stage=stage,
        criterion=criterion,
        formset=formset,
        override_form=override_form,
        lock_message=services.lock_message(stage) if stage.scoring_started_at else "",
    )
    context["breadcrumbs"].insert(
        -1,
        (
            _("Kriteria: %(stage)s") % {"stage": stage.name},
            reverse("competitions:criteria", kwargs={"year": competition.year, "stage_id": stage.pk}),
        ),
    )
    return render(request, "competitions/rubric.html", context)


def _simple_formset_page(request, *, year, formset_class, prefix, fields, save, tab, title, template, message):
    competition = _competition(year)
    formset = formset_class(_post_data(request), instance=competition, prefix=prefix)
    if request.method == "POST" and _save_formset(
        request,
        formset=formset,
        save=lambda _reason: save(competition=competition, rows=formset.rows(fields), actor=request.user),
        success_message=message,
    ):
        return redirect(f"competitions:{tab}", year=competition.year)
    return render(request, template, _config_context(competition, tab, title, formset=formset))


@require_perm(MANAGE)
def categories(request, year: int):
    """Optional clusters of submissions (e.g. "Umum", "Replikasi")."""
    return _simple_formset_page(
        request,
        year=year,
        formset_class=config_forms.CategoryFormSet,
        prefix="categories",
        fields=services.CATEGORY_FIELDS,
        save=services.categories_save,
        tab="categories",
        title=_("Kategori usulan"),
        template="competitions/categories.html",
        message=_("Kategori disimpan."),
    )


@require_perm(MANAGE)
def tiers(request, year: int):
    """Named bands of the Top N shown on the results, the ceremony and the certificates."""
    return _simple_formset_page(
        request,
        year=year,
        formset_class=config_forms.AwardTierFormSet,
        prefix="tiers",
        fields=services.TIER_FIELDS,
        save=services.award_tiers_save,
        tab="tiers",
        title=_("Kategori penghargaan"),
        template="competitions/tiers.html",
        message=_("Kategori penghargaan disimpan."),
    )


@require_perm(MANAGE)
def requirements(request, year: int):
    """The documents every proposal attaches, e.g. the three statement letters."""
    return _simple_formset_page(
        request,
        year=year,
        formset_class=config_forms.AttachmentRequirementFormSet,
        prefix="requirements",
        fields=services.REQUIREMENT_FIELDS,
        save=services.attachment_requirements_save,
        tab="requirements",
        title=_("Dokumen wajib"),
        template="competitions/requirements.html",
        message=_("Dokumen wajib disimpan."),
    )


@require_perm(MANAGE)
def copy(request, year: int):
    """Create next year from this one in one step."""
    competition = _competition(year)
    form = config_forms.CopyForm(_post_data(request), initial={"year": competition.year + 1})
    if request.method == "POST" and form.is_valid():
        try:
            new = services.competition_copy(
                source=competition,
                year=form.cleaned_data["year"],
                title=form.cleaned_data["title"],
                actor=request.user,
            )
        except ValidationError as error:
            _show_error_on_form(form, error)
        else:
            messages.success(
                request,
                _("%(new)s dibuat dari %(old)s. Periksa tanggal-tanggalnya, lalu umumkan.")
                % {"new": new, "old": competition},
            )
            return redirect("competitions:settings", year=new.year)
    context = _config_context(competition, "copy", _("Salin ke tahun berikutnya"), form=form)
    return render(request, "competitions/copy.html", context)


@require_perm(MANAGE)
def archive(request, year: int):
    """Archive a finished year (GET asks for confirmation) or restore an archived one."""
    competition = _competition(year)
    if request.method == "POST":
        try:
            if competition.archived_at is None:
                services.competition_archive(competition=competition, actor=request.user)
                messages.success(request, _("%(competition)s diarsipkan.") % {"competition": competition})
            else:
                services.competition_restore(competition=competition, actor=request.user)
                messages.success(request, _("%(competition)s dipulihkan dari arsip.") % {"competition": competition})
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("competitions:overview")
    title = _("Arsipkan kompetisi") if competition.archived_at is None else _("Pulihkan dari arsip")
    return render(request, "competitions/archive.html", _config_context(competition, "archive", title))


@require_perm(MANAGE)
def changes(request, year: int):
    """The visible log of configuration changes, overrides of a scoring lock first to catch the eye."""
    competition = _competition(year)
    entries = CompetitionChange.objects.filter(competition=competition).select_related("actor", "stage")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    context = _config_context(competition, "changes", _("Riwayat perubahan"), page=page)
    return render(request, "competitions/changes.html", context)


def announcement(request, year: int):
    """The public announcement: what it is, who may enter, the timeline, the criteria, how to submit."""
    competition = get_object_or_404(selectors.competition_with_structure(), year=year)
    if not request.user.has_perm("competitions.view_announcement", competition):
        raise Http404
    limits = competition.word_limits or {}
    return render(
        request,
        "competitions/announcement.html",
        {
            "competition": competition,
            "phase": competition.phase,
            "timeline": selectors.timeline(competition),
            "scoring_stages": selectors.scoring_stages(competition),
            "methodology": selectors.methodology_lines(competition),
            "word_limits": [(label, limits.get(key, default)) for key, label, default in PROPOSAL_SECTIONS],
            "breadcrumbs": [(str(competition), None)],
        },
    )
