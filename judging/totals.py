"""The juror's total for one submission, stated once: Σ weight × score / max score, on 0–100.

Criterion weights of a stage add up to 100, so a juror who gives every criterion its maximum scores 100.
`juror_total_expression` is the database form (for aggregation over Score rows); `juror_total` the
Python form for one scorecard (shown to the juror; the scorecard page's live total mirrors it in JS).
"""

from decimal import Decimal

from django.db.models import DecimalField, ExpressionWrapper, F, Func, Sum

TOTAL_PLACES = Decimal("0.0001")


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


def juror_total(scores) -> Decimal:
    """Total of an iterable of (value, weight, max_score) triples, rounded to 4 places."""
    total = sum(
        (Decimal(value) * Decimal(weight) / Decimal(max_score) for value, weight, max_score in scores),
        Decimal(0),
    )
    return total.quantize(TOTAL_PLACES)
