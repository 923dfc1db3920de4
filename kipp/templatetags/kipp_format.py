"""Formats every app's templates share: ``{% load kipp_format %}``.

One way to show a moment across the site: Indonesian style "10 Desember 2026, 23.59 WIB" (in English
"10 December 2026, 23:59 WIB"). The competition runs on Malang time, so the value is shown in Asia/Jakarta
whatever the active time zone, and the "WIB" suffix is always true.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language

register = template.Library()

WIB = ZoneInfo("Asia/Jakarta")


@register.filter(expects_localtime=False)
def wib(value) -> str:
    """A date-time as "j F Y, H.i WIB" (H:i outside Indonesian); a plain date as "j F Y"; "" for nothing."""
    if value in (None, ""):
        return ""
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = value.astimezone(WIB)
        separator = "." if (get_language() or "id").startswith("id") else ":"
        return f"{date_format(value, f'j F Y, H{separator}i')} WIB"
    if isinstance(value, dt.date):
        return date_format(value, "j F Y")
    return ""
