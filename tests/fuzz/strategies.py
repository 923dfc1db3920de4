"""What an attacker (or a phone's autocorrect) types: hostile text, numbers that are not quite numbers,
and forms with fields missing, doubled or corrupted, mixed with valid values so that most examples get
past the form into the service behind it."""

import datetime as dt
from decimal import Decimal

from hypothesis import strategies as st

# Text that has broken web apps before: NUL, bidi overrides, markup, format strings, digits that
# str.isdigit() accepts but int() refuses, full-width and Arabic-Indic digits, byte-order marks.
SPECIAL_TEXT = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\u202e",
    "berkas\u202efdp.exe",
    "\ufeff",
    "\u00a0",
    "\r\n",
    "\t",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7|add:7 }}{% debug %}",
    "%(name)s %s %d {0}",
    "' OR '1'='1' --",
    "../../etc/passwd",
    "😀",
    "𝕂𝕀ℙℙ",
    "null",
    "None",
    "[]",
    "{}",
]

# Numbers as typed: huge, negative, non-finite, comma decimals, exponents, digits of other scripts.
SPECIAL_NUMBERS = [
    "0",
    "-0",
    "-1",
    "1",
    "100",
    "100.01",
    "101",
    "1000",
    "1001",
    "32767",
    "32768",
    "65536",
    "2147483648",
    "9223372036854775808",
    "9" * 40,
    "-" + "9" * 40,
    "0.001",
    "0.005",
    "85,5",
    "85,55",
    "85,555",
    "1.000,5",
    "1,000.5",
    "1e2",
    "1E+999999999",
    "1e-999999999",
    "0e999999999",
    "1e309",
    "NaN",
    "nan",
    "sNaN",
    "Infinity",
    "-Infinity",
    "inf",
    "0x10",
    "1_000",
    " 12 ",
    "+5",
    "²",
    "①",
    "١٢٣",
    "１２",
    "𝟙𝟚",
    "12abc",
]

# Characters that make long strings interesting: multi-byte, combining, bidi, markup.
_LONG_UNITS = ["a", "é", "😀", "<b>", "\u202e", "9", " ", "\u0301", "ي"]

long_text = st.builds(lambda unit, count: unit * count, st.sampled_from(_LONG_UNITS), st.integers(150, 12_000))
short_text = st.text(max_size=40)
hostile_text = st.one_of(
    st.sampled_from(SPECIAL_TEXT),
    short_text,
    long_text,
    st.lists(st.one_of(st.sampled_from(SPECIAL_TEXT), st.sampled_from(SPECIAL_NUMBERS), short_text), max_size=4).map(
        "".join
    ),
)
hostile_number = st.one_of(
    st.sampled_from(SPECIAL_NUMBERS),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.decimals(allow_nan=False, allow_infinity=False, places=3).map(lambda d: str(d).replace(".", ",")),
    st.floats().map(repr),
)
hostile_date = st.one_of(
    st.sampled_from(["0000-00-00", "9999-12-31", "2026-02-30", "31/12/2025", "2026-13-01T25:61", "1-1-1"]),
    st.datetimes(min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30)).map(
        lambda d: d.strftime("%Y-%m-%dT%H:%M")
    ),
    st.dates().map(lambda d: d.isoformat()),
)
# Anything at all a field may receive: text, a number-like string, a date-like string, or several values.
hostile_value = st.one_of(
    hostile_text,
    hostile_number,
    hostile_date,
    st.lists(st.one_of(hostile_text, hostile_number), min_size=2, max_size=3),
)


def digits(low: int, high: int):
    return st.integers(min_value=low, max_value=high).map(str)


def decimal_text(low: str, high: str, places: int = 2):
    """A valid-looking decimal between `low` and `high`, sometimes with the Indonesian decimal comma."""
    plain = st.decimals(min_value=Decimal(low), max_value=Decimal(high), places=places, allow_nan=False).map(str)
    return st.one_of(plain, plain.map(lambda text: text.replace(".", ",")))


def moment(base: dt.datetime, *, days_before: int, days_after: int):
    """A datetime-local value near `base`, as the browser's picker sends it."""
    return st.integers(min_value=-days_before * 24, max_value=days_after * 24).map(
        lambda hours: (base + dt.timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M")
    )


def checkbox():
    return st.sampled_from(["on", "1", "true", "", "off", "0"])


@st.composite
def form_data(draw, valid: dict, *, hostile=hostile_value, always: dict | None = None):
    """A POST body for the fields of `valid` (name -> strategy of a valid value).

    Each example picks how bad it is: all valid, one field corrupted, several, or all; some fields are
    left out entirely. `always` are added unchanged (e.g. a management form that must stay readable).
    """
    names = list(valid)
    mode = draw(st.sampled_from(["valid", "one", "some", "all"]))
    if mode == "valid" or not names:
        corrupt = set()
    elif mode == "one":
        corrupt = {draw(st.sampled_from(names))}
    elif mode == "some":
        corrupt = set(draw(st.lists(st.sampled_from(names), unique=True, max_size=len(names))))
    else:
        corrupt = set(names)
    missing = set(draw(st.lists(st.sampled_from(names), unique=True, max_size=2))) if names else set()
    data = dict(always or {})
    for name in names:
        if name in missing and mode != "valid":
            continue
        data[name] = draw(hostile if name in corrupt else valid[name])
    return data
