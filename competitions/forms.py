"""Forms of the committee's configuration pages.

The rules themselves live in `competitions.validation`; forms only run them so that each message lands
next to the field it concerns, and services run them again before writing.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Fieldset, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms import BaseInlineFormSet, BaseModelFormSet, inlineformset_factory, modelformset_factory
from django.utils.translation import gettext_lazy as _

from competitions import services
from competitions.enums import PROPOSAL_SECTIONS
from competitions.models import (
    AttachmentRequirement,
    AwardTier,
    Category,
    Competition,
    Criterion,
    RubricLevel,
    Stage,
)
from competitions.validation import (
    Problem,
    competition_date_problems,
    competition_window_problems,
    criteria_problems,
    max_score_rubric_problems,
    rubric_problems,
    stage_problems,
    tier_cover_problems,
    tier_problems,
    top_n_problems,
)

DATETIME_INPUT_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeLocalInput(forms.DateTimeInput):
    """The browser's own date-and-time picker; values are read in Asia/Jakarta."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=DATETIME_INPUT_FORMAT)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def add_problems(form: forms.BaseForm, problems: list[Problem]) -> None:
    """Put each problem next to its field (or above the form when it concerns the whole)."""
    for problem in problems:
        field = problem.field if problem.field in form.fields else None
        form.add_error(field, problem.message)


def word_limit_field_name(key: str) -> str:
    return f"word_limit_{key}"


class CompetitionFormMixin:
    """Date and window rules shared by the create and the settings form."""

    def check_dates(self, cleaned_data):
        # Stage windows are derived from these dates, so keep them inside years a competition can have.
        for name in ("submission_opens_at", "submission_closes_at", "revision_deadline", "ceremony_date"):
            moment = cleaned_data.get(name)
            if moment is not None and not 2000 <= moment.year <= 2100:
                self.add_error(name, _("Tanggal harus antara tahun 2000 dan 2100."))
                cleaned_data[name] = None
        add_problems(
            self,
            competition_date_problems(
                opens=cleaned_data.get("submission_opens_at"),
                closes=cleaned_data.get("submission_closes_at"),
                revision_deadline=cleaned_data.get("revision_deadline"),
                ceremony_date=cleaned_data.get("ceremony_date"),
            ),
        )


