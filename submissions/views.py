"""The operator's pages and the pages every role shares (detail, print, files).

Each view parses with a form, asks a named permission, calls one service and redirects or re-renders.
Submissions are always fetched through `Submission.objects.visible_to(user)`: an id outside the user's
scope is a 404, whatever the page.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from competitions.models import Competition
from kipp.permissions import require_perm
from kipp.rules import is_committee, is_juror, is_operator
from kipp.templatetags.kipp_format import wib
from submissions import selectors, services, windows
from submissions.enums import SubmissionStatus
from submissions.files import attachment_response
from submissions.forms import (
    AttachmentForm,
    EndorsementForm,
    SubmissionForm,
    SubmitForm,
    WithdrawForm,
    add_service_errors,
)
from submissions.models import Attachment, Submission
from submissions.pdf import proposal_pdf
from submissions.proposal import section_texts

OPERATOR = "submissions.access_operator_pages"


# Helpers -------------------------------------------------------------------------------------------


def _visible_submission(request, pk: int) -> Submission:
    try:
        return selectors.submission_for_page(request.user, pk)
    except Submission.DoesNotExist as exc:
        raise Http404 from exc


def _own_submission(request, pk: int) -> Submission:
    """A submission of the operator's own unit; any other id is unknown (404)."""
    submission = _visible_submission(request, pk)
    if submission.unit_id != request.user.unit_id:
        raise Http404
    return submission


def _home_crumb(request):
    user = request.user
    if is_operator(user):
        return (_("Usulan unit saya"), reverse("submissions:operator_home"))
    if is_committee(user):
        return (_("Seleksi administrasi"), reverse("submissions:screening_list"))
    if is_juror(user):
        return (_("Penilaian saya"), reverse("judging:juror_home"))
    return None


def _crumbs(request, *extra):
    home = _home_crumb(request)
    return [crumb for crumb in [home, *extra] if crumb is not None]


def _read_only_redirect(request, submission: Submission):
    messages.warning(
        request,
        _("Usulan berstatus “%(status)s” tidak dapat diubah saat ini.") % {"status": submission.get_status_display()},
    )
    return redirect(submission.get_absolute_url())


def _wants_json(request) -> bool:
    return request.headers.get("X-Requested-With") == "XMLHttpRequest"


def _form_context(request, form, submission, competition, **extra):
    crumb_label = submission.name if submission else _("Usulan baru")
    return {
        "form": form,
        "submission": submission,
        "competition": competition,
        "breadcrumbs": _crumbs(request, (competition, None), (crumb_label, None)),
        **extra,
    }


# Operator: home, create, edit ---------------------------------------------------------------------


@require_perm(OPERATOR)
def operator_home(request):
    """The unit's proposals per competition, what each lacks, the committee's decisions and notes."""
    return render(
        request,
        "submissions/operator_home.html",
        {
            "blocks": selectors.operator_dashboard(request.user),
            "endorsement_queue": selectors.endorsement_queue(request.user),
            "now": timezone.now(),
            "breadcrumbs": [(_("Usulan unit saya"), None)],
        },
    )


@require_perm(OPERATOR)
def submission_create(request, year: int):
    competition = get_object_or_404(Competition, year=year, is_announced=True)
    if not request.user.has_perm("submissions.create_submission", competition):
        messages.error(request, _("Pendaftaran %(competition)s tidak sedang dibuka.") % {"competition": competition})
        return redirect("submissions:operator_home")
    form = SubmissionForm(request.POST or None, competition=competition)
    if request.method == "POST" and form.is_valid():
        try:
            submission = services.submission_create(
                competition=competition, user=request.user, data=form.proposal_data()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Draf “%(name)s” tersimpan. Lanjutkan mengisi, lalu unggah lampiran.") % {"name": submission.name},
            )
            return redirect(_after_save_url(request, submission))
    return render(request, "submissions/form.html", _form_context(request, form, None, competition))


