from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render

from kipp.rules import is_operator
from submissions.models import Submission


@login_required
def operator_home(request):
    """The operator's unit's submissions, newest competition first."""
    if not is_operator(request.user):
        raise PermissionDenied
    submissions = (
        Submission.objects.visible_to(request.user)
        .filter(unit_id=request.user.unit_id)
        .select_related("competition", "category")
        .order_by("-competition__year", "name")
    )
    return render(request, "submissions/operator_home.html", {"submissions": submissions})


@login_required
def submission_detail(request, pk):
    submission = get_object_or_404(
        Submission.objects.visible_to(request.user).select_related("competition", "unit"), pk=pk
    )
    return render(request, "submissions/detail.html", {"submission": submission})