class CompetitionCreateForm(CompetitionFormMixin, forms.ModelForm):
    """A new year: its name, registration window and Top N; the rest starts from the national defaults."""

    START_NATIONAL = "national"
    START_EMPTY = "empty"

    start = forms.ChoiceField(
        label=_("Mulai dari"),
        choices=[
            (
                START_NATIONAL,
                _("Bawaan KIPP nasional 2023: 3 tahap, kriteria dengan bobot dan rubrik, 3 surat pernyataan"),
            ),
            (START_EMPTY, _("Kosong: saya menyusun tahap dan kriteria sendiri")),
        ],
        initial=START_NATIONAL,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Competition
        fields = ["year", "title", "submission_opens_at", "submission_closes_at", "top_n"]
        widgets = {"submission_opens_at": DateTimeLocalInput(), "submission_closes_at": DateTimeLocalInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(Column("year", css_class="col-sm-4"), Column("title", css_class="col-sm-8")),
            Row(
                Column("submission_opens_at", css_class="col-md-6"),
                Column("submission_closes_at", css_class="col-md-6"),
            ),
            Row(Column("top_n", css_class="col-sm-4")),
            "start",
        )

    def clean(self):
        cleaned_data = super().clean()
        self.check_dates(cleaned_data)
        return cleaned_data

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class CompetitionForm(CompetitionFormMixin, forms.ModelForm):
    """Every general setting of a year, including the word limit of each proposal section."""

    class Meta:
        model = Competition
        fields = [name for name in services.COMPETITION_FIELDS if name != "word_limits"]
        widgets = {
            "submission_opens_at": DateTimeLocalInput(),
            "submission_closes_at": DateTimeLocalInput(),
            "revision_deadline": DateTimeLocalInput(),
            "ceremony_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "rules": forms.Textarea(attrs={"rows": 5}),
            "eligibility": forms.Textarea(attrs={"rows": 4}),
            "how_to_submit": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, ranking_locked: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        limits = self.instance.word_limits or {}
        for key, label, default in PROPOSAL_SECTIONS:
            self.fields[word_limit_field_name(key)] = forms.IntegerField(
                label=label,
                min_value=10,
                max_value=5000,
                initial=limits.get(key, default),
                help_text=_("kata"),
            )
        if ranking_locked:
            field = self.fields["ranking_method"]
            field.disabled = True
            field.help_text = _(
                "Terkunci: penilaian sudah dimulai, dan metode pemeringkatan adalah bagian dari aturan yang "
                "diumumkan sebelum juri menilai."
            )
        self.fields["ceremony_date"].help_text = _("Apel pagi penyerahan piagam oleh Wali Kota.")
        self.helper = FormHelper()
        self.helper.form_tag = False
        word_limit_columns = [
            Column(word_limit_field_name(key), css_class="col-6 col-md-4 col-xl-3")
            for key, _label, _default in PROPOSAL_SECTIONS
        ]
        self.helper.layout = Layout(
            Fieldset(
                _("Identitas"),
                Row(Column("year", css_class="col-sm-3"), Column("title", css_class="col-sm-9")),
                "description",
                Field("is_announced"),
            ),
            Fieldset(
                _("Jadwal (WIB)"),
                Row(
                    Column("submission_opens_at", css_class="col-md-6"),
                    Column("submission_closes_at", css_class="col-md-6"),
                ),
                Row(Column("revision_deadline", css_class="col-md-6"), Column("ceremony_date", css_class="col-md-6")),
            ),
            Fieldset(
                _("Ketentuan peserta"),
                "eligibility",
                "rules",
                "how_to_submit",
                Row(
                    Column("min_months_in_operation", css_class="col-sm-6"),
                    Column("max_submissions_per_unit", css_class="col-sm-6"),
                ),
                "requires_parent_endorsement",
            ),
            Fieldset(
                _("Pemenang dan pemeringkatan"),
                Row(Column("top_n", css_class="col-sm-4"), Column("ranking_method", css_class="col-sm-8")),
            ),
            Fieldset(_("Batas kata setiap bagian proposal"), Row(*word_limit_columns)),
            Fieldset(
                _("Penandatangan piagam"),
                Row(Column("signatory_name", css_class="col-md-6"), Column("signatory_title", css_class="col-md-6")),
            ),
        )

    def clean(self):
        cleaned_data = super().clean()
        self.check_dates(cleaned_data)
        if self.instance.pk:
            stages = list(self.instance.stages.all())
            opens, closes = cleaned_data.get("submission_opens_at"), cleaned_data.get("submission_closes_at")
            problems = competition_window_problems(opens=opens, closes=closes, stages=stages)
            top_n = cleaned_data.get("top_n")
            problems += top_n_problems(top_n=top_n, stages=stages)
            problems += tier_cover_problems(top_n=top_n, tiers=list(self.instance.award_tiers.all()))
            add_problems(self, [problem for problem in problems if problem.field not in self.errors])
        return cleaned_data

    def service_fields(self) -> dict:
        fields = {name: self.cleaned_data[name] for name in self._meta.fields}
        fields["word_limits"] = {
            key: self.cleaned_data[word_limit_field_name(key)] for key, _label, _default in PROPOSAL_SECTIONS
        }
        return fields


class CopyForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun kompetisi baru"), min_value=2000, max_value=2100)
    title = forms.CharField(
        label=_("Judul"),
        max_length=200,
        required=False,
        help_text=_("Kosongkan untuk memakai judul lama dengan tahun yang baru."),
    )

    def clean_year(self):
        year = self.cleaned_data["year"]
        if Competition.objects.filter(year=year).exists():
            raise ValidationError(_("Sudah ada kompetisi untuk tahun ini."))
        return year


class LockOverrideForm(forms.Form):
    """The explicit confirmation that lets the committee change a stage whose scoring has started."""

    confirm = forms.BooleanField(
        label=_("Saya mengerti bahwa perubahan ini memengaruhi nilai yang sudah diberikan juri, dan tetap mengubahnya"),
        required=False,
    )
    reason = forms.CharField(
        label=_("Alasan perubahan"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Dicatat pada riwayat kompetisi beserta nama Anda."),
    )

    def clean(self):
        cleaned_data = super().clean()
        confirm, reason = cleaned_data.get("confirm"), (cleaned_data.get("reason") or "").strip()
        if confirm and not reason:
            self.add_error("reason", _("Tuliskan alasan perubahan."))
        if reason and not confirm:
            self.add_error("confirm", _("Centang konfirmasi bila perubahan ini memang harus dilakukan."))
        return cleaned_data

    @property
    def override_reason(self) -> str:
        if not self.is_valid() or not self.cleaned_data.get("confirm"):
            return ""
        return self.cleaned_data["reason"].strip()


# Formsets ----------------------------------------------------------------------------------------------


class FiniteDecimalField(forms.DecimalField):
    """A decimal field that refuses NaN and infinities while parsing, before anything compares them
    (a signalling NaN raises InvalidOperation in Django's has_changed comparison: a 500)."""

    def to_python(self, value):
        value = super().to_python(value)
        if value is not None and not value.is_finite():
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return value


def finite_decimal_formfield(model_field, **kwargs):
    if isinstance(model_field, models.DecimalField):
        kwargs["form_class"] = FiniteDecimalField
    return model_field.formfield(**kwargs)


class RowForm(forms.ModelForm):
    """A row of a configuration formset; uniqueness across rows is checked on the whole set, so that
    swapping two orders or names is not refused half-way.

    Every subclass's Meta must inherit `RowForm.Meta`: Django reads `formfield_callback` only from Meta
    (a class attribute is ignored), and that callback is what makes each decimal a `FiniteDecimalField`,
    for the saved rows and the new (extra) rows of the formset alike.
    """

    class Meta:
        formfield_callback = staticmethod(finite_decimal_formfield)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Show saved weights as the committee typed them ("70", "12.5"), not as stored ("70.00").
        if "weight" in self.fields and self.instance.pk and self.instance.weight is not None:
            self.initial["weight"] = format(self.instance.weight.normalize(), "f")

    def validate_unique(self):
        return


class RowsFormSetMixin:
    """Run a set-wide rule on the rows as they would be saved and put its messages on the right rows."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Hapus baris ini")

    def active_forms(self) -> list[forms.ModelForm]:
        return [
            form
            for form in self.forms
            if not (self.can_delete and self._should_delete_form(form)) and (form.instance.pk or form.has_changed())
        ]

    def validate_unique(self):
        return

    def apply_problems(self, forms_in_order, problems: list[Problem]) -> None:
        general = []
        for problem in problems:
            if problem.index is None:
                general.append(problem.message)
            else:
                form = forms_in_order[problem.index]
                form.add_error(problem.field if problem.field in form.fields else None, problem.message)
        if general:
            raise ValidationError(general)

    def rows(self, fields: list[str]) -> list[dict]:
        """The rows for a service: every existing row plus the new ones that were filled in."""
        rows = []
        for form in self.forms:
            if form.instance.pk is None and not form.has_changed():
                continue
            delete = bool(self.can_delete and self._should_delete_form(form))
            row = {"id": form.instance.pk, "delete": delete}
            if not delete:
                row.update({field: form.cleaned_data.get(field) for field in fields})
            rows.append(row)
        return rows


class StageForm(RowForm):
    class Meta(RowForm.Meta):
        model = Stage
        fields = list(services.STAGE_FIELDS)
        widgets = {
            "opens_at": DateTimeLocalInput(),
            "closes_at": DateTimeLocalInput(),
            "description": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["weight"].widget.attrs["data-weight-input"] = "1"
        self.fields["weight"].help_text = _("Tahap penilaian saja; jumlahnya 100.")
        self.fields["advance_count"].help_text = _("Kosongkan bila semua yang memenuhi syarat maju.")


class BaseStageFormSet(RowsFormSetMixin, BaseModelFormSet):
    def __init__(self, *args, competition: Competition, **kwargs):
        self.competition = competition
        kwargs.setdefault("queryset", competition.stages.order_by("order"))
        super().__init__(*args, **kwargs)

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        active = self.active_forms()
        self.apply_problems(active, stage_problems(competition=self.competition, stages=[f.instance for f in active]))


StageFormSet = modelformset_factory(Stage, form=StageForm, formset=BaseStageFormSet, extra=1, can_delete=True)


class CriterionForm(RowForm):
    class Meta(RowForm.Meta):
        model = Criterion
        fields = list(services.CRITERION_FIELDS)
        widgets = {"guidance": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["weight"].widget.attrs["data-weight-input"] = "1"


class BaseCriterionFormSet(RowsFormSetMixin, BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        active = self.active_forms()
        problems = criteria_problems(criteria=[form.instance for form in active])
        for index, form in enumerate(active):
            if form.instance.pk and "max_score" in form.changed_data:
                levels = list(form.instance.rubric_levels.all())
                problems += [
                    Problem(problem.field, problem.message, index)
                    for problem in max_score_rubric_problems(criterion_max=form.instance.max_score, levels=levels)
                ]
        self.apply_problems(active, problems)


CriterionFormSet = inlineformset_factory(
    Stage, Criterion, form=CriterionForm, formset=BaseCriterionFormSet, extra=1, can_delete=True
)


class RubricLevelForm(RowForm):
    class Meta(RowForm.Meta):
        model = RubricLevel
        fields = list(services.RUBRIC_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class BaseRubricFormSet(RowsFormSetMixin, BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        active = self.active_forms()
        self.apply_problems(
            active, rubric_problems(max_score=self.instance.max_score, levels=[form.instance for form in active])
        )


RubricFormSet = inlineformset_factory(
    Criterion, RubricLevel, form=RubricLevelForm, formset=BaseRubricFormSet, extra=1, can_delete=True
)


class CategoryForm(RowForm):
    class Meta(RowForm.Meta):
        model = Category
        fields = list(services.CATEGORY_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class BaseCategoryFormSet(RowsFormSetMixin, BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        active = self.active_forms()
        seen = set()
        problems = []
        for index, form in enumerate(active):
            key = form.instance.name.strip().casefold()
            if key in seen:
                problems.append(Problem("name", str(_("Kategori dengan nama ini sudah ada.")), index))
            seen.add(key)
        self.apply_problems(active, problems)


CategoryFormSet = inlineformset_factory(
    Competition, Category, form=CategoryForm, formset=BaseCategoryFormSet, extra=1, can_delete=True
)


class AwardTierForm(RowForm):
    class Meta(RowForm.Meta):
        model = AwardTier
        fields = list(services.TIER_FIELDS)


class BaseAwardTierFormSet(RowsFormSetMixin, BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        active = self.active_forms()
        self.apply_problems(active, tier_problems(top_n=self.instance.top_n, tiers=[form.instance for form in active]))


AwardTierFormSet = inlineformset_factory(
    Competition, AwardTier, form=AwardTierForm, formset=BaseAwardTierFormSet, extra=1, can_delete=True
)


class AttachmentRequirementForm(RowForm):
    class Meta(RowForm.Meta):
        model = AttachmentRequirement
        fields = list(services.REQUIREMENT_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].required = False
        self.fields["code"].help_text = _("Kosongkan untuk dibuat dari nama.")


class BaseAttachmentRequirementFormSet(RowsFormSetMixin, BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        active = self.active_forms()
        seen = set()
        problems = []
        for index, form in enumerate(active):
            code = form.instance.code
            if code and code in seen:
                problems.append(Problem("code", str(_("Kode dokumen ini sudah dipakai.")), index))
            seen.add(code)
        self.apply_problems(active, problems)


AttachmentRequirementFormSet = inlineformset_factory(
    Competition,
    AttachmentRequirement,
    form=AttachmentRequirementForm,
    formset=BaseAttachmentRequirementFormSet,
    extra=1,
    can_delete=True,
)
