"""The committee's page for log-ins locked by django-axes: see who is locked out, and lift a lock."""

from axes.helpers import get_cool_off
from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from kipp.login_protection import locked_logins, login_unlock
from kipp.permissions import require_perm


class UnlockForm(forms.Form):
    """Names one locked (username, address) pair; valid only while that lock still holds."""

    username = forms.CharField(label=_("Nama pengguna"), max_length=255, widget=forms.HiddenInput)
    ip_address = forms.GenericIPAddressField(label=_("Alamat IP"), required=False, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        username = cleaned.get("username")
        if username is None:
            return cleaned
        ip_address = cleaned.get("ip_address") or None
        if not any(lock.username == username and lock.ip_address == ip_address for lock in locked_logins()):
            raise forms.ValidationError(
                _("Kunci untuk %(username)s sudah tidak berlaku: akun ini dapat masuk lagi."),
                code="not_locked",
                params={"username": username},
            )
        cleaned["ip_address"] = ip_address
        return cleaned


def _render_list(request, *, form=None):
    cool_off = get_cool_off()
    context = {
        "locks": locked_logins(),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cool_off_minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
        "form": form,
        "breadcrumbs": [(gettext("Panitia"), reverse("competitions:overview")), (gettext("Akun terkunci"), "")],
    }
    return render(request, "kipp/login_lockouts.html", context)


@require_perm("kipp.unlock_login")
@require_GET
def lockout_list(request):
    """List the log-ins locked right now, each with a button that unlocks it."""
    return _render_list(request)


@require_perm("kipp.unlock_login")
@require_POST
def lockout_unlock(request):
    form = UnlockForm(request.POST)
    if not form.is_valid():
        return _render_list(request, form=form)
    login_unlock(username=form.cleaned_data["username"], ip_address=form.cleaned_data["ip_address"], actor=request.user)
    messages.success(
        request,
        gettext("Kunci akun %(username)s dibuka. Pengguna dapat langsung masuk lagi.")
        % {"username": form.cleaned_data["username"]},
    )
    return redirect("login_lockouts")
