from django.urls import path

from competitions import views

app_name = "competitions"

urlpatterns = [
    path("panitia/", views.overview, name="overview"),
    path("panitia/baru/", views.create, name="create"),
    path("panitia/<int:year>/", views.settings, name="settings"),
    path("panitia/<int:year>/tahap/", views.stages, name="stages"),
    path("panitia/<int:year>/tahap/<int:stage_id>/kriteria/", views.criteria, name="criteria"),
    path("panitia/<int:year>/kriteria/<int:criterion_id>/rubrik/", views.rubric, name="rubric"),
    path("panitia/<int:year>/kategori/", views.categories, name="categories"),
    path("panitia/<int:year>/penghargaan/", views.tiers, name="tiers"),
    path("panitia/<int:year>/dokumen/", views.requirements, name="requirements"),
    path("panitia/<int:year>/salin/", views.copy, name="copy"),
    path("panitia/<int:year>/arsip/", views.archive, name="archive"),
    path("panitia/<int:year>/riwayat/", views.changes, name="changes"),
    path("<int:year>/", views.announcement, name="announcement"),
]
