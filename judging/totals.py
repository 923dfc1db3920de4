"""The juror's total for one submission, stated once: Σ weight × score / max score, on 0–100.

Criterion weights of a stage add up to 100, so a juror who gives every criterion its maximum scores 100.
`juror_total_expression` is the database form (for aggregation over Score rows); `juror_total` the
Python form for one scorecard (shown to the juror; the scorecard page's live total mirrors it in JS);
`juror_total_e4_expression` the ranking's form: the same total, rounded the same way, as an integer number
of ten-thousandths computed exactly in the database. Every form rounds to 4 places half-up.

A final scorecard also stores its total (`Scorecard.total_e4`, from `juror_total_e4`), so the ranking reads
one number per scorecard instead of summing every score; database triggers empty a stored total whenever
what it was computed from changes, and the ranking sums the scores of a final scorecard without one.
"""

import math
from decimal import ROUND_HALF_UP, Context, Decimal
from fractions import Fraction

from django.db.models import BigIntegerField, DecimalField, ExpressionWrapper, F, Func, Sum, Value
from django.db.models.functions import Cast, Round

from kipp.selectors import raw_rows

TOTAL_PLACES = Decimal("0.0001")
# SQLite computes in binary floating point: read its sums as Django does (15 significant digits), which
# gives back the exact decimal for every total that has one; PostgreSQL returns exact numerics.
_FROM_FLOAT = Context(prec=15).create_decimal_from_float
# The exact integer form multiplies hundredths of a value (at most 100 × 1,000, the Score check constraint)
# by hundredths of a weight (at most 10,000) and by denominator / max score: a stage's numerator stays
# below 2 × criteria × 10⁹ × denominator, which must fit a signed 64-bit integer with room to spare.
E4_LIMIT = 4 * 10**9  # criteria of the largest stage × common denominator


class _Fractional(Func):
    """The value unchanged, except on SQLite, which stores whole-number decimals as integers and would
    divide them as integers (85 × 15 / 100 = 12, not 12.75): there it becomes REAL first."""

    template = "%(expressions)s"
    output_field = DecimalField(max_digits=12, decimal_places=6)

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, template="CAST(%(expressions)s AS REAL)", **extra_context)


def score_contribution_expression(prefix: str = ""):
    """weight × value / max_score of one Score row; `prefix` reaches Score from another model ("scores__")."""
    return ExpressionWrapper(
        _Fractional(F(f"{prefix}value")) * F(f"{prefix}criterion__weight") / F(f"{prefix}criterion__max_score"),
        output_field=DecimalField(max_digits=12, decimal_places=6),
    )


def juror_total_expression(prefix: str = ""):
    """Sum of the contributions: aggregate it over the Score rows of one scorecard."""
    return Sum(score_contribution_expression(prefix))


def common_denominator(max_scores) -> int:
    """The least common multiple of the criteria's max scores (every max score divides it)."""
    return math.lcm(1, *(int(score) for score in max_scores))


def exact_e4_fits(denominator: int, criteria_per_stage: int) -> bool:
    """Whether `juror_total_e4_expression(denominator)` stays inside 64-bit integers (see E4_LIMIT)."""
    return denominator * max(criteria_per_stage, 1) <= E4_LIMIT


class _Hundredths(Func):
    """A value with 2 decimal places × 100 as an exact integer. SQLite computes x × 100 in binary floating
    point, within 10⁻⁹ of the integer, and ROUND makes it exact; PostgreSQL's numeric is exact anyway. One
    CAST instead of the three Django's Cast(Round(…)) writes on SQLite, which cost as much as the rest of the
    sum per row at national scale."""

    template = "CAST(ROUND(%(expressions)s * 100) AS bigint)"
    output_field = BigIntegerField()


class _ByCriterion(Func):
    """CASE criterion_id WHEN id THEN factor … END: one lookup of the column, then integer comparisons (the
    searched CASE Django's Case/When writes re-reads the column for every WHEN). Ids and factors are ints,
    passed as parameters."""

    output_field = BigIntegerField()

    def __init__(self, criterion_id, factors: dict[int, int]):
        super().__init__(criterion_id, output_field=BigIntegerField())
        self.factors = {int(pk): int(factor) for pk, factor in factors.items()}

    def as_sql(self, compiler, connection, **extra_context):
        column, params = compiler.compile(self.source_expressions[0])
        whens = " ".join("WHEN %s THEN %s" for _ in self.factors)
        return f"CASE {column} {whens} END", [*params, *(n for item in self.factors.items() for n in item)]


