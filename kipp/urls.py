"""Root URLconf: the composition root that mounts every app."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from judging import public_views
from kipp import security_views, views
from kipp.forms import LoginForm

admin.site.site_header = _("Administrasi KIPP")
admin.site.site_title = _("KIPP")

urlpatterns = [
    path("", public_views.home, name="home"),
    path("", include("judging.public_urls")),
    path("kompetisi/", include("competitions.urls")),
    path("usulan/", include("submissions.urls")),
    path("penilaian/", include("judging.urls")),
    path("panitia/", include("judging.dashboard_urls")),
    path("peringkat/", include("judging.results_urls")),
    path("dasbor/", views.dashboard, name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
    path("keamanan/akun-terkunci/", security_views.lockout_list, name="login_lockouts"),
    path("keamanan/akun-terkunci/buka/", security_views.lockout_unlock, name="login_unlock"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("bahasa/<str:code>/", views.switch_language, name="switch_language"),
    path("admin/", admin.site.urls),
]

handler403 = "kipp.views.permission_denied"
handler404 = "kipp.views.page_not_found"
handler500 = "kipp.views.server_error"
