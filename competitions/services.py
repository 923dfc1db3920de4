"""Write actions on a competition's configuration: one function per action, each re-checking the rules.

Formsets arrive here as plain rows: a list of dicts with the model fields plus "id" (None for a new row)
and "delete". Rows for existing objects that are left out are kept as they are.

A stage whose `scoring_started_at` is set (the judging app sets it when the first score is saved) is
locked: its criteria, weights, maximum scores and rubric change only with an explicit committee reason,
which is stored as the simple-history change reason and as a visible `CompetitionChange` line.
"""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from competitions import defaults
from competitions.enums import ChangeKind, StageKind
from competitions.models import (
    AttachmentRequirement,
    AwardTier,
    Category,
    Competition,
    CompetitionChange,
    Criterion,
    RubricLevel,
    Stage,
)
from competitions.validation import (
    Problem,
    competition_date_problems,
    competition_window_problems,
    criteria_problems,
    format_moment,
    max_score_rubric_problems,
    raise_problems,
    rubric_problems,
    stage_problems,
    tier_cover_problems,
    tier_problems,
    top_n_problems,
)

Row = dict[str, Any]

COMPETITION_FIELDS = (
    "year",
    "title",
    "description",
    "rules",
    "eligibility",
    "how_to_submit",
    "is_announced",
    "submission_opens_at",
    "submission_closes_at",
    "revision_deadline",
    "min_months_in_operation",
    "max_submissions_per_unit",
    "top_n",
    "requires_parent_endorsement",
    "ranking_method",
    "word_limits",
    "signatory_name",
    "signatory_title",
    "ceremony_date",
)
STAGE_FIELDS = (
    "order",
    "name",
    "kind",
    "description",
    "opens_at",
    "closes_at",
    "advance_count",
    "weight",
    "jurors_per_submission",
)
CRITERION_FIELDS = ("order", "name", "guidance", "weight", "max_score")
RUBRIC_FIELDS = ("min_score", "max_score", "label", "description")
CATEGORY_FIELDS = ("order", "name", "description")
TIER_FIELDS = ("name", "first_place", "last_place")
REQUIREMENT_FIELDS = ("order", "code", "name", "description", "is_required")
# Tuples on purpose: Django's inline formsets append their foreign key to a form's Meta.fields list.
# simple-history stores the change reason in a CharField(max_length=100).
HISTORY_REASON_LENGTH = 100


def _log(
    *,
    competition: Competition,
    kind: str,
    summary: str,
    actor,
    stage: Stage | None = None,
    reason: str = "",
    is_lock_override: bool = False,
) -> CompetitionChange:
    entry = CompetitionChange(
        competition=competition,
        stage=stage,
        kind=kind,
        summary=summary,
        reason=reason,
        is_lock_override=is_lock_override,
        actor=actor if getattr(actor, "pk", None) else None,
    )
    entry.full_clean()
    entry.save()
    return entry


def _history_reason(reason: str) -> str:
    reason = " ".join(reason.split())
    if len(reason) <= HISTORY_REASON_LENGTH:
        return reason
    return reason[: HISTORY_REASON_LENGTH - 1] + "…"


def lock_message(stage: Stage) -> str:
    """Why a scored stage refuses changes, in words the committee understands."""
    return _(
        "Penilaian tahap «%(stage)s» sudah dimulai pada %(date)s. Mengubah kriteria, bobot, nilai maksimal "
        "atau rubrik sekarang akan mengubah nilai yang sudah diberikan juri tanpa disadari. Bila perubahan ini "
        "memang harus dilakukan, centang konfirmasi dan tuliskan alasannya; perubahan akan dicatat."
    ) % {"stage": stage.name, "date": format_moment(stage.scoring_started_at)}


def ranking_method_locked(competition: Competition) -> bool:
    """The ranking method is part of the published rules: fixed once any scoring stage has a score."""
    return competition.stages.filter(kind=StageKind.SCORING, scoring_started_at__isnull=False).exists()


# Rows --------------------------------------------------------------------------------------------------


