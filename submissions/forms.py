"""Forms of the submission pages: they parse input; the rules live in `submissions.services`."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from competitions.enums import PROPOSAL_SECTIONS
from competitions.models import Category, Competition
from kipp.enums import UnitKind
from kipp.forms import IdModelChoiceField
from submissions.enums import SDG_CHOICES, ScreeningDecision, SubmissionStatus
from submissions.models import Submission
from submissions.proposal import latest_start_date, proposal_sections
from submissions.validation import ACCEPT_ATTRIBUTE, MAX_NAME_LENGTH

_WEB_URL = URLValidator(schemes=["http", "https"], message=_("Masukkan alamat web lengkap yang diawali https://"))
_PHONE = re.compile(r"^[0-9+()\-.\s]{6,30}$")

SECTION_KEYS = [key for key, _label, _limit in PROPOSAL_SECTIONS]


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has one, else on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for item in errors:
                form.add_error(target, item.messages)
    else:
        form.add_error(None, error.messages)


class WebURLField(forms.URLField):
    """A URL field that completes a bare address with https:// (the Django 6 default)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)


class VersionField(forms.CharField):
    """The hidden version of the optimistic lock: empty counts as "unknown" (None); anything else that is
    not a plain number counts as version 0, which no saved proposal has, so the save is refused as stale."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        # isascii: str.isdigit() also accepts digits such as '²' that int() refuses.
        if not value:
            return None
        return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else 0


class SubmissionForm(forms.ModelForm):
    """The proposal, split into the sections of this year's form (limits from the competition)."""

    version = VersionField()
    sdgs = forms.TypedMultipleChoiceField(
        label=_("Tujuan Pembangunan Berkelanjutan (SDGs) yang didukung"),
        choices=SDG_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "sdg-choice"}),
    )

    class Meta:
        model = Submission
        fields = [
            "name",
            "acronym_meaning",
            "category",
            *SECTION_KEYS,
            "started_on",
            "sdgs",
            "is_application",
            "application_url",
            "video_url",
            "innovators",
            "contact_name",
            "contact_phone",
            "contact_email",
        ]
        labels = {
            "name": _("Nama inovasi"),
            "acronym_meaning": _("Kepanjangan nama inovasi"),
            "started_on": _("Tanggal mulai beroperasi"),
            "is_application": _("Inovasi ini berupa aplikasi (web atau ponsel)"),
            "application_url": _("Alamat aplikasi"),
            "video_url": _("Tautan video (maksimal 3 menit)"),
            "innovators": _("Inovator / anggota tim"),
            "contact_name": _("Nama narahubung"),
            "contact_phone": _("Telepon / WhatsApp narahubung"),
            "contact_email": _("E-mail narahubung"),
        }
        help_texts = {
            "name": _("Contoh: SIAPEL. Nama harus berbeda dari inovasi lain pada kompetisi ini."),
            "acronym_meaning": _("Contoh: Sistem Aplikasi Pelayanan Elektronik. Kosongkan bila bukan singkatan."),
            "application_url": _("Wajib bila inovasi berupa aplikasi, diawali https://"),
            "video_url": _("Misalnya tautan YouTube atau Google Drive yang dapat dibuka publik."),
            "innovators": _("Satu nama per baris, dengan jabatan."),
        }
        field_classes = {"application_url": WebURLField, "video_url": WebURLField}
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "off"}),
            "started_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "innovators": forms.Textarea(attrs={"rows": 3}),
            "application_url": forms.URLInput(attrs={"placeholder": "https://"}),
            "video_url": forms.URLInput(attrs={"placeholder": "https://"}),
            "contact_phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    def __init__(self, *args, competition: Competition, **kwargs):
        super().__init__(*args, **kwargs)
        self.competition = competition
        self.sections = proposal_sections(competition)
        included = {section.key for section in self.sections}
        for key in SECTION_KEYS:
            if key not in included:
                del self.fields[key]
        for section in self.sections:
            field = self.fields[section.key]
            field.label = section.label
            field.help_text = section.guidance
            field.required = False
            attrs = {
                "rows": 6,
                "class": "form-control section-text",
                "aria-describedby": f"guide-{section.key} wc-{section.key}",
            }
            if section.limit:
                attrs["data-word-limit"] = str(section.limit)
            field.widget = forms.Textarea(attrs=attrs)
        categories = Category.objects.filter(competition=competition).order_by("order", "name")
        if categories.exists():
            self.fields["category"].queryset = categories
            self.fields["category"].empty_label = _("— pilih kategori —")
            self.fields["category"].required = False
        else:
            del self.fields["category"]
        latest = latest_start_date(competition)
        self.fields["started_on"].help_text = _(
            "Minimal %(months)d bulan beroperasi, dihitung mundur dari penutupan pendaftaran: mulai paling lambat "
            "%(date)s."
        ) % {"months": competition.min_months_in_operation, "date": date_format(latest, "j F Y")}
        self.fields["name"].max_length = 200
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def clean_name(self):
        name = " ".join((self.cleaned_data.get("name") or "").split())
        if not name:
            raise ValidationError(_("Nama inovasi wajib diisi, juga untuk draf."))
        return name

    def clean_started_on(self):
        started_on = self.cleaned_data.get("started_on")
        if started_on and started_on > timezone.localdate():
            raise ValidationError(_("Tanggal mulai beroperasi tidak boleh di masa depan."))
        return started_on

    def _clean_web_url(self, field):
        value = (self.cleaned_data.get(field) or "").strip()
        if value:
            _WEB_URL(value)
        return value

    def clean_application_url(self):
        return self._clean_web_url("application_url")

    def clean_video_url(self):
        return self._clean_web_url("video_url")

    def clean_contact_phone(self):
        value = (self.cleaned_data.get("contact_phone") or "").strip()
        if value and not _PHONE.match(value):
            raise ValidationError(_("Nomor telepon hanya boleh berisi angka, spasi, +, -, ( dan )."))
        return value

    def _post_clean(self):
        # The service validates the whole row (including the unique name) under a lock; here only the
        # field-level checks run, so the instance passed in is never half-updated by validation.
        pass

    def section_fields(self):
        """(section, bound field) pairs in form order, for the template."""
        return [(section, self[section.key]) for section in self.sections]

    def proposal_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class AttachmentForm(forms.Form):
    """One file at a time, optionally for one of the competition's required documents."""

    file = forms.FileField(
        label=_("Berkas"),
        help_text=_("Foto JPEG, PNG atau WebP, atau dokumen PDF."),
        max_length=MAX_NAME_LENGTH + 55,
        error_messages={"required": _("Pilih berkas yang akan diunggah."), "empty": _("Berkas kosong (0 byte).")},
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )
    requirement = forms.ModelChoiceField(
        label=_("Untuk dokumen wajib"),
        queryset=None,
        required=False,
        empty_label=_("— bukan dokumen wajib (foto atau dokumen pendukung) —"),
    )
    caption = forms.CharField(label=_("Keterangan"), max_length=200, required=False)

    def __init__(self, *args, competition: Competition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requirement"].queryset = competition.attachment_requirements.order_by("order", "pk")
        self.fields["file"].widget.attrs["accept"] = ACCEPT_ATTRIBUTE


class SubmitForm(forms.Form):
    version = VersionField()


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan menarik usulan"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Boleh dikosongkan."),
    )


