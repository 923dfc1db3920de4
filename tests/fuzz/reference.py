"""Exact arithmetic for the reference rankings of the tests (fractions, rounded as the app rounds)."""

from decimal import Decimal
from fractions import Fraction


def round4(value: Fraction) -> Decimal:
    """Half-up (away from zero: every value here is 0 or more) to 4 decimal places, exactly."""
    scaled = Fraction(value) * 10000
    whole = scaled.numerator // scaled.denominator
    if scaled - whole >= Fraction(1, 2):
        whole += 1
    return Decimal(whole).scaleb(-4)


def juror_total(values_weights_maxima) -> Decimal:
    """Σ weight × value / max score over (value, weight, max score) triples, rounded."""
    return round4(sum((Fraction(w) * Fraction(v) / m for v, w, m in values_weights_maxima), Fraction(0)))


def mean(values) -> Decimal | None:
    values = [Fraction(value) for value in values]
    return round4(sum(values, Fraction(0)) / len(values)) if values else None
