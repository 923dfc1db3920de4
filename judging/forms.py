"""Forms of the jury pages. They parse input; the services in `judging.services` decide what is allowed."""

import re

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from judging.selectors import reached_submissions
from judging.services.scoring import comment_field, score_field
from kipp.enums import Role
from kipp.models import Unit, User

SCORE_KEY = re.compile(r"^score_(\d+)$")
COMMENT_KEY = re.compile(r"^comment_(\d+)$")


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: beside the field it names, else at the top."""
    if hasattr(error, "error_dict"):
        for key, messages in error.message_dict.items():
            target = key if key in form.fields else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


class JurorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        parts = [str(obj)]
        if obj.title:
            parts.append(obj.title)
        if obj.unit_id:
            parts.append(obj.unit.display_name)
        return " · ".join(parts)


class JuryAddForm(forms.Form):
    jurors = JurorChoiceField(
        label=_("Pilih juri"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Pilih minimal satu juri."), "invalid_choice": _("Pilihan juri tidak sah.")},
    )

    def __init__(self, *args, stage, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jurors"].queryset = (
            User.objects.filter(groups__name=Role.JUROR, is_active=True)
            .exclude(jury_memberships__stage=stage)
            .select_related("unit")
            .order_by("full_name", "username")
            .distinct()
        )


class JurorCreateForm(forms.Form):
    full_name = forms.CharField(label=_("Nama lengkap dan gelar"), max_length=150)
    email = forms.EmailField(
        label=_("Alamat e-mail"),
        help_text=_("Tautan untuk membuat kata sandi dikirim ke alamat ini."),
        error_messages={"invalid": _("Masukkan alamat e-mail yang benar.")},
    )
    title = forms.CharField(
        label=_("Jabatan / afiliasi"),
        max_length=200,
        required=False,
        help_text=_("Misalnya: Dosen Administrasi Publik, Universitas Brawijaya."),
    )
    unit = forms.ModelChoiceField(
        label=_("Unit pemerintah kota (bila juri internal)"),
        queryset=Unit.objects.filter(is_active=True).order_by("name"),
        required=False,
        empty_label=_("— tanpa unit (juri eksternal) —"),
        help_text=_("Juri internal tidak akan ditugaskan pada usulan unitnya, unit induknya, atau unit di bawahnya."),
    )

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if User.objects.annotate(email_lower=Lower("email")).filter(email_lower=email.lower()).exists():
            raise ValidationError(_("Alamat e-mail ini sudah dipakai akun lain; pilih akun itu dari daftar juri."))
        return email


class AutoAssignForm(forms.Form):
    FULL = "full"
    GAPS = "gaps"
    mode = forms.ChoiceField(
        label=_("Cara"),
        choices=[(FULL, _("Susun ulang semua penugasan")), (GAPS, _("Isi kekurangan saja"))],
        widget=forms.HiddenInput,
    )


class ManualAssignmentForm(forms.Form):
    submission = forms.ModelChoiceField(
        label=_("Usulan"),
        queryset=None,
        empty_label=_("— pilih usulan —"),
        error_messages={"required": _("Pilih usulan."), "invalid_choice": _("Usulan ini tidak berada pada tahap ini.")},
    )
    juror = forms.ModelChoiceField(
        label=_("Juri"),
        queryset=None,
        empty_label=_("— pilih juri —"),
        error_messages={"required": _("Pilih juri."), "invalid_choice": _("Juri ini bukan anggota panel tahap ini.")},
    )

    def __init__(self, *args, stage, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submission"].queryset = reached_submissions(stage).select_related("unit").order_by("name")
        self.fields["submission"].label_from_instance = lambda s: f"{s.name} — {s.unit.display_name}"
        self.fields["juror"].queryset = User.objects.filter(jury_memberships__stage=stage).order_by(
            "full_name", "username"
        )


class AssignmentRemoveForm(forms.Form):
    reason = forms.CharField(label=_("Alasan pencabutan"), max_length=500, required=False)


class ConflictDeclareForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan konflik kepentingan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_(
            "Misalnya: saya pernah membimbing tim inovasi ini, atau keluarga saya bekerja di unit pengusul. "
            "Penugasan ini akan dibatalkan dan nilai yang sudah Anda isi tidak dihitung."
        ),
        error_messages={"required": _("Tuliskan alasan konflik kepentingan.")},
    )


class ConflictRecordForm(forms.Form):
    juror = forms.ModelChoiceField(
        label=_("Juri"),
        queryset=None,
        empty_label=_("— pilih juri —"),
        error_messages={"required": _("Pilih juri.")},
    )
    submission = forms.ModelChoiceField(
        label=_("Usulan"),
        queryset=None,
        required=False,
        empty_label=_("— tidak ada (konflik dengan unit) —"),
    )
    unit = forms.ModelChoiceField(
        label=_("Atau seluruh unit"),
        queryset=Unit.objects.order_by("name"),
        required=False,
        empty_label=_("— tidak ada (konflik dengan usulan) —"),
        help_text=_("Konflik dengan unit berlaku juga untuk unit induk dan unit di bawahnya."),
    )
    reason = forms.CharField(
        label=_("Alasan"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        error_messages={"required": _("Tuliskan alasan konflik kepentingan.")},
    )

    def __init__(self, *args, stage, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["juror"].queryset = User.objects.filter(jury_memberships__stage=stage).order_by(
            "full_name", "username"
        )
        self.fields["submission"].queryset = reached_submissions(stage).select_related("unit").order_by("name")
        self.fields["submission"].label_from_instance = lambda s: f"{s.name} — {s.unit.display_name}"

    def clean(self):
        cleaned = super().clean()
        submission, unit = cleaned.get("submission"), cleaned.get("unit")
        if not submission and not unit and not self.has_error("submission") and not self.has_error("unit"):
            self.add_error("submission", _("Pilih usulan atau unit yang berkonflik."))
        if submission and unit:
            self.add_error("unit", _("Pilih usulan atau unit, tidak keduanya."))
        return cleaned


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan membuka kembali"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Alasan ini tercatat dan ditampilkan kepada juri."),
        error_messages={"required": _("Tuliskan alasan membuka kembali lembar nilai ini.")},
    )


class ScorecardForm(forms.Form):
    """One score and one comment per criterion of the stage, an overall note and the version loaded.

    Scores arrive as text (a phone may type "85,5"); the scoring service parses and checks them, so the
    rules live in one place. The form only refuses fields it does not know (a criterion of another stage).
    """

    DRAFT = "draft"
    FINAL = "final"

    overall_note = forms.CharField(
        label=_("Catatan umum untuk usulan ini"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput, required=False)
    action = forms.ChoiceField(
        choices=[(DRAFT, _("Simpan draf")), (FINAL, _("Kirim final"))], required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, criteria, scores=None, scorecard=None, **kwargs):
        scores = scores or {}
        initial = kwargs.pop("initial", {}) or {}
        initial.setdefault("version", scorecard.version if scorecard is not None else 0)
        if scorecard is not None:
            initial.setdefault("overall_note", scorecard.overall_note)
        for criterion in criteria:
            score = scores.get(criterion.pk)
            if score is not None:
                if score.value is not None:
                    initial.setdefault(score_field(criterion.pk), _format_value(score.value))
                initial.setdefault(comment_field(criterion.pk), score.comment)
        super().__init__(*args, initial=initial, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[score_field(criterion.pk)] = forms.CharField(
                label=criterion.name,
                required=False,
                max_length=20,
                widget=forms.TextInput(
                    attrs={
                        "inputmode": "decimal",
                        "autocomplete": "off",
                        "class": "form-control form-control-lg kipp-score-input",
                        "data-criterion": criterion.pk,
                        "data-weight": str(criterion.weight),
                        "data-max": criterion.max_score,
                    }
                ),
            )
            self.fields[comment_field(criterion.pk)] = forms.CharField(
                label=_("Komentar untuk %(criterion)s") % {"criterion": criterion.name},
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
            )

    def clean(self):
        cleaned = super().clean()
        known = {criterion.pk for criterion in self.criteria}
        foreign = sorted(
            {
                int(match.group(1))
                for key in self.data
                for match in [SCORE_KEY.match(key) or COMMENT_KEY.match(key)]
                if match and int(match.group(1)) not in known
            }
        )
        if foreign:
            raise ValidationError(
                _("Kriteria yang dikirim bukan bagian dari tahap ini (%(ids)s); tidak ada nilai yang disimpan.")
                % {"ids": ", ".join(f"#{pk}" for pk in foreign)},
                code="foreign_criterion",
            )
        return cleaned

    @property
    def is_final(self) -> bool:
        return self.cleaned_data.get("action") == self.FINAL

    def values(self) -> dict[int, str]:
        return {c.pk: self.cleaned_data.get(score_field(c.pk), "") for c in self.criteria}

    def comments(self) -> dict[int, str]:
        return {c.pk: self.cleaned_data.get(comment_field(c.pk), "") for c in self.criteria}

    def rows(self):
        """(criterion, score bound field, comment bound field) per criterion, for the template."""
        return [(c, self[score_field(c.pk)], self[comment_field(c.pk)]) for c in self.criteria]

    def non_field_messages(self):
        return self.errors.get(NON_FIELD_ERRORS, [])


def _format_value(value) -> str:
    """A stored score as the juror would type it: "85", "85,5" (Indonesian decimal comma)."""
    text = format(value.normalize(), "f") if value == value.to_integral() else format(value, "f").rstrip("0")
    return text.replace(".", ",")
