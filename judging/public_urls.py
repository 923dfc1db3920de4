"""Public addresses that must stay stable: /, /hasil/<year>/, /hasil/<year>/upacara/, /arsip/."""

from django.urls import path

from judging import public_views

app_name = "judging_public"

urlpatterns = [
    path("arsip/", public_views.archive, name="archive"),
]
