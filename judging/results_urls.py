"""The committee's ranking, stage closing, publication, certificates and forwarding; the units' feedback."""

from django.urls import path

from judging import results_views as views

app_name = "results"

urlpatterns = [
    path("", views.index, name="index"),
    path("umpan-balik/", views.feedback_list, name="feedback_list"),
    path("umpan-balik/<int:pk>/", views.feedback, name="feedback"),
    path("<int:year>/", views.ranking, name="ranking"),
    path("<int:year>/ekspor.csv", views.export_csv, name="export_csv"),
    path("<int:year>/ekspor.xlsx", views.export_xlsx, name="export_xlsx"),
    path("<int:year>/tahap/<int:stage_pk>/tutup/", views.stage_close, name="stage_close"),
    path("<int:year>/nilai-sama/<int:rank>/", views.tie_resolve, name="tie_resolve"),
    path("<int:year>/umumkan/", views.publish, name="publish"),
    path("<int:year>/pengumuman/", views.publications, name="publications"),
    path("<int:year>/pengumuman/<int:version>/", views.publication_detail, name="publication_detail"),
    path("<int:year>/pengumuman/<int:version>/tarik/", views.unpublish, name="unpublish"),
    path("<int:year>/piagam.zip", views.certificates_zip, name="certificates_zip"),
    path("<int:year>/penerusan/", views.forwarding_list, name="forwarding"),
    path("<int:year>/penerusan/<int:pk>.pdf", views.forwarding_pdf, name="forwarding_pdf"),
    path("<int:year>/penerusan.zip", views.forwarding_zip, name="forwarding_zip"),
]
