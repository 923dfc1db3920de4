"""Each final scorecard stores its juror's total (ten-thousandths), kept true by database triggers.

The triggers empty a stored total whenever something it was computed from changes, by any path (the
services, the admin, a QuerySet.update, raw SQL): a score inserted, changed (value, scorecard or criterion)
or deleted, or a criterion's weight, max score or stage changed. The ranking sums the scores of a final
scorecard whose total is empty, so a stored total, when present, is always the sum of the scores as they are.
Existing final scorecards get their total here, computed exactly as judging.totals.juror_total_e4 does.
"""

import math
from fractions import Fraction

from django.db import migrations, models

TRIGGER_NAMES = [
    "judging_score_insert_empties_total",
    "judging_score_update_empties_total",
    "judging_score_delete_empties_total",
    "judging_criterion_update_empties_totals",
]


def _sqlite(score, scorecard, assignment, criterion):
    empty = f"UPDATE {scorecard} SET total_e4 = NULL WHERE total_e4 IS NOT NULL AND id = %s;"
    return [
        f"CREATE TRIGGER judging_score_insert_empties_total AFTER INSERT ON {score} "
        f"BEGIN {empty % 'NEW.scorecard_id'} END",
        f"CREATE TRIGGER judging_score_update_empties_total AFTER UPDATE OF value, scorecard_id, criterion_id "
        f"ON {score} BEGIN {empty % 'OLD.scorecard_id'} {empty % 'NEW.scorecard_id'} END",
        f"CREATE TRIGGER judging_score_delete_empties_total AFTER DELETE ON {score} "
        f"BEGIN {empty % 'OLD.scorecard_id'} END",
        f"CREATE TRIGGER judging_criterion_update_empties_totals AFTER UPDATE OF weight, max_score, stage_id "
        f"ON {criterion} WHEN OLD.weight IS NOT NEW.weight OR OLD.max_score IS NOT NEW.max_score "
        f"OR OLD.stage_id IS NOT NEW.stage_id BEGIN "
        f"UPDATE {scorecard} SET total_e4 = NULL WHERE total_e4 IS NOT NULL AND assignment_id IN "
        f"(SELECT id FROM {assignment} WHERE stage_id IN (OLD.stage_id, NEW.stage_id)); END",
    ]


def _postgresql(score, scorecard, assignment, criterion):
    return [
        f"""CREATE FUNCTION judging_score_empties_total() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP <> 'INSERT' THEN
                UPDATE {scorecard} SET total_e4 = NULL WHERE total_e4 IS NOT NULL AND id = OLD.scorecard_id;
            END IF;
            IF TG_OP <> 'DELETE' THEN
                UPDATE {scorecard} SET total_e4 = NULL WHERE total_e4 IS NOT NULL AND id = NEW.scorecard_id;
            END IF;
            RETURN NULL;
        END $$""",
        f"CREATE TRIGGER judging_score_insert_empties_total AFTER INSERT ON {score} "
        f"FOR EACH ROW EXECUTE FUNCTION judging_score_empties_total()",
        f"CREATE TRIGGER judging_score_update_empties_total AFTER UPDATE OF value, scorecard_id, criterion_id "
        f"ON {score} FOR EACH ROW EXECUTE FUNCTION judging_score_empties_total()",
        f"CREATE TRIGGER judging_score_delete_empties_total AFTER DELETE ON {score} "
        f"FOR EACH ROW EXECUTE FUNCTION judging_score_empties_total()",
        f"""CREATE FUNCTION judging_criterion_empties_totals() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE {scorecard} SET total_e4 = NULL WHERE total_e4 IS NOT NULL AND assignment_id IN
                (SELECT id FROM {assignment} WHERE stage_id IN (OLD.stage_id, NEW.stage_id));
            RETURN NULL;
        END $$""",
        f"CREATE TRIGGER judging_criterion_update_empties_totals AFTER UPDATE OF weight, max_score, stage_id "
        f"ON {criterion} FOR EACH ROW WHEN (OLD.weight IS DISTINCT FROM NEW.weight "
        f"OR OLD.max_score IS DISTINCT FROM NEW.max_score OR OLD.stage_id IS DISTINCT FROM NEW.stage_id) "
        f"EXECUTE FUNCTION judging_criterion_empties_totals()",
    ]


def _tables(apps, schema_editor):
    quote = schema_editor.connection.ops.quote_name
    return [
        quote(apps.get_model(app, model)._meta.db_table)
        for app, model in (
            ("judging", "Score"),
            ("judging", "Scorecard"),
            ("judging", "Assignment"),
            ("competitions", "Criterion"),
        )
    ]


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise NotImplementedError(f"Stored totals need triggers written for {vendor}.")
    statements = (_sqlite if vendor == "sqlite" else _postgresql)(*_tables(apps, schema_editor))
    for statement in statements:
        schema_editor.execute(statement, params=None)


def drop_triggers(apps, schema_editor):
    score, _scorecard, _assignment, criterion = _tables(apps, schema_editor)
    postgresql = schema_editor.connection.vendor == "postgresql"
    for name in TRIGGER_NAMES:
        table = criterion if "criterion" in name else score
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}" + (f" ON {table}" if postgresql else ""), params=None)
    if postgresql:
        for function in ("judging_score_empties_total", "judging_criterion_empties_totals"):
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {function}()", params=None)


def store_existing_totals(apps, schema_editor):
    """Σ value × weight / max score of each final scorecard, × 10,000 rounded half-up (exact fractions)."""
    Scorecard = apps.get_model("judging", "Scorecard")
    Score = apps.get_model("judging", "Score")
    totals: dict[int, Fraction] = {}
    for scorecard_id, value, weight, max_score in (
        Score.objects.filter(scorecard__status="final", value__isnull=False)
        .order_by()
        .values_list("scorecard_id", "value", "criterion__weight", "criterion__max_score")
        .iterator(chunk_size=2000)
    ):
        totals[scorecard_id] = totals.get(scorecard_id, Fraction(0)) + Fraction(value) * Fraction(weight) / max_score
    cards = [Scorecard(pk=pk, total_e4=math.floor(total * 10_000 + Fraction(1, 2))) for pk, total in totals.items()]
    Scorecard.objects.bulk_update(cards, ["total_e4"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("competitions", "0003_competition_change_log"),
        ("judging", "0003_scorecard_reopen_draft_comments_reminders"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalscorecard",
            name="total_e4",
            field=models.BigIntegerField(
                blank=True, editable=False, null=True, verbose_name="total (per sepuluh ribu)"
            ),
        ),
        migrations.AddField(
            model_name="scorecard",
            name="total_e4",
            field=models.BigIntegerField(
                blank=True, editable=False, null=True, verbose_name="total (per sepuluh ribu)"
            ),
        ),
        migrations.RunPython(create_triggers, drop_triggers),
        migrations.RunPython(store_existing_totals, migrations.RunPython.noop),
    ]
