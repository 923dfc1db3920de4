"""Role predicates: the one place that says who is an operator, a juror or the committee.

Other apps combine these with their own object predicates in their `rules.py`.
"""

import rules

from kipp.enums import Role


@rules.predicate
def is_committee(user) -> bool:
    """Committee members (and superusers, who may do everything) run the competition."""
    if not user or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or Role.COMMITTEE in user.role_names


@rules.predicate
def is_operator(user) -> bool:
    """Operators write their own unit's submissions; an operator without a unit can do nothing."""
    if not user or not user.is_authenticated or not user.is_active:
        return False
    return Role.OPERATOR in user.role_names and user.unit_id is not None


@rules.predicate
def is_juror(user) -> bool:
    if not user or not user.is_authenticated or not user.is_active:
        return False
    return Role.JUROR in user.role_names


rules.add_perm("kipp.access_committee", is_committee)
rules.add_perm("kipp.access_operator", is_operator)
rules.add_perm("kipp.access_juror", is_juror)
rules.add_perm("kipp.unlock_login", is_committee)


def landing_url_name(user) -> str:
    """Name of the URL a user lands on after log-in: the committee first, then juror, then operator."""
    if is_committee(user):
        return "competitions:overview"
    if is_juror(user):
        return "judging:juror_home"
    if is_operator(user):
        return "submissions:operator_home"
    return "home"