def _after_save_url(request, submission: Submission) -> str:
    target = request.POST.get("next")
    if target == "preview":
        return reverse("submissions:preview", kwargs={"pk": submission.pk})
    if target == "attachments":
        return reverse("submissions:attachments", kwargs={"pk": submission.pk})
    return reverse("submissions:edit", kwargs={"pk": submission.pk})


def _refused_texts(form: SubmissionForm, current: Submission) -> list[tuple[str, str]]:
    """(label, text) of every field where the refused form differs from what is stored now."""
    refused = []
    for name, field in form.fields.items():
        if name in _NOT_TEXT or name not in form.data:
            continue
        typed = form.data.get(name, "")
        if typed.strip() != (getattr(current, name, "") or "").strip():
            refused.append((str(field.label), typed))
    return refused


_NOT_TEXT = {"version", "sdgs", "category", "started_on", "is_application"}


@require_perm(OPERATOR)
def submission_edit(request, pk: int):
    submission = _own_submission(request, pk)
    competition = submission.competition
    if not request.user.has_perm("submissions.change_submission", submission):
        return _read_only_redirect(request, submission)
    extra = {}
    status = 200
    if request.method == "POST":
        form = SubmissionForm(request.POST, instance=submission, competition=competition)
        if form.is_valid():
            try:
                saved = services.submission_update(
                    submission=submission,
                    user=request.user,
                    data=form.proposal_data(),
                    expected_version=form.cleaned_data.get("version"),
                )
            except services.StaleSubmissionError as error:
                extra = {"stale_message": error.messages[0], "refused_texts": _refused_texts(form, error.current)}
                form = SubmissionForm(instance=error.current, competition=competition)
                submission = error.current
                status = 409
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Draf tersimpan pada %(time)s.") % {"time": wib(timezone.now())},
                )
                return redirect(_after_save_url(request, saved))
    else:
        form = SubmissionForm(instance=submission, competition=competition)
    selectors.load_completeness_lists(submission)
    context = _form_context(request, form, submission, competition, **extra)
    context["attachment_count"] = len(submission.attachment_list)
    return render(request, "submissions/form.html", context, status=status)


# Operator: preview, submit, withdraw ----------------------------------------------------------------


def _preview_context(request, submission, **extra):
    selectors.load_completeness_lists(submission)
    return {
        "submission": submission,
        "sections": section_texts(submission),
        "attachments": submission.attachment_list,
        "requirements": submission.competition.requirement_list,
        "missing": selectors.missing_for(submission),
        "submit_form": SubmitForm(initial={"version": submission.version}),
        "breadcrumbs": _crumbs(request, (submission.name, submission.get_absolute_url()), (_("Pratinjau"), None)),
        **extra,
    }


@require_perm(OPERATOR)
def submission_preview(request, pk: int):
    """The proposal as the committee and jurors will read it, with everything still missing."""
    submission = _own_submission(request, pk)
    return render(request, "submissions/preview.html", _preview_context(request, submission))


