from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class UsernameOrEmailBackend(ModelBackend):
    """Accept either the username or the e-mail address in the username field (case-insensitive)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user_model = get_user_model()
        identifier = username.strip()
        if "@" in identifier:
            user = user_model._default_manager.filter(email__iexact=identifier).order_by("pk").first()
        else:
            user = user_model._default_manager.filter(username__iexact=identifier).order_by("pk").first()
        if user is None:
            # Run the hasher anyway so the response time does not tell whether the account exists.
            user_model().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