class EndorsementForm(forms.Form):
    ENDORSE = "endorse"
    RETURN = "return"

    action = forms.ChoiceField(
        label=_("Keputusan"),
        choices=[(ENDORSE, _("Setujui dan teruskan ke panitia")), (RETURN, _("Kembalikan untuk perbaikan"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Catatan untuk unit pengusul"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Wajib diisi bila usulan dikembalikan."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == self.RETURN and not (cleaned.get("note") or "").strip():
            self.add_error("note", _("Tuliskan catatan perbaikan untuk unit pengusul."))
        return cleaned


class ScreeningForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Keputusan seleksi administrasi"),
        choices=ScreeningDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Pilih keputusan seleksi.")},
    )
    note = forms.CharField(
        label=_("Alasan / catatan untuk unit pengusul"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Wajib untuk “tidak lolos” (alasan) dan “dikembalikan” (catatan perbaikan)."),
    )

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        note = (cleaned.get("note") or "").strip()
        if decision == ScreeningDecision.INELIGIBLE and not note:
            self.add_error("note", _("Tuliskan alasan usulan tidak lolos."))
        if decision == ScreeningDecision.RETURNED and not note:
            self.add_error("note", _("Tuliskan catatan perbaikan untuk unit pengusul."))
        return cleaned


class ScreeningFilterForm(forms.Form):
    competition = IdModelChoiceField(
        label=_("Kompetisi"), queryset=Competition.objects.order_by("-year"), required=False, empty_label=_("Semua")
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    category = IdModelChoiceField(
        label=_("Kategori"), queryset=Category.objects.none(), required=False, empty_label=_("Semua")
    )
    unit_kind = forms.ChoiceField(label=_("Jenis unit"), choices=[("", _("Semua")), *UnitKind.choices], required=False)
    q = forms.CharField(label=_("Cari nama inovasi atau unit"), required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Semua status")), *SubmissionStatus.choices]
        competition_id = self.data.get("competition") if self.is_bound else None
        categories = Category.objects.select_related("competition").order_by("-competition__year", "order", "name")
        if (
            competition_id
            and str(competition_id).isascii()
            and str(competition_id).isdigit()
            and len(str(competition_id)) < 10
        ):
            categories = categories.filter(competition_id=int(competition_id))
        self.fields["category"].queryset = categories
        self.fields["category"].label_from_instance = lambda category: f"{category.competition.year} · {category}"

    def filters(self) -> dict:
        if not self.is_valid():
            return {"status": SubmissionStatus.SUBMITTED}
        return {
            "competition": self.cleaned_data.get("competition"),
            "status": self.cleaned_data.get("status") or "",
            "category": self.cleaned_data.get("category"),
            "unit_kind": self.cleaned_data.get("unit_kind") or "",
            "search": self.cleaned_data.get("q") or "",
        }
