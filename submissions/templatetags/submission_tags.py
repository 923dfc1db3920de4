"""Small presentation helpers for the submission templates (no rules here: templates ask has_perm)."""

from django import template
from django.utils.html import format_html

from submissions.proposal import count_words

register = template.Library()

_BADGE_CLASSES = {
    "draft": "text-bg-secondary",
    "awaiting_endorsement": "text-bg-info",
    "submitted": "text-bg-primary",
    "returned": "text-bg-warning",
    "eligible": "text-bg-success",
    "ineligible": "text-bg-danger",
    "withdrawn": "text-bg-light border",
    "finalist": "text-bg-success",
    "winner": "text-bg-success",
}


@register.simple_tag
def status_badge(submission):
    """A coloured badge with the status label."""
    return format_html(
        '<span class="badge status-badge {}">{}</span>',
        _BADGE_CLASSES.get(submission.status, "text-bg-secondary"),
        submission.get_status_display(),
    )


@register.filter
def word_count(text) -> int:
    return count_words(str(text or ""))
