"""The committee's administrative screening: the list of proposals and a decision per proposal."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from kipp.permissions import require_perm
from submissions import selectors, services
from submissions.enums import SubmissionStatus
from submissions.forms import ScreeningFilterForm, ScreeningForm, add_service_errors
from submissions.models import Submission
from submissions.proposal import section_texts

SCREEN = "submissions.screen_submission"


def _status_summary(counts: dict[str, int]) -> list[tuple[str, str, int]]:
    return [(value, label, counts[value]) for value, label in SubmissionStatus.choices if counts.get(value)]


@require_perm(SCREEN)
def screening_list(request):
    """Every proposal with filters; by default those waiting for a decision, oldest first."""
    data = request.GET if request.GET else {"status": SubmissionStatus.SUBMITTED}
    filter_form = ScreeningFilterForm(data)
    filters = filter_form.filters()
    page = Paginator(selectors.screening_queryset(**filters), selectors.SCREENING_PAGE_SIZE).get_page(
        request.GET.get("halaman")
    )
    query = request.GET.copy()
    query.pop("halaman", None)
    return render(
        request,
        "submissions/screening_list.html",
        {
            "filter_form": filter_form,
            "page": page,
            "status_summary": _status_summary(selectors.status_counts(competition=filters.get("competition"))),
            "query_string": query.urlencode(),
            "breadcrumbs": [(_("Seleksi administrasi"), None)],
        },
    )


@require_perm(SCREEN)
def screening_detail(request, pk: int):
    try:
        submission = selectors.submission_for_page(request.user, pk)
    except Submission.DoesNotExist as exc:
        raise Http404 from exc
    can_decide = request.user.has_perm("submissions.decide_screening", submission)
    form = ScreeningForm(request.POST or None)
    if request.method == "POST":
        if not can_decide:
            messages.error(
                request,
                _("Usulan ini tidak sedang menunggu seleksi (status: %(status)s).")
                % {"status": submission.get_status_display()},
            )
            return redirect("submissions:screening_detail", pk=submission.pk)
        if form.is_valid():
            try:
                screening = services.submission_screen(
                    submission=submission,
                    user=request.user,
                    decision=form.cleaned_data["decision"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Keputusan “%(decision)s” untuk “%(name)s” tersimpan dan unit diberi tahu.")
                    % {"decision": screening.get_decision_display(), "name": submission.name},
                )
                return redirect(reverse("submissions:screening_list"))
    selectors.load_completeness_lists(submission)
    return render(
        request,
        "submissions/screening_detail.html",
        {
            "submission": submission,
            "form": form,
            "can_decide": can_decide,
            "sections": section_texts(submission),
            "attachments": submission.attachment_list,
            "missing": selectors.missing_for(submission),
            "events": list(selectors.submission_history(submission)),
            "screenings": list(submission.screenings.select_related("decided_by").order_by("decided_at", "pk")),
            "breadcrumbs": [
                (_("Seleksi administrasi"), reverse("submissions:screening_list")),
                (submission.name, None),
            ],
        },
    )
