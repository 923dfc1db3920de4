from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from competitions.models import Competition
from kipp.permissions import PermissionRequiredMixin


class CommitteeMixin(PermissionRequiredMixin):
    permission_required = "competitions.manage_competition"


class CompetitionOverview(CommitteeMixin, ListView):
    """The committee's landing page: every competition year and its phase."""

    template_name = "competitions/overview.html"
    context_object_name = "competitions"

    def get_queryset(self):
        return Competition.objects.prefetch_related("stages")

    def get_context_data(self, **kwargs):
        return super().get_context_data(breadcrumbs=[(_("Panitia"), None)], **kwargs)


class CompetitionDashboard(CommitteeMixin, DetailView):
    template_name = "competitions/dashboard.html"
    context_object_name = "competition"

    def get_object(self, queryset=None):
        return get_object_or_404(Competition.objects.prefetch_related("stages"), year=self.kwargs["year"])