def criterion_factors(criteria, denominator: int) -> dict[int, int]:
    """Per criterion id, weight in hundredths × (denominator / max score): the integer a value in hundredths
    is multiplied by in `juror_total_e4_expression` (criteria: (id, weight, max_score) triples)."""
    return {
        int(pk): int((Decimal(weight) * 100).to_integral_value(ROUND_HALF_UP)) * (denominator // int(max_score))
        for pk, weight, max_score in criteria
    }


def juror_total_e4_expression(denominator: int, prefix: str = "", criteria=None):
    """The juror's total in ten-thousandths (an integer), rounded half-up, in exact integer arithmetic.

    With v and w the value and the weight in hundredths (both have 2 decimal places, so exact integers)
    and D a common multiple of the max scores (`common_denominator`), total × 10,000 × D is the integer
    N = Σ v × w × (D / max score), and (2N + D) div 2D is total × 10,000 rounded half-up (values are never
    negative). The same integers on SQLite and PostgreSQL, no binary floating point and no conversion per
    row in Python. Check `exact_e4_fits` first.

    With `criteria` ((id, weight, max_score) of every criterion whose scores are summed, as already read),
    w × (D / max score) is a constant per criterion (`criterion_factors`), chosen by a CASE on the score's
    criterion id: no join to the criteria and no per-row arithmetic on them. A score of a criterion not in
    `criteria` would count as nothing, so pass all of them.
    """
    big = BigIntegerField()
    value = _Hundredths(F(f"{prefix}value"))
    factors = criterion_factors(criteria, denominator) if criteria is not None else None
    if factors:
        factor = _ByCriterion(F(f"{prefix}criterion_id"), factors)
        term = ExpressionWrapper(value * factor, output_field=big)
    else:
        weight = Cast(Round(F(f"{prefix}criterion__weight") * 100), big)
        share = ExpressionWrapper(Cast(Value(denominator), big) / F(f"{prefix}criterion__max_score"), output_field=big)
        term = ExpressionWrapper(value * weight * share, output_field=big)
    # PostgreSQL's SUM of bigint is numeric: cast it back, so the division below is an integer division.
    numerator = Cast(Sum(term, output_field=big), big)
    return ExpressionWrapper((numerator * Value(2) + Value(denominator)) / Value(2 * denominator), output_field=big)


def summed_totals_e4(queryset, *, prefix: str, criteria, criteria_per_stage: int, keys: tuple[str, ...]) -> dict:
    """Per row of `queryset` (grouped on its "id"), `keys` -> the juror's total in ten-thousandths summed in the
    database from the Score rows reached through `prefix` ("scores__" from a Scorecard), for the rows that
    have scores. Exact (`juror_total_e4_expression`) unless the max scores have an absurdly large common
    multiple (`exact_e4_fits`); then the Decimal form, rounded half-up. `criteria`: (id, weight, max_score)
    of every criterion the scores may belong to."""
    criteria = list(criteria)
    denominator = common_denominator(max_score for _pk, _weight, max_score in criteria)
    exact = exact_e4_fits(denominator, criteria_per_stage)
    expression = (
        juror_total_e4_expression(denominator, prefix, criteria=criteria) if exact else juror_total_expression(prefix)
    )
    grouped = queryset.order_by().values(*dict.fromkeys(("id", *keys)))
    rows = raw_rows(grouped.annotate(total=expression).values_list(*keys, "total"))
    return {
        tuple(row[:-1]): row[-1] if exact else to_e4(decimal_from_db(row[-1])) for row in rows if row[-1] is not None
    }


def decimal_from_db(value) -> Decimal:
    """A number as the database driver returned it (Decimal, int, or a float from SQLite) as a Decimal."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return _FROM_FLOAT(value)
    return Decimal(value)


def from_e4(total: int) -> Decimal:
    """A total in ten-thousandths as the Decimal shown (4 places: 526500 -> 52.6500)."""
    return Decimal(total).scaleb(-4)


def to_e4(total: Decimal) -> int:
    """A Decimal total rounded half-up to 4 places, in ten-thousandths (52.65 -> 526500)."""
    return int(total.quantize(TOTAL_PLACES, ROUND_HALF_UP).scaleb(4))


def juror_total_e4(scores) -> int:
    """The total of (value, weight, max_score) triples in ten-thousandths, rounded half-up, exactly (the
    same integer `juror_total_e4_expression` computes in the database)."""
    total = sum(
        (Fraction(value) * Fraction(weight) / int(max_score) for value, weight, max_score in scores), Fraction(0)
    )
    return math.floor(total * 10_000 + Fraction(1, 2))


def juror_total(scores) -> Decimal:
    """Total of an iterable of (value, weight, max_score) triples, rounded to 4 places half-up (as the
    ranking rounds it: what the juror is shown is what the ranking counts)."""
    return from_e4(juror_total_e4(scores))
