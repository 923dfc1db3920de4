"""The shared cache in front of the public results pages, the ceremony view and the archive.

Pages are stored in the default cache (the database cache, or Redis when REDIS_URL is set: every app host
shares it) under a key made of a version, the path with its query string and the language. Publishing or
unpublishing bumps the version of that year and the global one (the archive spans every year), so stale
pages are never read again and simply expire.

Only requests without a session cookie are served from or stored in the cache: a logged-in visitor gets
a fresh page with its own navigation. Such an anonymous request never touches the session (the view sets
an anonymous user before rendering), so the response carries no `Vary: Cookie` and no `Set-Cookie`, and
a hit is answered from the cache alone: no database query.
"""

from __future__ import annotations

import hashlib
import time
from functools import wraps

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import translation

PREFIX = "kipp:public"
GLOBAL_SCOPE = "all"


def _version_key(scope: str) -> str:
    return f"{PREFIX}:version:{scope}"


def bump_public_version(year: int | None = None) -> None:
    """Invalidate the cached public pages of `year` (and every page that spans years)."""
    scopes = [GLOBAL_SCOPE] if year is None else [GLOBAL_SCOPE, str(year)]
    for scope in scopes:
        key = _version_key(scope)
        try:
            cache.incr(key)
        except ValueError:
            # No version stored yet (or it expired): any new value differs from what pages were keyed with.
            cache.set(key, _fresh_version(), None)


def _fresh_version() -> int:
    return time.time_ns()


def _page_key(scope: str, version, request) -> str:
    path = request.get_full_path()
    digest = hashlib.sha256(path.encode("utf-8")).hexdigest()[:40]
    return f"{PREFIX}:page:{scope}:{version}:{translation.get_language()}:{digest}"


def _scope_of(scope_kwarg: str | None, kwargs) -> str:
    if scope_kwarg is None:
        return GLOBAL_SCOPE
    return str(kwargs[scope_kwarg])


def public_page_cache(*, scope_kwarg: str | None = None):
    """Cache a public GET page for anonymous visitors; `scope_kwarg` names the URL's year argument.

    The view must not read the session or set cookies for anonymous visitors (no CSRF token, no
    messages): this decorator hands it an `AnonymousUser` before it runs so the session stays untouched.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method != "GET" or settings.SESSION_COOKIE_NAME in request.COOKIES:
                return view(request, *args, **kwargs)
            request.user = AnonymousUser()
            scope = _scope_of(scope_kwarg, kwargs)
            keys = [_version_key(scope)] + ([_version_key(GLOBAL_SCOPE)] if scope != GLOBAL_SCOPE else [])
            versions = cache.get_many(keys)
            version = ".".join(str(versions.get(key, 0)) for key in keys)
            key = _page_key(scope, version, request)
            stored = cache.get(key)
            if stored is not None:
                status, content_type, content = stored
                response = HttpResponse(content, status=status, content_type=content_type)
                response["X-KIPP-Cache"] = "hit"
                return response
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.cookies and not response.streaming:
                if hasattr(response, "render") and callable(response.render):
                    response = response.render()
                cache.set(
                    key,
                    (response.status_code, response["Content-Type"], response.content),
                    settings.KIPP_PUBLIC_CACHE_SECONDS,
                )
                response["X-KIPP-Cache"] = "miss"
            return response

        return wrapped

    return decorator
