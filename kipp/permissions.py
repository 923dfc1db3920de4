"""How views ask for a permission: anonymous visitors go to the log-in page, everyone else gets 403.

The permissions themselves are named rules in each app's `rules.py`; views only name the one they need.
Objects a user may not know of are hidden by querysets scoped with `visible_to(user)` (404), before
any permission is asked.
"""

from functools import wraps

from django.contrib.auth.mixins import AccessMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def require_perm(perm: str):
    """Decorate a function view that needs `perm` (without an object) from a logged-in user."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_perm(perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def check_object_perm(user, perm: str, obj) -> None:
    """Raise PermissionDenied unless `user` has `perm` on `obj` (call after fetching the object)."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied


class PermissionRequiredMixin(AccessMixin):
    """Class-based twin of `require_perm`: set `permission_required`."""

    permission_required: str = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not request.user.has_perm(self.permission_required):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
