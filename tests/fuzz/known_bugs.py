"""Bugs the fuzz tests found and that are not fixed yet: each has a strict xfail test beside the fuzz test
of its form, and these helpers steer the fuzz tests around it so that they keep looking for new ones.
Remove a helper (and the steering) when its xfail test starts passing.
"""

from decimal import Decimal, InvalidOperation


def is_signaling_nan(text: str) -> bool:
    try:
        return Decimal(text.strip()).is_snan()
    except (InvalidOperation, ValueError):
        return False


def without_signaling_nan(body: dict) -> dict:
    """Replace "sNaN" (a signaling NaN) by "NaN": Django's DecimalField.has_changed() compares a new
    stage row's default weight with it, which raises InvalidOperation instead of reporting a change.

    xfail: test_new_stage_with_a_snan_weight_is_refused_with_a_message.
    """

    def fix(value):
        if isinstance(value, list):
            return [fix(item) for item in value]
        return "NaN" if is_signaling_nan(value) else value

    return {key: fix(value) for key, value in body.items()}
