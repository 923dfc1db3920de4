"""The jury of each scoring stage: adding existing jurors, creating juror accounts, removing members, and
reminding jurors of unfinished scorecards."""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from competitions.enums import StageKind
from competitions.models import Stage
from judging.enums import ScorecardStatus
from judging.models import Assignment, JurorReminder, JuryMember
from judging.services.conflicts import change_reason
from kipp.enums import Role
from kipp.models import Unit, User
from kipp.rules import is_committee, is_juror


def _require_committee(by: User) -> None:
    if not is_committee(by):
        raise ValidationError(_("Hanya panitia yang dapat mengatur panel juri."))


def _require_scoring_stage(stage: Stage) -> None:
    if not stage.is_scoring:
        raise ValidationError(_("Tahap seleksi administrasi tidak memakai juri."))
    if stage.closed_at is not None:
        raise ValidationError(_("Tahap ini sudah ditutup; panel juri tidak dapat diubah lagi."))


def _absolute(site_url: str, path: str) -> str:
    return site_url.rstrip("/") + path


def _send(*, template: str, to: User, context: dict) -> None:
    subject = render_to_string(f"judging/email/{template}_subject.txt", context).strip()
    body = render_to_string(f"judging/email/{template}.txt", context)
    send_mail(subject, body, None, [to.email])


@transaction.atomic
def jury_add(*, stage: Stage, jurors: Iterable[User], by: User, site_url: str) -> list[JuryMember]:
    """Put existing juror accounts on the stage's panel and tell each by e-mail; members already there are skipped."""
    _require_committee(by)
    _require_scoring_stage(stage)
    jurors = list(jurors)
    not_jurors = [str(user) for user in jurors if not is_juror(user)]
    if not_jurors:
        raise ValidationError(
            {"jurors": _("Bukan akun juri aktif: %(names)s.") % {"names": ", ".join(sorted(not_jurors))}}
        )
    present = set(JuryMember.objects.filter(stage=stage).values_list("juror_id", flat=True))
    added = []
    for juror in jurors:
        if juror.pk in present:
            continue
        member = JuryMember(stage=stage, juror=juror, added_by=by)
        member.full_clean()
        member._history_user = by
        member.save()
        added.append(member)
    context = {
        "stage": stage,
        "competition": stage.competition,
        "home_url": _absolute(site_url, reverse("judging:juror_home")),
    }
    for member in added:
        if member.juror.email:
            transaction.on_commit(
                lambda juror=member.juror: _send(
                    template="jury_invitation", to=juror, context={**context, "juror": juror}
                )
            )
    return added


def _username_from_email(email: str) -> str:
    base = re.sub(r"[^a-z0-9._-]", "", email.split("@")[0].lower())[:100] or "juri"
    username = base
    counter = 2
    while User.objects.filter(username__iexact=username).exists():
        username = f"{base}{counter}"
        counter += 1
    return username


