from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from judging.models import Assignment
from kipp.rules import is_juror


@login_required
def juror_home(request):
    """The juror's assignments across the stages it serves in."""
    if not is_juror(request.user):
        raise PermissionDenied
    assignments = (
        Assignment.objects.filter(juror=request.user, voided_at__isnull=True)
        .select_related("stage__competition", "submission__unit")
        .order_by("-stage__competition__year", "stage__order", "submission__name")
    )
    return render(request, "judging/juror_home.html", {"assignments": assignments})
