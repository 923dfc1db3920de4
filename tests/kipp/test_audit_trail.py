"""Audit trail (issue 7, point 8): one history row per change, with who and when; history is read-only.

The module doubles as a URLconf (the project's patterns plus one view that edits a criterion) to show that
HistoryRequestMiddleware takes the author from the real request.
"""

from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, path
from django.utils import timezone
from django.views.decorators.http import require_POST
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import HistoricalRecords

from competitions.models import Criterion
from kipp import urls as project_urls
from kipp.history_admin import HistoryAdmin
from tests.factories import (
    AssignmentFactory,
    CommitteeFactory,
    ConflictFactory,
    CriterionFactory,
    JurorFactory,
    ScorecardFactory,
    ScoreFactory,
    SubmissionFactory,
    UserFactory,
)
from tests.kipp.factories_ops import AttachmentFactory, PublicationFactory, ScreeningFactory


@require_POST
def rename_criterion(request, pk):
    criterion = Criterion.objects.get(pk=pk)
    criterion.guidance = request.POST["guidance"]
    criterion.save()
    return HttpResponse("ok")


urlpatterns = [path("uji-riwayat/<int:pk>/", rename_criterion), *project_urls.urlpatterns]


@contextmanager
def acting_as(user):
    """Do what HistoryRequestMiddleware does for one request made by `user`."""
    request = RequestFactory().post("/")
    request.user = user
    HistoricalRecords.context.request = request
    try:
        yield
    finally:
        del HistoricalRecords.context.request


# model name -> (factory, a field to change, its new value)
AUDITED = {
    "Submission": (SubmissionFactory, "summary", "Ringkasan yang diperbaiki."),
    "Attachment": (AttachmentFactory, "caption", "Surat bertanda tangan kepala dinas"),
    "Screening": (ScreeningFactory, "note", "Surat pernyataan belum ditandatangani."),
    "Assignment": (AssignmentFactory, "void_reason", "Juri menyatakan konflik kepentingan."),
    "ConflictOfInterest": (ConflictFactory, "reason", "Saudara kandung inovator."),
    "Scorecard": (ScorecardFactory, "overall_note", "Data dampak kurang lengkap."),
    "Score": (ScoreFactory, "value", Decimal("75.50")),
    "Criterion": (CriterionFactory, "guidance", "Nilai tinggi bila ada data sebelum dan sesudah."),
    "Publication": (PublicationFactory, "override_note", "Koreksi nama unit."),
}


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.django_db
@pytest.mark.parametrize("model_name", AUDITED)
def test_history_creation_is_one_row_with_who_and_when(model_name):
    factory, _, _ = AUDITED[model_name]
    author = CommitteeFactory()
    before = timezone.now()

    with acting_as(author):
        obj = factory()

    after = timezone.now()
    rows = list(obj.history.all())
    assert [(row.history_type, row.history_user) for row in rows] == [("+", author)]
    assert before <= rows[0].history_date <= after


@pytest.mark.django_db
@pytest.mark.parametrize("model_name", AUDITED)
def test_history_change_adds_exactly_one_row_with_the_editor(model_name):
    factory, field, new_value = AUDITED[model_name]
    author, editor = CommitteeFactory(), JurorFactory()
    with acting_as(author):
        obj = factory()
    old_value = getattr(obj, field)

    with acting_as(editor):
        setattr(obj, field, new_value)
        obj.save()

    rows = list(obj.history.order_by("history_date", "history_id"))
    assert [(row.history_type, row.history_user) for row in rows] == [("+", author), ("~", editor)]
    assert [getattr(row, field) for row in rows] == [old_value, new_value]
    assert rows[1].history_date >= rows[0].history_date
    assert [change.field for change in rows[1].diff_against(rows[0]).changes] == [field]


