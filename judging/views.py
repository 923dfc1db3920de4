"""Jury pages: the juror's workspace and scorecards, and the committee's jury, assignment, conflict and
calibration pages for each scoring stage. Each view parses a form, checks a named permission, calls one
service and redirects, or re-renders the bound form with the service's message.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from competitions.enums import PROPOSAL_SECTIONS, StageKind
from competitions.models import Stage
from judging import selectors
from judging.calibration import stage_calibration
from judging.enums import ScorecardStatus
from judging.forms import (
    AssignmentRemoveForm,
    AutoAssignForm,
    ConflictDeclareForm,
    ConflictRecordForm,
    JurorCreateForm,
    JuryAddForm,
    ManualAssignmentForm,
    ReopenForm,
    ScorecardForm,
    add_service_errors,
)
from judging.models import Assignment, ConflictOfInterest, JuryMember, Scorecard
from judging.services import assignment as assignment_service
from judging.services import conflicts as conflict_service
from judging.services import jury as jury_service
from judging.services import scoring as scoring_service
from kipp.permissions import check_object_perm, require_perm


def _site_url(request) -> str:
    return request.build_absolute_uri("/")


# --- The juror's pages -------------------------------------------------------------------------------


def _scorecard_url_maker():
    """`pk -> scorecard URL`, reversed once: one `reverse()` per row was the assignment list's largest cost."""
    marker = 987654321
    prefix, suffix = reverse("judging:scorecard", args=[marker]).split(str(marker))
    return lambda pk: f"{prefix}{pk}{suffix}"


@require_perm("judging.access_juror_pages")
def juror_home(request):
    """The juror's stages with their assignments, status, deadline and progress."""
    now = timezone.now()
    works = selectors.juror_workload(request.user, now=now, scorecard_url=_scorecard_url_maker())
    return render(
        request,
        "judging/juror_home.html",
        {"works": works, "now": now, "breadcrumbs": [(_("Penilaian saya"), None)]},
    )


def _juror_assignment(request, pk, *, with_submission: bool = True) -> Assignment:
    try:
        assignment = selectors.juror_assignment_detail(request.user, pk, with_submission=with_submission)
    except Assignment.DoesNotExist:
        raise Http404 from None
    check_object_perm(request.user, "judging.view_assignment", assignment)
    return assignment


