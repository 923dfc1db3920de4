"""The jury's pages under /penilaian/: the juror's workspace and the committee's stage pages."""

from django.urls import path

from judging import views

app_name = "judging"

urlpatterns = [
    path("", views.juror_home, name="juror_home"),
    path("tugas/<int:pk>/", views.scorecard, name="scorecard"),
    path("tugas/<int:pk>/konflik/", views.declare_conflict, name="declare_conflict"),
    path("panitia/", views.committee_stages, name="committee_stages"),
    path("panitia/tahap/<int:stage_id>/", views.stage_assignments, name="stage_assignments"),
    path("panitia/tahap/<int:stage_id>/juri/", views.stage_jury, name="stage_jury"),
    path("panitia/tahap/<int:stage_id>/konflik/", views.stage_conflicts, name="stage_conflicts"),
    path("panitia/tahap/<int:stage_id>/kalibrasi/", views.calibration, name="calibration"),
    path("panitia/anggota/<int:pk>/keluarkan/", views.jury_member_remove, name="jury_member_remove"),
    path("panitia/penugasan/<int:pk>/cabut/", views.assignment_remove, name="assignment_remove"),
    path("panitia/lembar/<int:pk>/", views.scorecard_review, name="scorecard_review"),
]
