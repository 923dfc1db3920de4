from django.shortcuts import get_object_or_404, render

from competitions.models import Competition
from kipp.permissions import require_perm


@require_perm("competitions.manage_competition")
def competition_dashboard(request, year):
    competition = get_object_or_404(Competition.objects.prefetch_related("stages"), year=year)
    return render(request, "competitions/dashboard.html", {"competition": competition})
