"""Log-in protection around django-axes: one lock per account and address, logging, and the committee's unlock.

django-axes counts failed log-ins per (username, address) and refuses the account from that address for
`AXES_COOLOFF_TIME` once `AXES_FAILURE_LIMIT` is reached. Two things are added here:

- `lockout_username` folds the typed identifier to the account it names (case-insensitive username, or the
  username behind an e-mail address), because the back end accepts any spelling: without it an attacker would
  get five fresh attempts for "Budi", "BUDI" and "budi@example.id" alike.
- The "kipp.access" log records every failed log-in and every lock-out, naming the account by id (never the
  typed text, which is sometimes a password typed into the wrong field) and the address.
"""

import ipaddress
import logging
from dataclasses import dataclass
from datetime import datetime

from axes.helpers import get_client_ip_address, get_cool_off
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_login_failed
from django.db.models import Max, Sum
from django.db.models.functions import Lower
from django.dispatch import receiver
from django.utils import timezone

logger = logging.getLogger("kipp.access")


def lockout_username(request, credentials: dict | None = None) -> str | None:
    """Return the name django-axes counts failures under: the account's username in lower case.

    Used as `AXES_USERNAME_CALLABLE`. An unknown identifier is counted under its own folded spelling, so
    guessing accounts is throttled too, and the answer never depends on whether the account exists.
    """
    field = settings.AXES_USERNAME_FORM_FIELD
    typed = (credentials or {}).get(field)
    if typed is None and request is not None:
        typed = getattr(request, "POST", {}).get(field)
    if not typed:
        return None
    identifier = str(typed).strip().lower()
    if "@" in identifier:
        username = (
            get_user_model()
            ._default_manager.filter(email__iexact=identifier)
            .order_by("pk")
            .values_list("username", flat=True)
            .first()
        )
        if username:
            return username.lower()
    return identifier[:255]


def client_ip_address(request) -> str | None:
    """The visitor's address, as django-axes should count it (`AXES_CLIENT_IP_CALLABLE`).

    Directly exposed, it is REMOTE_ADDR. Behind `KIPP_PROXY_COUNT` reverse proxies that each append the
    address they saw to X-Forwarded-For (nginx: `$proxy_add_x_forwarded_for`), it is the entry the outermost
    proxy appended, counted from the right: entries further left come from the client and can be forged.
    A request with fewer entries than proxies did not come through them and is counted by REMOTE_ADDR.
    """
    remote = request.META.get("REMOTE_ADDR")
    hops = getattr(settings, "KIPP_PROXY_COUNT", 0)
    if not hops:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < hops:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-hops]))
    except ValueError:
        return remote


def _account_id(identifier: str | None):
    """The id of the account an identifier names, or None; for the log only."""
    if not identifier:
        return None
    user_model = get_user_model()
    folded = identifier.strip()
    lookup = {"email__iexact": folded} if "@" in folded else {"username__iexact": folded}
    return user_model._default_manager.filter(**lookup).order_by("pk").values_list("pk", flat=True).first()


def _client_address(request) -> str | None:
    if request is None:
        return None
    return getattr(request, "axes_ip_address", None) or get_client_ip_address(request)


@receiver(user_login_failed, dispatch_uid="kipp_log_login_failed")
def log_login_failed(sender, credentials, request=None, **kwargs):
    account = _account_id((credentials or {}).get(settings.AXES_USERNAME_FORM_FIELD))
    logger.warning(
        "login failed: account=%s ip=%s path=%s locked=%s",
        account if account is not None else "unknown",
        _client_address(request),
        getattr(request, "path", ""),
        bool(getattr(request, "axes_locked_out", False)),
    )


@receiver(user_locked_out, dispatch_uid="kipp_log_locked_out")
def log_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    account = _account_id(username)
    logger.warning(
        "login locked out: account=%s ip=%s for %s",
        account if account is not None else "unknown",
        ip_address,
        get_cool_off(request),
    )


@dataclass(frozen=True)
class LockedLogin:
    """A (username, address) pair that django-axes currently refuses."""

    username: str
    ip_address: str | None
    failures: int
    last_attempt: datetime
    locked_until: datetime
    account: object | None  # the User the username names, if any


def locked_logins(*, now: datetime | None = None) -> list[LockedLogin]:
    """List the log-ins locked right now, newest first, in two queries whatever their number."""
    now = now or timezone.now()
    cool_off = get_cool_off()
    attempts = AccessAttempt.objects.all()
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gte=now - cool_off)
    rows = list(
        attempts.values("username", "ip_address")
        .annotate(failures=Sum("failures_since_start"), last_attempt=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .order_by("-last_attempt", "username", "ip_address")
    )
    names = {(row["username"] or "").lower() for row in rows}
    user_model = get_user_model()
    accounts = {
        user.username_folded: user
        for user in user_model._default_manager.annotate(username_folded=Lower("username"))
        .filter(username_folded__in=names)
        .select_related("unit")
    }
    return [
        LockedLogin(
            username=row["username"] or "",
            ip_address=row["ip_address"],
            failures=row["failures"],
            last_attempt=row["last_attempt"],
            locked_until=row["last_attempt"] + cool_off if cool_off is not None else None,
            account=accounts.get((row["username"] or "").lower()),
        )
        for row in rows
    ]


def login_unlock(*, username: str, ip_address: str | None, actor) -> int:
    """Lift the lock on `username` from `ip_address` (the committee's unlock); return the rows removed."""
    removed = axes_reset(ip=ip_address, username=username)
    logger.warning(
        "login unlocked: account=%s ip=%s by=%s rows=%s",
        _account_id(username) or "unknown",
        ip_address,
        actor.pk,
        removed,
    )
    return removed
