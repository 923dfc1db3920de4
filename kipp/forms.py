from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """Log-in by username or e-mail; the error never tells whether the account exists."""

    username = forms.CharField(
        label=_("Nama pengguna atau e-mail"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username", "autocapitalize": "none"}),
    )
    error_messages = {
        "invalid_login": _("Nama pengguna/e-mail atau kata sandi salah. Periksa kembali lalu coba lagi."),
        "inactive": _("Akun ini tidak aktif. Hubungi panitia."),
    }


class IdModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField that refuses anything but a plausible id before asking the database.

    Django catches ValueError and TypeError when looking an id up, but not the OverflowError (SQLite) or
    DataError (PostgreSQL) of an id with 150 digits: a 500 from a query string.
    """

    def to_python(self, value):
        if value not in self.empty_values:
            text = str(value)
            if not (text.isascii() and text.isdigit() and len(text) <= 18):
                raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)
