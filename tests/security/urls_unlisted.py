"""The real URLconf plus pages nobody wrote a policy row for: the coverage check must name each of them."""

from django.http import HttpResponse
from django.urls import include, path

from kipp.urls import handler403, handler404, handler500  # noqa: F401
from kipp.urls import urlpatterns as real_urlpatterns


def _unlisted(request, pk=None):
    return HttpResponse("halaman tanpa kebijakan")


urlpatterns = [
    *real_urlpatterns,
    path("keamanan/tanpa-kebijakan/", _unlisted, name="unlisted_page"),
    path("keamanan/uji/", include(([path("<int:pk>/", _unlisted, name="nested")], "security_probe"))),
    path("keamanan/tanpa-nama/", _unlisted),
]
