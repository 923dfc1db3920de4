"""Reads about units and people that several apps share."""

from collections import defaultdict

from django.db import connections

from kipp.models import Unit


def unit_family_ids(unit_id: int, *, parent_by_id: dict[int, int | None] | None = None) -> set[int]:
    """Return the unit, all its ancestors and all its descendants.

    A juror from Dinas Pendidikan is in conflict with a school under it, and a school's juror with its
    dinas: the conflict rule looks up and down the hierarchy. Pass `parent_by_id` (from
    `unit_parent_map()`) to answer many questions with one query.
    """
    if parent_by_id is None:
        parent_by_id = unit_parent_map()
    family = {unit_id}
    current = parent_by_id.get(unit_id)
    while current is not None and current not in family:
        family.add(current)
        current = parent_by_id.get(current)
    children = defaultdict(list)
    for child, parent in parent_by_id.items():
        if parent is not None:
            children[parent].append(child)
    stack = [unit_id]
    while stack:
        for child in children[stack.pop()]:
            if child not in family:
                family.add(child)
                stack.append(child)
    return family


def unit_parent_map() -> dict[int, int | None]:
    """Map every unit id to its parent id in one query (units number in the hundreds)."""
    return dict(Unit.objects.values_list("id", "parent_id"))


def raw_rows(queryset) -> list[tuple]:
    """The rows of a values_list queryset as the database driver returns them: no per-row converters, which
    cost as much as the query itself over tens of thousands of rows (SQLite sums come back as floats)."""
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