@require_perm(OPERATOR)
def submission_submit(request, pk: int):
    submission = _own_submission(request, pk)
    if request.method != "POST":
        return redirect("submissions:preview", pk=submission.pk)
    if not request.user.has_perm("submissions.submit_submission", submission):
        if submission.status not in windows.EDITABLE_STATUSES:
            messages.info(request, _("Usulan ini sudah dikirim."))
        else:
            messages.error(request, _("Batas waktu pengiriman sudah lewat."))
        return redirect(submission.get_absolute_url())
    form = SubmitForm(request.POST)
    version = form.cleaned_data.get("version") if form.is_valid() else None
    try:
        submission = services.submission_submit(submission=submission, user=request.user, expected_version=version)
    except services.IncompleteSubmissionError as error:
        return render(
            request,
            "submissions/preview.html",
            _preview_context(request, submission, submit_errors=error.items),
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(submission.get_absolute_url())
    if submission.status == SubmissionStatus.AWAITING_ENDORSEMENT:
        messages.success(
            request,
            _("Usulan terkirim ke %(parent)s untuk disetujui sebelum diteruskan ke panitia.")
            % {"parent": submission.unit.parent},
        )
    else:
        messages.success(request, _("Usulan terkirim ke panitia. Tanda terima dikirim ke e-mail unit Anda."))
    return redirect(submission.get_absolute_url())


@require_perm(OPERATOR)
def submission_withdraw(request, pk: int):
    submission = _own_submission(request, pk)
    if not request.user.has_perm("submissions.withdraw_submission", submission):
        messages.error(request, _("Usulan ini tidak dapat ditarik lagi."))
        return redirect(submission.get_absolute_url())
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.submission_withdraw(submission=submission, user=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Usulan “%(name)s” ditarik.") % {"name": submission.name})
            return redirect("submissions:operator_home")
    return render(
        request,
        "submissions/withdraw.html",
        {
            "form": form,
            "submission": submission,
            "breadcrumbs": _crumbs(request, (submission.name, submission.get_absolute_url()), (_("Tarik"), None)),
        },
    )


# Attachments ---------------------------------------------------------------------------------------


def _attachments_context(request, submission, form, **extra):
    selectors.load_completeness_lists(submission)
    attached = {}
    for attachment in submission.attachment_list:
        if attachment.requirement_id:
            attached[attachment.requirement_id] = attachment
    return {
        "submission": submission,
        "form": form,
        "attachments": submission.attachment_list,
        "requirement_rows": [
            (requirement, attached.get(requirement.pk)) for requirement in submission.competition.requirement_list
        ],
        "used_bytes": sum(attachment.size for attachment in submission.attachment_list),
        "can_change": request.user.has_perm("submissions.change_submission", submission),
        "limits": {
            "photo": settings.KIPP_MAX_UPLOAD_BYTES,
            "pdf": settings.KIPP_MAX_PDF_BYTES,
            "submission": settings.KIPP_MAX_SUBMISSION_BYTES,
            "submission_high": settings.KIPP_MAX_SUBMISSION_BYTES * 9 // 10,
        },
        "breadcrumbs": _crumbs(request, (submission.name, submission.get_absolute_url()), (_("Lampiran"), None)),
        **extra,
    }


@require_perm(OPERATOR)
def submission_attachments(request, pk: int):
    submission = _own_submission(request, pk)
    initial = {}
    wanted = request.GET.get("untuk", "")
    if wanted.isascii() and wanted.isdigit() and len(wanted) < 10:
        initial["requirement"] = int(wanted)
    form = AttachmentForm(initial=initial, competition=submission.competition)
    return render(request, "submissions/attachments.html", _attachments_context(request, submission, form))


@require_perm(OPERATOR)
def attachment_upload(request, pk: int):
    """Add one file; an error re-renders the page with the message and keeps every other file."""
    submission = _own_submission(request, pk)
    if request.method != "POST":
        return redirect("submissions:attachments", pk=submission.pk)
    form = AttachmentForm(request.POST, request.FILES, competition=submission.competition)
    if not request.user.has_perm("submissions.change_submission", submission):
        form.is_valid()
        form.add_error(
            None,
            _("Usulan berstatus “%(status)s” tidak dapat diubah saat ini.")
            % {"status": submission.get_status_display()},
        )
    elif form.is_valid():
        try:
            attachment = services.attachment_add(
                submission=submission,
                user=request.user,
                uploaded=form.cleaned_data["file"],
                requirement=form.cleaned_data.get("requirement"),
                caption=form.cleaned_data.get("caption", ""),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            message = _("Berkas “%(name)s” terunggah.") % {"name": attachment.original_name}
            target = reverse("submissions:attachments", kwargs={"pk": submission.pk})
            if _wants_json(request):
                return JsonResponse({"ok": True, "message": message, "redirect": target})
            messages.success(request, message)
            return redirect(target)
    if _wants_json(request):
        errors = {
            field or "__all__": [str(message) for message in messages_] for field, messages_ in form.errors.items()
        }
        # 200 like the re-rendered form: the request worked, the file was refused (see "ok").
        return JsonResponse({"ok": False, "errors": errors})
    return render(request, "submissions/attachments.html", _attachments_context(request, submission, form))


@require_perm(OPERATOR)
def attachment_delete(request, pk: int, attachment_pk: int):
    submission = _own_submission(request, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, submission=submission)
    if request.method != "POST":
        return redirect("submissions:attachments", pk=submission.pk)
    if not request.user.has_perm("submissions.change_submission", submission):
        return _read_only_redirect(request, submission)
    try:
        services.attachment_delete(attachment=attachment, user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Berkas “%(name)s” dihapus.") % {"name": attachment.original_name})
    return redirect("submissions:attachments", pk=submission.pk)


@never_cache
def attachment_file(request, pk: int):
    """Serve one file to whoever may see its submission (404 for everyone else)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    attachment = get_object_or_404(
        Attachment.objects.filter(submission__in=Submission.objects.visible_to(request.user).values("pk")),
        pk=pk,
    )
    response = attachment_response(attachment, inline=request.GET.get("inline") == "1")
    response["Cache-Control"] = "private"
    return response


# Shared: detail, print ------------------------------------------------------------------------------


def submission_detail(request, pk: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    submission = _visible_submission(request, pk)
    selectors.load_completeness_lists(submission)
    show_history = request.user.has_perm("submissions.view_submission_history", submission)
    own = submission.unit_id == request.user.unit_id and is_operator(request.user)
    context = {
        "submission": submission,
        "sections": section_texts(submission),
        "attachments": submission.attachment_list,
        "show_history": show_history,
        "events": list(selectors.submission_history(submission)) if show_history else [],
        "missing": selectors.missing_for(submission) if own and submission.status in windows.EDITABLE_STATUSES else [],
        "is_own": own,
        "resubmission_deadline": windows.resubmission_deadline(submission.competition),
        "breadcrumbs": _crumbs(request, (submission.name, None)),
    }
    return render(request, "submissions/detail.html", context)


def submission_print(request, pk: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    submission = _visible_submission(request, pk)
    selectors.load_completeness_lists(submission)
    return render(
        request,
        "submissions/print.html",
        {
            "submission": submission,
            "sections": section_texts(submission),
            "attachments": submission.attachment_list,
            "printed_at": timezone.now(),
            "breadcrumbs": _crumbs(request, (submission.name, submission.get_absolute_url()), (_("Cetak"), None)),
        },
    )


def submission_pdf(request, pk: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    submission = _visible_submission(request, pk)
    selectors.load_completeness_lists(submission)
    content = proposal_pdf(submission, sections=section_texts(submission), attachments=submission.attachment_list)
    response = HttpResponse(content, content_type="application/pdf")
    filename = f"usulan-{submission.competition.year}-{submission.pk}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private"
    return response


# Parent unit: endorsement ---------------------------------------------------------------------------


@require_perm(OPERATOR)
def submission_endorse(request, pk: int):
    """The parent unit's operator endorses a proposal (sent on to the committee) or returns it with notes."""
    submission = _visible_submission(request, pk)
    if submission.unit.parent_id is None or submission.unit.parent_id != request.user.unit_id:
        raise Http404
    if not request.user.has_perm("submissions.endorse_submission", submission):
        messages.info(request, _("Usulan ini tidak sedang menunggu persetujuan unit Anda."))
        return redirect(submission.get_absolute_url())
    form = EndorsementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["action"] == EndorsementForm.ENDORSE:
                services.submission_endorse(submission=submission, user=request.user)
                messages.success(request, _("Usulan disetujui dan diteruskan ke panitia."))
            else:
                services.submission_return_to_unit(
                    submission=submission, user=request.user, note=form.cleaned_data["note"]
                )
                messages.success(request, _("Usulan dikembalikan ke unit pengusul dengan catatan perbaikan."))
        except PermissionDenied:
            raise
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("submissions:operator_home")
    selectors.load_completeness_lists(submission)
    return render(
        request,
        "submissions/endorse.html",
        {
            "form": form,
            "submission": submission,
            "sections": section_texts(submission),
            "attachments": submission.attachment_list,
            "breadcrumbs": _crumbs(request, (submission.name, submission.get_absolute_url()), (_("Persetujuan"), None)),
        },
    )
