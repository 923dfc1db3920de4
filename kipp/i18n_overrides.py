"""Django's own msgids that locale/id words differently (site wording: "kata sandi", "e-mail").

Never imported: it exists only so that `makemessages` keeps these entries in
locale/*/LC_MESSAGES/django.po. Their Indonesian text lives in locale/id (LOCALE_PATHS wins
over Django's own catalogues). Keep the msgids byte-for-byte equal to Django's (note the ’).
"""

from django.utils.translation import gettext_noop, ngettext_lazy

DJANGO_OVERRIDES = (
    gettext_noop("Password"),
    gettext_noop("Password confirmation"),
    gettext_noop("New password"),
    gettext_noop("New password confirmation"),
    gettext_noop("Old password"),
    gettext_noop("Email"),
    gettext_noop("Email address"),
    gettext_noop("email address"),
    gettext_noop("Enter a valid email address."),
    gettext_noop("The two password fields didn’t match."),
    gettext_noop("Enter the same password as before, for verification."),
    gettext_noop("Your old password was entered incorrectly. Please enter it again."),
    gettext_noop("Password changed successfully."),
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be entirely numeric."),
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    gettext_noop("This password is too common."),
    gettext_noop("This password is entirely numeric."),
    gettext_noop("Password reset on %(site_name)s"),
    gettext_noop(
        "You're receiving this email because you requested a password reset for your user account at %(site_name)s."
    ),
    gettext_noop("Please go to the following page and choose a new password:"),
)

DJANGO_PLURAL_OVERRIDES = (
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        1,
    ),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        1,
    ),
)
