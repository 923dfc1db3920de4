"""POST bodies for Django formsets, grown from the rows the page shows and then mutated.

Starting from what is saved keeps most examples valid enough (weights still add up to 100) to reach the
service; the mutations then change, corrupt or drop single values, delete rows, add rows, point a row's
id at another object and break the management form.
"""

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from hypothesis import strategies as st

from tests.fuzz import strategies as s

# Mostly keep a value as saved; the first choice is what Hypothesis shrinks towards.
_FIELD_MOVES = ["keep"] * 8 + ["valid", "hostile", "drop"]


def posted(value) -> str | None:
    """A saved value as the browser posts it back (None: the field is left out, like an unticked box)."""
    if isinstance(value, bool):
        return "on" if value else None
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def saved_rows(objects, fields, *, fk: str | None = None) -> list[dict]:
    rows = []
    for obj in objects:
        row = {"id": str(obj.pk)}
        if fk:
            row[fk] = str(getattr(obj, f"{fk}_id"))
        for field in fields:
            value = posted(getattr(obj, field))
            if value is not None:
                row[field] = value
        rows.append(row)
    return rows


@st.composite
def formset_post(draw, *, prefix: str, rows: list[dict], fields: dict, fk: tuple[str, str] | None = None, foreign=()):
    """The body of a formset page: `rows` as saved (see `saved_rows`), `fields` maps each editable field to
    a strategy of valid values, `fk` is the inline formset's (field, parent id) and `foreign` are ids of
    objects of the same kind that belong elsewhere."""
    rows = [dict(row) for row in rows]
    for _ in range(draw(st.integers(0, 2), label="new rows")):
        new = {name: draw(strategy) for name, strategy in fields.items()}
        if fk:
            new[fk[0]] = fk[1]
        rows.append(new)
    for row in rows:
        for name, strategy in fields.items():
            move = draw(st.sampled_from(_FIELD_MOVES))
            if move == "valid":
                row[name] = draw(strategy)
            elif move == "hostile":
                row[name] = draw(s.hostile_value)
            elif move == "drop":
                row.pop(name, None)
        if "id" in row:
            if draw(st.sampled_from([False] * 5 + [True])):
                row["DELETE"] = "on"
            move = draw(st.sampled_from(["keep"] * 10 + ["foreign", "hostile", "drop"]))
            if move == "foreign" and foreign:
                row["id"] = str(draw(st.sampled_from(list(foreign))))
            elif move == "hostile":
                row["id"] = draw(s.hostile_value)
            elif move == "drop":
                del row["id"]
        if fk and draw(st.sampled_from([False] * 10 + [True])):
            row[fk[0]] = draw(s.hostile_value)
    saved = sum(1 for row in rows if "id" in row)
    total = draw(st.sampled_from(["right"] * 6 + ["fewer", "more", "hostile"]))
    initial = draw(st.sampled_from(["right"] * 6 + ["zero", "more", "hostile"]))
    body = {
        f"{prefix}-TOTAL_FORMS": {
            "right": str(len(rows)),
            "fewer": str(max(len(rows) - 1, 0)),
            "more": str(len(rows) + 3),
            "hostile": draw(s.hostile_number),
        }[total],
        f"{prefix}-INITIAL_FORMS": {
            "right": str(saved),
            "zero": "0",
            "more": str(saved + 2),
            "hostile": draw(s.hostile_number),
        }[initial],
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for name, value in row.items():
            body[f"{prefix}-{index}-{name}"] = value
    return body


@st.composite
def override_post(draw):
    """The lock-override confirmation under a formset: usually absent, sometimes given, sometimes half."""
    choice = draw(st.sampled_from(["none", "none", "both", "confirm", "reason", "hostile"]))
    if choice == "none":
        return {}
    if choice == "both":
        return {"override-confirm": "on", "override-reason": draw(st.text(min_size=1, max_size=80))}
    if choice == "confirm":
        return {"override-confirm": "on"}
    if choice == "reason":
        return {"override-reason": draw(st.text(min_size=1, max_size=80))}
    return {"override-confirm": draw(s.hostile_value), "override-reason": draw(s.hostile_value)}


@st.composite
def mutated_post(draw, baseline: dict, fields: dict):
    """A plain form's body: the saved values of `baseline`, each kept, replaced, corrupted or dropped."""
    body = dict(baseline)
    for name, strategy in fields.items():
        move = draw(st.sampled_from(_FIELD_MOVES))
        if move == "valid":
            body[name] = draw(strategy)
        elif move == "hostile":
            body[name] = draw(s.hostile_value)
        elif move == "drop":
            body.pop(name, None)
    return body
