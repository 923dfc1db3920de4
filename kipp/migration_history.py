"""For migrations that give an existing model a django-simple-history table: one "created" history row per
existing object, so the audit trail shows objects made before their history began (author: nobody, shown as
"sistem"; date: the object's `created_at` when it has one). What `manage.py populate_history --auto` does,
run by the migration itself so no deployment needs a manual step."""

from django.utils import timezone


def initial_history_rows(apps, schema_editor, *, app_label: str, model_name: str) -> int:
    model = apps.get_model(app_label, model_name)
    historical = apps.get_model(app_label, f"Historical{model_name}")
    using = schema_editor.connection.alias
    recorded = set(historical.objects.using(using).values_list("id", flat=True))
    now = timezone.now()
    fields = [field.attname for field in model._meta.concrete_fields]
    rows = [
        historical(
            **{name: getattr(obj, name) for name in fields},
            history_date=getattr(obj, "created_at", None) or now,
            history_type="+",
            history_user=None,
        )
        for obj in model._base_manager.using(using).order_by("pk")
        if obj.pk not in recorded
    ]
    historical.objects.using(using).bulk_create(rows, batch_size=500)
    return len(rows)
