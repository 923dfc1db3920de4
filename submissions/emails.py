"""E-mail notifications about a submission, in Bahasa Indonesia, sent after the transaction commits.

A failing mail server is logged on the "kipp.mail" logger and never undoes the action that caused the mail.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from kipp.enums import Role
from kipp.models import User
from submissions.windows import resubmission_deadline

logger = logging.getLogger("kipp.mail")


def _site_url() -> str:
    return getattr(settings, "KIPP_SITE_URL", "").rstrip("/")


def unit_recipients(unit_id: int, *, extra: tuple[str, ...] = ()) -> list[str]:
    """The active operators of a unit with an e-mail address, plus `extra` addresses, without duplicates."""
    addresses = list(
        User.objects.filter(unit_id=unit_id, is_active=True, groups__name=Role.OPERATOR)
        .exclude(email="")
        .order_by("pk")
        .values_list("email", flat=True)
    )
    seen: set[str] = set()
    result = []
    for address in [*addresses, *extra]:
        if address and address.lower() not in seen:
            seen.add(address.lower())
            result.append(address)
    return result


def _deliver(template: str, context: dict, recipients: list[str]) -> None:
    try:
        with translation.override("id"):
            subject = " ".join(render_to_string(f"submissions/email/{template}_subject.txt", context).split())
            body = render_to_string(f"submissions/email/{template}_body.txt", context)
        EmailMessage(subject=subject, body=body, to=recipients).send()
    except Exception:  # noqa: BLE001 - any mail failure is logged; the action itself already happened
        logger.exception("could not send %s mail to %s", template, ", ".join(recipients))


def _send_on_commit(template: str, submission, recipients: list[str], **extra) -> None:
    if not recipients:
        logger.info("no recipient for %s mail about submission %s", template, submission.pk)
        return
    context = {
        "submission": submission,
        "competition": submission.competition,
        "unit": submission.unit,
        "detail_url": _site_url() + reverse("submissions:detail", kwargs={"pk": submission.pk}),
        "home_url": _site_url() + reverse("submissions:operator_home"),
        **extra,
    }
    transaction.on_commit(lambda: _deliver(template, context, recipients))


def notify_received(submission) -> None:
    """The proposal reached the committee."""
    recipients = unit_recipients(submission.unit_id, extra=(submission.contact_email,))
    _send_on_commit("received", submission, recipients)


def notify_endorsement_requested(submission) -> None:
    """Ask the parent unit's operators to endorse; tell the unit its proposal is on its way."""
    parent_recipients = unit_recipients(submission.unit.parent_id)
    _send_on_commit(
        "endorsement_requested",
        submission,
        parent_recipients,
        endorse_url=_site_url() + reverse("submissions:endorse", kwargs={"pk": submission.pk}),
    )


def notify_returned(submission, *, note: str, by_parent: bool) -> None:
    recipients = unit_recipients(submission.unit_id, extra=(submission.contact_email,))
    _send_on_commit(
        "returned",
        submission,
        recipients,
        note=note,
        by_parent=by_parent,
        deadline=resubmission_deadline(submission.competition),
    )


def notify_decision(submission, *, screening) -> None:
    recipients = unit_recipients(submission.unit_id, extra=(submission.contact_email,))
    _send_on_commit("decision", submission, recipients, screening=screening)