@require_perm("judging.access_juror_pages")
def scorecard(request, pk):
    """Read the proposal and score it: save a draft at any time, submit final once."""
    data = request.POST or None
    # A bound form shows what was posted, and a save redirects: the proposal, the stored scores (the unbound
    # form's initial values and the saved total) and the rubric are read only when the page is rendered.
    assignment = _juror_assignment(request, pk, with_submission=data is None)
    stage = assignment.stage
    card = getattr(assignment, "scorecard", None)
    criteria = selectors.stage_criteria(stage, with_rubric=data is None)
    scores = selectors.scorecard_scores(card) if data is None else None
    form = ScorecardForm(data, criteria=criteria, scores=scores, scorecard=card)
    if request.method == "POST" and form.is_valid():
        try:
            card = scoring_service.scorecard_save(
                juror=request.user,
                assignment=assignment,
                values=form.values(),
                comments=form.comments(),
                overall_note=form.cleaned_data["overall_note"],
                final=form.is_final,
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if card.status == ScorecardStatus.FINAL:
                messages.success(request, _("Lembar nilai dikirim final. Terima kasih!"))
            else:
                messages.success(request, _("Draf tersimpan."))
            return redirect("judging:scorecard", pk=assignment.pk)
        # Re-read: another window may have saved meanwhile; the page must carry the stored version.
        card = Scorecard.objects.filter(assignment=assignment).first()
    if scores is None:
        selectors.load_assignment_submission(assignment)
        scores = selectors.scorecard_scores(card)
        selectors.prefetch_rubric(criteria)
    previous_id, next_id, position, count = selectors.juror_neighbours(request.user, assignment)
    is_final = card is not None and card.status == ScorecardStatus.FINAL
    can_score = request.user.has_perm("judging.score_assignment", assignment) and not is_final
    closed_message = scoring_service.stage_closed_message(stage, timezone.now())
    submission = assignment.submission
    sections = [(label, getattr(submission, key)) for key, label, _limit in PROPOSAL_SECTIONS]
    total = scoring_service.scorecard_total(criteria, scores)
    context = {
        "assignment": assignment,
        "stage": stage,
        "submission": submission,
        "scorecard": card,
        "form": form,
        "rows": form.rows(),
        "sections": sections,
        "attachments": selectors.submission_attachments(submission),
        "previous_id": previous_id,
        "next_id": next_id,
        "position": position,
        "count": count,
        "is_final": is_final,
        "can_score": can_score,
        "can_declare": request.user.has_perm("judging.declare_conflict", assignment),
        "closed_message": closed_message,
        "current_version": card.version if card is not None else 0,
        "saved_total": total,
        "breadcrumbs": [
            (_("Penilaian saya"), reverse("judging:juror_home")),
            (submission.name, None),
        ],
    }
    return render(request, "judging/jury/scorecard.html", context)


@require_perm("judging.access_juror_pages")
def declare_conflict(request, pk):
    """The juror recuses itself from an assigned submission, with a reason."""
    assignment = _juror_assignment(request, pk)
    check_object_perm(request.user, "judging.declare_conflict", assignment)
    form = ConflictDeclareForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            conflict_service.conflict_declare(
                juror=request.user, assignment=assignment, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Konflik kepentingan tercatat. Anda tidak lagi menilai %(name)s.")
                % {"name": assignment.submission.name},
            )
            return redirect("judging:juror_home")
    return render(
        request,
        "judging/jury/declare_conflict.html",
        {
            "assignment": assignment,
            "form": form,
            "breadcrumbs": [
                (_("Penilaian saya"), reverse("judging:juror_home")),
                (assignment.submission.name, reverse("judging:scorecard", args=[assignment.pk])),
                (_("Nyatakan konflik kepentingan"), None),
            ],
        },
    )


# --- The committee's pages ---------------------------------------------------------------------------


def _committee_stage(stage_id) -> Stage:
    return get_object_or_404(Stage.objects.select_related("competition"), pk=stage_id, kind=StageKind.SCORING)


def _stage_breadcrumbs(stage: Stage, current: str) -> list:
    return [
        (_("Panitia"), reverse("competitions:overview")),
        (_("Juri dan penilaian"), reverse("judging:committee_stages")),
        (f"{stage.competition.year} · {stage.name}", reverse("judging:stage_assignments", args=[stage.pk])),
        (current, None),
    ]


@require_perm("judging.manage_jury")
def committee_stages(request):
    """Every scoring stage with its jury size and assignments: the way into the stage pages."""
    return render(
        request,
        "judging/jury/committee_stages.html",
        {
            "stages": selectors.scoring_stages_for_committee(),
            "now": timezone.now(),
            "breadcrumbs": [(_("Panitia"), reverse("competitions:overview")), (_("Juri dan penilaian"), None)],
        },
    )


@require_perm("judging.manage_jury")
def stage_jury(request, stage_id):
    """The stage's panel: add existing jurors, create a new juror account, remove a member."""
    stage = _committee_stage(stage_id)
    action = request.POST.get("action") if request.method == "POST" else None
    add_form = JuryAddForm(request.POST if action == "add" else None, stage=stage, prefix="add")
    create_form = JurorCreateForm(request.POST if action == "create" else None, prefix="new")
    if action == "add" and add_form.is_valid():
        try:
            added = jury_service.jury_add(
                stage=stage, jurors=add_form.cleaned_data["jurors"], by=request.user, site_url=_site_url(request)
            )
        except ValidationError as error:
            add_service_errors(add_form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s juri ditambahkan ke panel dan diberi tahu lewat e-mail.",
                    "%(count)s juri ditambahkan ke panel dan diberi tahu lewat e-mail.",
                    len(added),
                )
                % {"count": len(added)},
            )
            return redirect("judging:stage_jury", stage_id=stage.pk)
    if action == "create" and create_form.is_valid():
        try:
            user = jury_service.juror_create(
                stage=stage, by=request.user, site_url=_site_url(request), **create_form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(create_form, error)
        else:
            messages.success(
                request,
                _("Akun juri %(name)s dibuat; tautan untuk membuat kata sandi dikirim ke %(email)s.")
                % {"name": user, "email": user.email},
            )
            return redirect("judging:stage_jury", stage_id=stage.pk)
    return render(
        request,
        "judging/jury/stage_jury.html",
        {
            "stage": stage,
            "members": selectors.stage_jury(stage),
            "add_form": add_form,
            "create_form": create_form,
            "tab": "jury",
            "breadcrumbs": _stage_breadcrumbs(stage, _("Panel juri")),
        },
    )


@require_POST
@require_perm("judging.manage_jury")
def jury_member_remove(request, pk):
    member = get_object_or_404(JuryMember.objects.select_related("stage", "juror"), pk=pk)
    try:
        voided = jury_service.jury_remove(member=member, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(name)s dikeluarkan dari panel; %(count)s penugasan dibatalkan.")
            % {"name": member.juror, "count": voided},
        )
    return redirect("judging:stage_jury", stage_id=member.stage_id)


@require_perm("judging.manage_jury")
def stage_assignments(request, stage_id):
    """The stage's board: who scores what, loads per juror, gaps; automatic and manual assignment."""
    stage = _committee_stage(stage_id)
    action = request.POST.get("action") if request.method == "POST" else None
    manual_form = ManualAssignmentForm(request.POST if action == "manual" else None, stage=stage, prefix="manual")
    auto_errors = []
    if action == "auto":
        auto_form = AutoAssignForm(request.POST)
        if auto_form.is_valid():
            try:
                result = assignment_service.assignment_auto(
                    stage=stage, by=request.user, gaps_only=auto_form.cleaned_data["mode"] == AutoAssignForm.GAPS
                )
            except ValidationError as error:
                auto_errors = error.messages
            else:
                messages.success(
                    request,
                    _(
                        "Penugasan otomatis selesai: %(created)s baru, %(removed)s dihapus, %(kept)s tetap, "
                        "%(voided)s dibatalkan karena konflik."
                    )
                    % {
                        "created": result.created,
                        "removed": result.removed,
                        "kept": result.kept,
                        "voided": result.voided_conflicts,
                    },
                )
                if result.shortfalls:
                    messages.warning(
                        request,
                        ngettext(
                            "%(count)s usulan belum mendapat cukup juri; lihat daftar kekurangan.",
                            "%(count)s usulan belum mendapat cukup juri; lihat daftar kekurangan.",
                            len(result.shortfalls),
                        )
                        % {"count": len(result.shortfalls)},
                    )
                return redirect("judging:stage_assignments", stage_id=stage.pk)
        else:
            auto_errors = [_("Pilih cara penugasan otomatis.")]
    if action == "manual" and manual_form.is_valid():
        try:
            assignment_service.assignment_add(
                stage=stage,
                submission=manual_form.cleaned_data["submission"],
                juror=manual_form.cleaned_data["juror"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(manual_form, error)
        else:
            messages.success(
                request,
                _("%(juror)s ditugaskan menilai %(submission)s.")
                % {"juror": manual_form.cleaned_data["juror"], "submission": manual_form.cleaned_data["submission"]},
            )
            return redirect("judging:stage_assignments", stage_id=stage.pk)
    coverage = assignment_service.stage_coverage(stage)
    gaps_only = request.GET.get("kekurangan") == "1"
    rows = [s for s in coverage.submissions if s.shortfall] if gaps_only else coverage.submissions
    return render(
        request,
        "judging/jury/stage_assignments.html",
        {
            "stage": stage,
            "coverage": coverage,
            "rows": rows,
            "gaps_only": gaps_only,
            "manual_form": manual_form,
            "auto_errors": auto_errors,
            "can_change": not stage.is_finished_at(timezone.now()),
            "tab": "assignments",
            "breadcrumbs": _stage_breadcrumbs(stage, _("Penugasan")),
        },
    )


@require_POST
@require_perm("judging.manage_jury")
def assignment_remove(request, pk):
    """Withdraw one assignment (voided, never deleted: a started scorecard keeps its history)."""
    assignment = get_object_or_404(Assignment.objects.select_related("juror", "submission"), pk=pk)
    form = AssignmentRemoveForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        assignment_service.assignment_remove(assignment=assignment, by=request.user, reason=reason)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Penugasan %(juror)s pada %(submission)s dicabut.")
            % {"juror": assignment.juror, "submission": assignment.submission},
        )
    return redirect("judging:stage_assignments", stage_id=assignment.stage_id)


@require_perm("judging.manage_jury")
def stage_conflicts(request, stage_id):
    """Conflicts of the stage's jury: derived from the organisation chart, declared, recorded; record one."""
    stage = _committee_stage(stage_id)
    form = ConflictRecordForm(request.POST or None, stage=stage)
    if request.method == "POST" and form.is_valid():
        try:
            _conflict, voided = conflict_service.conflict_record(
                by=request.user,
                juror=form.cleaned_data["juror"],
                submission=form.cleaned_data["submission"],
                unit=form.cleaned_data["unit"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Konflik kepentingan dicatat; %(count)s penugasan dibatalkan.") % {"count": voided},
            )
            return redirect("judging:stage_conflicts", stage_id=stage.pk)
    coverage = assignment_service.stage_coverage(stage)
    derived = [
        (juror, submission, conflict)
        for submission in coverage.submissions
        for juror, conflict in submission.conflict_list
    ]
    derived.sort(key=lambda item: (str(item[0]).lower(), item[1].name))
    recorded = (
        ConflictOfInterest.objects.filter(juror__jury_memberships__stage=stage)
        .select_related("juror", "submission__unit", "unit", "created_by")
        .order_by("-created_at")
    )
    return render(
        request,
        "judging/jury/stage_conflicts.html",
        {
            "stage": stage,
            "form": form,
            "derived": derived,
            "recorded": recorded,
            "tab": "conflicts",
            "breadcrumbs": _stage_breadcrumbs(stage, _("Konflik kepentingan")),
        },
    )


@require_perm("judging.view_calibration")
def calibration(request, stage_id):
    """How each juror scores against the panel, and the submissions the panel disagrees on."""
    stage = _committee_stage(stage_id)
    return render(
        request,
        "judging/jury/calibration.html",
        {
            "stage": stage,
            "calibration": stage_calibration(stage),
            "tab": "calibration",
            "breadcrumbs": _stage_breadcrumbs(stage, _("Kalibrasi juri")),
        },
    )


@require_perm("judging.manage_jury")
def scorecard_review(request, pk):
    """The committee reads one scorecard and may reopen it (final only) with a recorded reason."""
    card = get_object_or_404(
        Scorecard.objects.select_related(
            "assignment__stage__competition", "assignment__juror", "assignment__submission__unit", "reopened_by"
        ),
        pk=pk,
    )
    stage = card.assignment.stage
    criteria = selectors.stage_criteria(stage)
    scores = selectors.scorecard_scores(card)
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            scoring_service.scorecard_reopen(scorecard=card, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Lembar nilai %(juror)s untuk %(submission)s dibuka kembali.")
                % {"juror": card.assignment.juror, "submission": card.assignment.submission},
            )
            return redirect("judging:scorecard_review", pk=card.pk)
    return render(
        request,
        "judging/jury/scorecard_review.html",
        {
            "card": card,
            "stage": stage,
            "rows": [(criterion, scores.get(criterion.pk)) for criterion in criteria],
            "total": scoring_service.scorecard_total(criteria, scores),
            "form": form,
            "can_reopen": request.user.has_perm("judging.reopen_scorecard", card),
            "history": card.history.select_related("history_user").order_by("-history_date")[:20],
            "tab": "assignments",
            "breadcrumbs": _stage_breadcrumbs(stage, _("Lembar nilai")),
        },
    )
