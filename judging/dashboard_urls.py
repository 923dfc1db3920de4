"""The committee's per-competition dashboard (it reads submissions and judging, so it lives here)."""

from django.urls import path

from judging import audit_views, dashboard

app_name = "committee"

urlpatterns = [
    path("<int:year>/", dashboard.competition_dashboard, name="dashboard"),
    path("<int:year>/jejak-audit/", audit_views.audit_trail, name="audit_trail"),
]