class _Plan:
    """What saving a list of rows will do: the objects as they will be, and which to delete/create/update."""

    def __init__(self, *, queryset: models.QuerySet, model: type[models.Model], parent: dict, rows: list[Row], fields):
        existing = {obj.pk: obj for obj in queryset}
        self.fields = fields
        self.deleted: list[models.Model] = []
        self.updated: list[tuple[models.Model, list[str]]] = []
        self.created: list[models.Model] = []
        # The objects that remain after saving, in the order of the rows (then the rows left out).
        self.result: list[models.Model] = []
        mentioned = set()
        for row in rows:
            pk = row.get("id")
            if pk is not None and pk not in existing:
                raise ValidationError(_("Data sudah diubah orang lain; muat ulang halaman lalu ulangi."))
            mentioned.add(pk)
            if row.get("delete"):
                if pk is not None:
                    self.deleted.append(existing[pk])
                continue
            values = {field: row[field] for field in fields if field in row}
            if pk is None:
                obj = model(**parent, **values)
                self.created.append(obj)
                self.result.append(obj)
                continue
            obj = existing[pk]
            changed = [field for field, value in values.items() if getattr(obj, field) != value]
            for field in changed:
                setattr(obj, field, values[field])
            if changed:
                self.updated.append((obj, changed))
            self.result.append(obj)
        self.result.extend(obj for pk, obj in existing.items() if pk not in mentioned)

    @property
    def has_changes(self) -> bool:
        return bool(self.deleted or self.updated or self.created)

    def summary(self, what: str) -> str:
        return _("%(what)s: %(created)s ditambah, %(updated)s diubah, %(deleted)s dihapus.") % {
            "what": what,
            "created": len(self.created),
            "updated": len(self.updated),
            "deleted": len(self.deleted),
        }

    def apply(self, *, unique_fields: Iterable[str] = (), reason: str = "", protected_message: str = "") -> None:
        """Delete, update then create, inside the caller's transaction.

        Rows whose unique fields change are first parked on temporary values, so that swapping two orders
        or two names never trips the unique constraint half-way.
        """
        history_reason = _history_reason(reason) if reason else None
        for obj in self.deleted:
            if _in_use(obj):
                raise ValidationError(protected_message % {"name": str(obj)})
            obj._change_reason = history_reason
            try:
                obj.delete()
            except ProtectedError as error:
                raise ValidationError(protected_message % {"name": str(obj)}) from error
        unique_fields = list(unique_fields)
        for position, (obj, changed) in enumerate(self.updated):
            parked = {}
            for field in unique_fields:
                if field in changed:
                    is_text = isinstance(obj._meta.get_field(field), models.CharField)
                    parked[field] = f"~{obj.pk}~" if is_text else 30000 + position
            if parked:
                type(obj).objects.filter(pk=obj.pk).update(**parked)
        for obj, _changed in self.updated:
            obj._change_reason = history_reason
            obj.full_clean()
            obj.save()
        for obj in self.created:
            obj._change_reason = history_reason
            obj.full_clean()
            obj.save()


def _in_use(obj: models.Model) -> bool:
    """Whether rows of other apps (submissions, assignments, scores) point at `obj`.

    Deleting such a row would cascade into, or be blocked by, data the committee did not mean to touch;
    the relations are looked up generically because this app may not import the apps built on it.
    """
    for relation in obj._meta.related_objects:
        related = relation.related_model
        if related._meta.app_label == obj._meta.app_label or relation.many_to_many:
            continue
        if related._base_manager.filter(**{relation.field.name: obj}).exists():
            return True
    return False


def _check_lock(*, stage: Stage, override_reason: str, what_changed: bool) -> bool:
    """Refuse a change to a scored stage without a reason; return whether this is a recorded override."""
    if not what_changed or stage.scoring_started_at is None:
        return False
    if not override_reason.strip():
        raise ValidationError(lock_message(stage), code="locked")
    return True


# Competition -----------------------------------------------------------------------------------------


def _shift_years(value, years: int):
    """The same moment `years` later (29 February becomes 28 February)."""
    if value is None or years == 0:
        return value
    local = timezone.localtime(value) if isinstance(value, dt.datetime) else value
    try:
        return local.replace(year=local.year + years)
    except ValueError:
        return local.replace(year=local.year + years, day=28)


