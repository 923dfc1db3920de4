"""Public addresses that must stay stable: /, /hasil/<year>/, /hasil/<year>/upacara/, /arsip/, /inovasi/<id>/."""

from django.urls import path

from judging import public_views

app_name = "judging_public"

urlpatterns = [
    path("hasil/", public_views.results_index, name="results_index"),
    path("hasil/<int:year>/", public_views.results, name="results"),
    path("hasil/<int:year>/upacara/", public_views.ceremony, name="ceremony"),
    path("hasil/<int:year>/cuplikan.json", public_views.snapshot, name="snapshot"),
    path("hasil/<int:year>/piagam/<int:rank>/", public_views.certificate, name="certificate"),
    path("inovasi/<int:pk>/", public_views.innovation, name="innovation"),
    path("inovasi/<int:pk>/foto/", public_views.photo, name="photo"),
    path("arsip/", public_views.archive, name="archive"),
]