@pytest.mark.django_db
@pytest.mark.parametrize("model_name", AUDITED)
def test_history_deletion_keeps_every_row_and_records_who_deleted(model_name):
    factory, _, _ = AUDITED[model_name]
    author, remover = CommitteeFactory(), CommitteeFactory()
    with acting_as(author):
        obj = factory()
    pk, history_model = obj.pk, obj.history.model

    with acting_as(remover):
        obj.delete()

    rows = history_model.objects.filter(id=pk).order_by("history_date", "history_id")
    assert [(row.history_type, row.history_user) for row in rows] == [("+", author), ("-", remover)]


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_history_takes_the_author_from_the_logged_in_request(client):
    criterion = CriterionFactory()
    committee = CommitteeFactory()
    client.force_login(committee)

    response = client.post(f"/uji-riwayat/{criterion.pk}/", {"guidance": "Panduan baru"})

    latest = criterion.history.latest()
    assert response.status_code == 200
    assert criterion.history.count() == 2
    assert (latest.history_type, latest.history_user, latest.guidance) == ("~", committee, "Panduan baru")


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_history_of_an_anonymous_request_names_nobody(client):
    criterion = CriterionFactory()

    client.post(f"/uji-riwayat/{criterion.pk}/", {"guidance": "Panduan baru"})

    assert criterion.history.latest().history_user is None


def test_history_of_users_never_stores_password_hashes():
    history_fields = {field.name for field in apps.get_model("kipp", "HistoricalUser")._meta.get_fields()}

    assert "password" not in history_fields
    assert "last_login" not in history_fields


# Nobody edits history through the UI.


def test_no_history_model_is_registered_in_admin():
    registered = [model.__name__ for model in admin.site._registry if model.__name__.startswith("Historical")]

    assert registered == []


def test_history_records_are_not_editable_in_simple_history():
    assert getattr(settings, "SIMPLE_HISTORY_EDIT", False) is False


def test_every_admin_with_history_is_read_only():
    writable = [
        type(model_admin).__name__
        for model_admin in admin.site._registry.values()
        if isinstance(model_admin, SimpleHistoryAdmin) and not isinstance(model_admin, HistoryAdmin)
    ]

    assert writable == []


def all_url_names(patterns, prefix=""):
    names = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            names += all_url_names(pattern.url_patterns, f"{prefix}{pattern.namespace or ''}:")
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.append(prefix + pattern.name)
    return names


def test_no_address_serves_a_history_model_directly():
    names = all_url_names(get_resolver().url_patterns)

    assert [name for name in names if "historical" in name] == []


@pytest.fixture
def view_only_staff(db):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_user", content_type__app_label="kipp"))
    return staff


def history_form_post(client, target):
    version = target.history.earliest()
    url = f"/admin/kipp/user/{target.pk}/history/{version.history_id}/"
    data = {
        "username": target.username,
        "full_name": "Diubah lewat riwayat",
        "email": target.email,
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
        "is_active": "on",
        "is_staff": "on",
        "is_superuser": "on",
    }
    return client.post(url, data)


@pytest.mark.django_db
def test_history_pages_are_readable_by_staff_allowed_to_view(client, view_only_staff):
    target = UserFactory(full_name="Asli")
    client.force_login(view_only_staff)

    listing = client.get(f"/admin/kipp/user/{target.pk}/history/")
    version = client.get(f"/admin/kipp/user/{target.pk}/history/{target.history.earliest().history_id}/")

    assert listing.status_code == 200
    assert version.status_code == 200


@pytest.mark.django_db
def test_history_form_refuses_a_post_from_view_only_staff(client, view_only_staff):
    target = UserFactory(full_name="Asli")
    rows_before = target.history.count()
    client.force_login(view_only_staff)

    response = history_form_post(client, target)

    target.refresh_from_db()
    assert response.status_code == 405
    assert (target.full_name, target.is_superuser, target.is_staff) == ("Asli", False, False)
    assert target.history.count() == rows_before


@pytest.mark.django_db
def test_history_form_refuses_a_post_even_from_a_superuser(client):
    target = UserFactory(full_name="Asli")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = history_form_post(client, target)

    target.refresh_from_db()
    assert response.status_code == 405
    assert target.full_name == "Asli"


@pytest.mark.django_db
@pytest.mark.parametrize("factory", [CommitteeFactory, JurorFactory])
def test_admin_history_is_closed_to_non_staff_roles(client, factory):
    target = UserFactory()
    client.force_login(factory())

    response = client.get(f"/admin/kipp/user/{target.pk}/history/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