def _install_defaults(competition: Competition) -> None:
    """Stages, criteria with rubric, award tiers and statement letters of the national KIPP 2023 form."""
    plan = defaults.stage_plan(opens=competition.submission_opens_at, closes=competition.submission_closes_at)
    for stage_data in plan:
        criteria = stage_data.pop("criteria")
        if stage_data["advance_count"] is not None:
            stage_data["advance_count"] = max(stage_data["advance_count"], 2 * competition.top_n)
        stage = Stage(competition=competition, **stage_data)
        stage.full_clean()
        stage.save()
        for order, (name, weight, guidance, descriptions) in enumerate(criteria, start=1):
            criterion = Criterion(stage=stage, order=order, name=name, guidance=guidance, weight=weight, max_score=100)
            criterion.full_clean()
            criterion.save()
            for (low, high, label), description in zip(defaults.LEVEL_RANGES, descriptions, strict=True):
                RubricLevel.objects.create(
                    criterion=criterion, min_score=low, max_score=high, label=label, description=description
                )
    for name, first, last in defaults.award_tiers_for(competition.top_n):
        AwardTier.objects.create(competition=competition, name=name, first_place=first, last_place=last)
    for order, (code, name, description) in enumerate(defaults.ATTACHMENT_REQUIREMENTS, start=1):
        AttachmentRequirement.objects.create(
            competition=competition, code=code, name=name, description=description, order=order
        )


def competition_create(*, fields: dict[str, Any], actor, with_defaults: bool = True) -> Competition:
    """Create a competition year, by default with the national KIPP 2023 stages, criteria and documents."""
    competition = Competition(**fields)
    if with_defaults:
        for field, text in [
            ("description", defaults.DESCRIPTION),
            ("eligibility", defaults.ELIGIBILITY),
            ("rules", defaults.RULES),
            ("how_to_submit", defaults.HOW_TO_SUBMIT),
        ]:
            if not getattr(competition, field):
                setattr(competition, field, text)
    raise_problems(
        competition_date_problems(
            opens=competition.submission_opens_at,
            closes=competition.submission_closes_at,
            revision_deadline=competition.revision_deadline,
            ceremony_date=competition.ceremony_date,
        )
    )
    competition.full_clean()
    with transaction.atomic():
        competition.save()
        if with_defaults:
            _install_defaults(competition)
        _log(
            competition=competition,
            kind=ChangeKind.CREATED,
            summary=_("Kompetisi dibuat dengan tahap dan kriteria bawaan KIPP nasional 2023.")
            if with_defaults
            else _("Kompetisi dibuat tanpa tahap."),
            actor=actor,
        )
    return competition


