import datetime as dt

import pytest
from django import forms
from django.utils import timezone

from competitions import services
from competitions.models import Competition, Stage


def at(year, month, day, hour=0, minute=0) -> dt.datetime:
    """An aware moment in Asia/Jakarta."""
    return timezone.make_aware(dt.datetime(year, month, day, hour, minute))


# The timeline of the `national` fixture (year 2031), as `services.competition_create` lays it out.
OPENS = at(2031, 2, 1, 8)
CLOSES = at(2031, 4, 30, 23, 59)


def make_national(*, year=2031, actor=None, opens=OPENS, closes=CLOSES, **fields) -> Competition:
    return services.competition_create(
        fields={
            "year": year,
            "title": f"KIPP Kota Malang {year}",
            "is_announced": True,
            "submission_opens_at": opens,
            "submission_closes_at": closes,
            **fields,
        },
        actor=actor,
    )


def stage(competition: Competition, order: int) -> Stage:
    return competition.stages.get(order=order)


@pytest.fixture
def national(db, committee) -> Competition:
    """KIPP 2031 with the national defaults: screening (1), desk (2, 70 %), presentation (3, 30 %)."""
    return make_national(actor=committee)


def form_data(form) -> dict:
    """What a browser would post for an unbound form as rendered (checkboxes only when ticked)."""
    data = {}
    for name, field in form.fields.items():
        bound = form[name]
        value = bound.value()
        if isinstance(field.widget, forms.CheckboxInput):
            if value:
                data[bound.html_name] = "on"
            continue
        if value is None:
            value = ""
        if not isinstance(value, str):
            value = field.widget.format_value(value)
        data[bound.html_name] = "" if value is None else value
    return data


def formset_data(formset, *, edits=None, new=(), delete=(), extra=None) -> dict:
    """The POST of a rendered formset: its saved rows (with `edits` by row index), rows to `delete` and
    `new` rows as typed; `extra` adds other fields of the page (e.g. the override confirmation)."""
    edits = edits or {}
    prefix = formset.prefix
    saved = list(formset.initial_forms)
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(saved) + len(new)),
        f"{prefix}-INITIAL_FORMS": str(len(saved)),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, form in enumerate(saved):
        row = form_data(form)
        for name, value in edits.get(index, {}).items():
            key = f"{prefix}-{index}-{name}"
            if value is None:
                row.pop(key, None)
            else:
                row[key] = str(value)
        if index in delete:
            row[f"{prefix}-{index}-DELETE"] = "on"
        data.update(row)
    for offset, values in enumerate(new):
        index = len(saved) + offset
        for name, value in values.items():
            data[f"{prefix}-{index}-{name}"] = str(value)
    data.update(extra or {})
    return data
