"""The admin base class for models with history: the history pages show, they never write.

django-simple-history's history form view saves a POSTed form for anyone allowed to *view* the object's
history (it checks view-or-change permission, then saves), so a staff member with only "view" permission
could change an object, a user's superuser flag included, by posting to /admin/<app>/<model>/<id>/history/<v>/.
Every admin with history inherits from `HistoryAdmin` instead; changes go through the ordinary change form,
which checks the change permission, and each one adds a history row.
"""

from django.http import HttpResponseNotAllowed
from simple_history.admin import SimpleHistoryAdmin


class HistoryAdmin(SimpleHistoryAdmin):
    """SimpleHistoryAdmin whose history list and historical versions are read-only for everybody."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request, obj=None):
        return True