@transaction.atomic
def juror_create(
    *,
    stage: Stage,
    full_name: str,
    email: str,
    title: str,
    unit: Unit | None,
    by: User,
    site_url: str,
) -> User:
    """Create a juror account (no password yet), put it on the stage's panel, and e-mail a password-set link.

    The link is Django's password-reset link, valid for `PASSWORD_RESET_TIMEOUT`; the juror chooses a
    password and logs in with the e-mail address or the username given in the message.
    """
    _require_committee(by)
    _require_scoring_stage(stage)
    email = (email or "").strip()
    full_name = (full_name or "").strip()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(
            {"email": _("Alamat e-mail ini sudah dipakai akun lain; pilih akun itu dari daftar juri.")}
        )
    user = User(
        username=_username_from_email(email),
        email=email,
        full_name=full_name,
        title=(title or "").strip(),
        unit=unit,
    )
    user.set_unusable_password()
    user.full_clean()
    user.save()
    user.groups.add(Group.objects.get_or_create(name=Role.JUROR)[0])
    member = JuryMember(stage=stage, juror=user, added_by=by)
    member.full_clean()
    member._history_user = by
    member.save()
    set_password_url = _absolute(
        site_url,
        reverse(
            "password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        ),
    )
    context = {
        "juror": user,
        "stage": stage,
        "competition": stage.competition,
        "set_password_url": set_password_url,
        "login_url": _absolute(site_url, reverse("login")),
    }
    transaction.on_commit(lambda: _send(template="juror_account", to=user, context=context))
    return user


@transaction.atomic
def jury_remove(*, member: JuryMember, by: User) -> int:
    """Take a juror off the stage's panel; its active assignments there are voided (scorecards kept)."""
    _require_committee(by)
    _require_scoring_stage(member.stage)
    reason = _("Juri dikeluarkan dari panel tahap ini.")
    voided = 0
    for assignment in Assignment.objects.select_for_update(of=("self",)).filter(
        stage=member.stage, juror=member.juror, voided_at__isnull=True
    ):
        assignment.voided_at = timezone.now()
        assignment.void_reason = reason
        assignment._change_reason = change_reason(reason)
        assignment._history_user = by
        assignment.save(update_fields=["voided_at", "void_reason"])
        voided += 1
    # One object's delete(), never a QuerySet's: simple-history records the removal, with its author and why.
    member._history_user = by
    member._change_reason = change_reason(reason)
    member.delete()
    return voided


@dataclass
class ReminderSent:
    juror: User
    stage: Stage
    count: int


def juror_reminders_send(*, days: int = 3, site_url: str, now=None, dry_run: bool = False) -> list[ReminderSent]:
    """E-mail every juror with unfinished scorecards in a stage closing within `days` days.

    Unfinished = an active, non-conflicted assignment without a final scorecard. A juror gets at most one
    reminder per stage per day (recorded in `JurorReminder`), so running the command twice a day is safe.
    With `dry_run`, nothing is sent or recorded: the list says who would be reminded.
    """
    from judging.selectors import assignment_state, stage_juror_ids
    from judging.services.conflicts import load_conflict_map

    now = now or timezone.now()
    today = timezone.localdate(now)
    stages = Stage.objects.filter(
        kind=StageKind.SCORING,
        closed_at__isnull=True,
        opens_at__lte=now,
        closes_at__gt=now,
        closes_at__lte=now + timedelta(days=days),
    ).select_related("competition")
    home_url = _absolute(site_url, reverse("judging:juror_home"))
    sent: list[ReminderSent] = []
    for stage in stages.order_by("closes_at", "pk"):
        juror_ids = stage_juror_ids(stage)
        conflict_map = load_conflict_map(juror_ids=juror_ids)
        already = set(JurorReminder.objects.filter(stage=stage, sent_on=today).values_list("juror_id", flat=True))
        pending: dict[int, list[Assignment]] = {}
        jurors: dict[int, User] = {}
        unfinished = (
            Assignment.objects.filter(stage=stage, voided_at__isnull=True, juror_id__in=juror_ids)
            .exclude(scorecard__status=ScorecardStatus.FINAL)
            .select_related("juror", "submission", "scorecard")
            .order_by("juror_id", "submission__name")
        )
        for assignment in unfinished:
            if conflict_map.is_conflicted(assignment.juror_id, assignment.submission_id, assignment.submission.unit_id):
                continue
            assignment.state = assignment_state(assignment)
            pending.setdefault(assignment.juror_id, []).append(assignment)
            jurors[assignment.juror_id] = assignment.juror
        for juror_id, items in pending.items():
            juror = jurors[juror_id]
            if juror_id in already or not juror.email or not juror.is_active:
                continue
            if not dry_run:
                _send(
                    template="juror_reminder",
                    to=juror,
                    context={
                        "juror": juror,
                        "stage": stage,
                        "competition": stage.competition,
                        "items": items,
                        "count": len(items),
                        "home_url": home_url,
                    },
                )
                JurorReminder.objects.get_or_create(
                    stage=stage, juror=juror, sent_on=today, defaults={"unfinished_count": len(items)}
                )
            sent.append(ReminderSent(juror=juror, stage=stage, count=len(items)))
    return sent
