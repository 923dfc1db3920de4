"""Bugs the fuzz tests found and that are not fixed yet: each has a strict xfail test beside the fuzz test
of its form, and these helpers steer the fuzz tests around it so that they keep looking for new ones.
Remove a helper (and the steering) when its xfail test starts passing.
"""

import unicodedata


def _each(value, change):
    return [change(item) for item in value] if isinstance(value, list) else change(value)


def isdigit_trap(value) -> bool:
    """Text that str.isdigit() accepts but int() refuses ("²", "①"); several views call int() on it.

    xfail: test_submit_with_a_superscript_version_is_refused_without_error,
    test_stage_close_with_a_superscript_id_is_refused_without_error.
    """
    for text in value if isinstance(value, list) else [value]:
        if text.isdigit():
            try:
                int(text)
            except ValueError:
                return True
    return False


def without_long_combining_runs(value):
    """Drop combining marks from long text: `judging.services.conflicts.change_reason` truncates with
    Django's Truncator, which does not count them, so the history's 100-character column overflows.

    xfail: test_conflict_declaration_with_combining_marks_keeps_the_history_column.
    """

    def strip(text):
        if len(text) <= 60:
            return text
        return "".join(char for char in text if not unicodedata.combining(char))

    return _each(value, strip)


def at_most(value, length: int):
    """Cut text to `length` characters: some services copy a whole user reason into the history's
    100-character change-reason column.

    xfail: test_unpublish_with_a_sentence_long_reason_is_recorded.
    """
    return _each(value, lambda text: text[:length])