def competition_update(*, competition: Competition, fields: dict[str, Any], actor) -> Competition:
    """Change the general settings; the stages and tiers already configured must stay valid."""
    unknown = set(fields) - set(COMPETITION_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    with transaction.atomic():
        competition = Competition.objects.select_for_update().get(pk=competition.pk)
        changed = [name for name, value in fields.items() if getattr(competition, name) != value]
        if "ranking_method" in changed and ranking_method_locked(competition):
            raise ValidationError(
                {
                    "ranking_method": _(
                        "Metode pemeringkatan tidak dapat diubah karena penilaian sudah dimulai: metode adalah "
                        "bagian dari aturan yang diumumkan sebelum juri menilai."
                    )
                }
            )
        for name in changed:
            setattr(competition, name, fields[name])
        stages = list(competition.stages.all())
        tiers = list(competition.award_tiers.all())
        raise_problems(
            competition_date_problems(
                opens=competition.submission_opens_at,
                closes=competition.submission_closes_at,
                revision_deadline=competition.revision_deadline,
                ceremony_date=competition.ceremony_date,
            )
            + competition_window_problems(
                opens=competition.submission_opens_at, closes=competition.submission_closes_at, stages=stages
            )
            + top_n_problems(top_n=competition.top_n, stages=stages)
            + tier_cover_problems(top_n=competition.top_n, tiers=tiers)
        )
        competition.full_clean()
        if not changed:
            return competition
        competition.save()
        labels = ", ".join(str(Competition._meta.get_field(name).verbose_name) for name in changed)
        _log(
            competition=competition,
            kind=ChangeKind.SETTINGS,
            summary=_("Diubah: %(fields)s.") % {"fields": labels},
            actor=actor,
        )
    return competition


def competition_copy(*, source: Competition, year: int, title: str = "", actor) -> Competition:
    """Create `year` from `source` in one step: everything but submissions, dates shifted by the years between.

    The copy is not announced; stages start unscored and unclosed.
    """
    years = year - source.year
    copy = Competition(
        year=year,
        title=title or source.title.replace(str(source.year), str(year)),
        is_announced=False,
        submission_opens_at=_shift_years(source.submission_opens_at, years),
        submission_closes_at=_shift_years(source.submission_closes_at, years),
        revision_deadline=_shift_years(source.revision_deadline, years),
        ceremony_date=_shift_years(source.ceremony_date, years),
        word_limits=dict(source.word_limits),
    )
    for name in [
        "description",
        "rules",
        "eligibility",
        "how_to_submit",
        "min_months_in_operation",
        "max_submissions_per_unit",
        "top_n",
        "requires_parent_endorsement",
        "ranking_method",
        "signatory_name",
        "signatory_title",
    ]:
        setattr(copy, name, getattr(source, name))
    copy.full_clean()
    with transaction.atomic():
        copy.save()
        bulk_create_with_history(
            [
                Category(competition=copy, name=c.name, description=c.description, order=c.order)
                for c in source.categories.all()
            ],
            Category,
            default_user=actor if getattr(actor, "pk", None) else None,
        )
        for tier in source.award_tiers.all():
            AwardTier.objects.create(
                competition=copy, name=tier.name, first_place=tier.first_place, last_place=tier.last_place
            )
        AttachmentRequirement.objects.bulk_create(
            AttachmentRequirement(
                competition=copy,
                code=r.code,
                name=r.name,
                description=r.description,
                is_required=r.is_required,
                order=r.order,
            )
            for r in source.attachment_requirements.all()
        )
        stages = source.stages.prefetch_related("criteria__rubric_levels")
        for stage in stages:
            new_stage = Stage.objects.create(
                competition=copy,
                order=stage.order,
                name=stage.name,
                kind=stage.kind,
                description=stage.description,
                opens_at=_shift_years(stage.opens_at, years),
                closes_at=_shift_years(stage.closes_at, years),
                advance_count=stage.advance_count,
                weight=stage.weight,
                jurors_per_submission=stage.jurors_per_submission,
            )
            for criterion in stage.criteria.all():
                new_criterion = Criterion.objects.create(
                    stage=new_stage,
                    order=criterion.order,
                    name=criterion.name,
                    guidance=criterion.guidance,
                    weight=criterion.weight,
                    max_score=criterion.max_score,
                )
                for level in criterion.rubric_levels.all():
                    RubricLevel.objects.create(
                        criterion=new_criterion,
                        min_score=level.min_score,
                        max_score=level.max_score,
                        label=level.label,
                        description=level.description,
                    )
        _log(
            competition=copy,
            kind=ChangeKind.COPIED,
            summary=_("Disalin dari %(source)s; tanggal digeser %(years)s tahun.") % {"source": source, "years": years},
            actor=actor,
        )
    return copy


def competition_archive(*, competition: Competition, actor) -> Competition:
    """Take a finished year off the committee's working list; its public pages stay."""
    if competition.archived_at is not None:
        raise ValidationError(_("Kompetisi ini sudah diarsipkan."))
    with transaction.atomic():
        competition.archived_at = timezone.now()
        competition.save(update_fields=["archived_at", "updated_at"])
        _log(competition=competition, kind=ChangeKind.ARCHIVED, summary=_("Kompetisi diarsipkan."), actor=actor)
    return competition


def competition_restore(*, competition: Competition, actor) -> Competition:
    if competition.archived_at is None:
        raise ValidationError(_("Kompetisi ini tidak sedang diarsipkan."))
    with transaction.atomic():
        competition.archived_at = None
        competition.save(update_fields=["archived_at", "updated_at"])
        _log(
            competition=competition,
            kind=ChangeKind.RESTORED,
            summary=_("Kompetisi dipulihkan dari arsip."),
            actor=actor,
        )
    return competition


# Stages, criteria, rubric ------------------------------------------------------------------------------


def stages_save(*, competition: Competition, rows: list[Row], actor, override_reason: str = "") -> list[Stage]:
    """Save the competition's stages as a whole, so rules across stages (order, weights, Top N) hold.

    A stage whose scoring has started cannot be deleted; its weight and kind change only with a reason.
    """
    with transaction.atomic():
        competition = Competition.objects.select_for_update().get(pk=competition.pk)
        plan = _Plan(
            queryset=competition.stages.all(),
            model=Stage,
            parent={"competition": competition},
            rows=rows,
            fields=STAGE_FIELDS,
        )
        for stage in plan.deleted:
            if stage.scoring_started_at is not None:
                raise ValidationError(
                    _("Tahap «%(stage)s» sudah dinilai dan tidak dapat dihapus.") % {"stage": stage.name}
                )
        locked_changes = [
            stage for stage, changed in plan.updated if stage.scoring_started_at and {"weight", "kind"} & set(changed)
        ]
        override = False
        for stage in locked_changes:
            override = _check_lock(stage=stage, override_reason=override_reason, what_changed=True) or override
        raise_problems(stage_problems(competition=competition, stages=plan.result), rows=plan.result)
        if not plan.has_changes:
            return sorted(plan.result, key=lambda stage: stage.order)
        plan.apply(
            unique_fields=["order"],
            reason=override_reason if override else "",
            protected_message=_("Tahap «%(name)s» sudah dipakai usulan atau penilaian dan tidak dapat dihapus."),
        )
        _log(
            competition=competition,
            kind=ChangeKind.STAGES,
            summary=plan.summary(_("Tahap")),
            actor=actor,
            reason=override_reason if override else "",
            is_lock_override=override,
        )
    return list(competition.stages.all())


def criteria_save(*, stage: Stage, rows: list[Row], actor, override_reason: str = "") -> list[Criterion]:
    """Save a scoring stage's criteria; their weights must add up to 100 and a scored stage is locked."""
    with transaction.atomic():
        stage = Stage.objects.select_for_update().select_related("competition").get(pk=stage.pk)
        if stage.kind != StageKind.SCORING:
            raise ValidationError(_("Tahap seleksi administrasi tidak memiliki kriteria penilaian."))
        plan = _Plan(
            queryset=stage.criteria.prefetch_related("rubric_levels"),
            model=Criterion,
            parent={"stage": stage},
            rows=rows,
            fields=CRITERION_FIELDS,
        )
        override = _check_lock(stage=stage, override_reason=override_reason, what_changed=plan.has_changes)
        problems = criteria_problems(criteria=plan.result)
        for criterion, changed in plan.updated:
            if "max_score" in changed:
                index = plan.result.index(criterion)
                problems += [
                    Problem(problem.field, problem.message, index)
                    for problem in max_score_rubric_problems(
                        criterion_max=criterion.max_score, levels=list(criterion.rubric_levels.all())
                    )
                ]
        raise_problems(problems, rows=plan.result)
        if not plan.has_changes:
            return plan.result
        plan.apply(
            unique_fields=["name"],
            reason=override_reason if override else "",
            protected_message=_("Kriteria «%(name)s» sudah dinilai juri dan tidak dapat dihapus."),
        )
        _log(
            competition=stage.competition,
            stage=stage,
            kind=ChangeKind.CRITERIA,
            summary=plan.summary(_("Kriteria tahap «%(stage)s»") % {"stage": stage.name}),
            actor=actor,
            reason=override_reason if override else "",
            is_lock_override=override,
        )
    return list(stage.criteria.all())


def rubric_save(*, criterion: Criterion, rows: list[Row], actor, override_reason: str = "") -> list[RubricLevel]:
    """Save a criterion's rubric levels; they stay within its maximum score and do not overlap."""
    with transaction.atomic():
        criterion = Criterion.objects.select_related("stage__competition").get(pk=criterion.pk)
        stage = Stage.objects.select_for_update().get(pk=criterion.stage_id)
        plan = _Plan(
            queryset=criterion.rubric_levels.all(),
            model=RubricLevel,
            parent={"criterion": criterion},
            rows=rows,
            fields=RUBRIC_FIELDS,
        )
        override = _check_lock(stage=stage, override_reason=override_reason, what_changed=plan.has_changes)
        raise_problems(rubric_problems(max_score=criterion.max_score, levels=plan.result), rows=plan.result)
        if not plan.has_changes:
            return plan.result
        plan.apply(reason=override_reason if override else "")
        _log(
            competition=criterion.stage.competition,
            stage=stage,
            kind=ChangeKind.RUBRIC,
            summary=plan.summary(_("Rubrik kriteria «%(criterion)s»") % {"criterion": criterion.name}),
            actor=actor,
            reason=override_reason if override else "",
            is_lock_override=override,
        )
    return list(criterion.rubric_levels.all())


# Categories, award tiers, required documents -------------------------------------------------------------


def categories_save(*, competition: Competition, rows: list[Row], actor) -> list[Category]:
    with transaction.atomic():
        plan = _Plan(
            queryset=competition.categories.all(),
            model=Category,
            parent={"competition": competition},
            rows=rows,
            fields=CATEGORY_FIELDS,
        )
        names = [category.name.strip().casefold() for category in plan.result]
        if len(names) != len(set(names)):
            raise ValidationError({"name": _("Kategori dengan nama ini sudah ada.")})
        if plan.has_changes:
            # The history rows name the actor even without a request (HistoryRequestMiddleware covers the page).
            if getattr(actor, "pk", None):
                for category in [*plan.deleted, *(obj for obj, _changed in plan.updated), *plan.created]:
                    category._history_user = actor
            plan.apply(
                unique_fields=["name"],
                protected_message=_("Kategori «%(name)s» sudah dipakai usulan dan tidak dapat dihapus."),
            )
            _log(competition=competition, kind=ChangeKind.CATEGORIES, summary=plan.summary(_("Kategori")), actor=actor)
    return list(competition.categories.all())


def award_tiers_save(*, competition: Competition, rows: list[Row], actor) -> list[AwardTier]:
    """Save the named bands of the Top N (e.g. 1-3 "Tiga Besar"): inside 1..Top N, never overlapping."""
    with transaction.atomic():
        competition = Competition.objects.select_for_update().get(pk=competition.pk)
        plan = _Plan(
            queryset=competition.award_tiers.all(),
            model=AwardTier,
            parent={"competition": competition},
            rows=rows,
            fields=TIER_FIELDS,
        )
        raise_problems(tier_problems(top_n=competition.top_n, tiers=plan.result), rows=plan.result)
        if plan.has_changes:
            plan.apply()
            _log(
                competition=competition,
                kind=ChangeKind.TIERS,
                summary=plan.summary(_("Kategori penghargaan")),
                actor=actor,
            )
    return list(competition.award_tiers.all())


def attachment_requirements_save(*, competition: Competition, rows: list[Row], actor) -> list[AttachmentRequirement]:
    """Save the documents every proposal attaches; a blank code is made from the name."""
    rows = [dict(row) for row in rows]
    for row in rows:
        if not row.get("delete") and not row.get("code") and row.get("name"):
            row["code"] = slugify(row["name"])[:50] or "dokumen"
    with transaction.atomic():
        plan = _Plan(
            queryset=competition.attachment_requirements.all(),
            model=AttachmentRequirement,
            parent={"competition": competition},
            rows=rows,
            fields=REQUIREMENT_FIELDS,
        )
        codes = [requirement.code for requirement in plan.result]
        if len(codes) != len(set(codes)):
            raise ValidationError({"code": _("Kode dokumen ini sudah dipakai.")})
        if plan.has_changes:
            plan.apply(
                unique_fields=["code"],
                protected_message=_("Dokumen «%(name)s» sudah diunggah pada usulan dan tidak dapat dihapus."),
            )
            _log(
                competition=competition,
                kind=ChangeKind.REQUIREMENTS,
                summary=plan.summary(_("Dokumen wajib")),
                actor=actor,
            )
    return list(competition.attachment_requirements.all())
