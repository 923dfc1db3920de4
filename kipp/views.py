import logging

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from kipp.rules import landing_url_name

logger = logging.getLogger("kipp.access")


@login_required
def dashboard(request):
    """Send each role to its own dashboard after log-in."""
    return redirect(landing_url_name(request.user))


@require_GET
@never_cache
def healthz(request):
    """Report whether the database and the cache answer; never reveals configuration."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception:  # noqa: BLE001 - any failure means "down"; details go to the log only
        logger.exception("healthz: database unreachable")
        checks["database"] = "error"
    try:
        # A read on most calls (the key is written once a minute), so the probe stays cheap under load.
        checks["cache"] = "ok" if cache.get_or_set("kipp:healthz", "1", 60) == "1" else "error"
    except Exception:  # noqa: BLE001
        logger.exception("healthz: cache unreachable")
        checks["cache"] = "error"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)


def permission_denied(request, exception=None):
    logger.warning("access refused: %s %s user=%s", request.method, request.path, request.user.pk)
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)


@require_GET
def switch_language(request, code):
    """Remember the chosen language in a cookie and go back; a plain link, so public pages stay cacheable."""
    if code not in dict(settings.LANGUAGES):
        raise Http404
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = redirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
    )
    return response
