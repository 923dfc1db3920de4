import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from tests.factories import UserFactory

PROJECT_APPS = ["kipp", "competitions", "submissions", "judging"]


def project_models():
    return [
        model
        for app_label in PROJECT_APPS
        for model in apps.get_app_config(app_label).get_models()
        if not model.__name__.startswith("Historical")
    ]


def test_every_project_model_is_registered_in_admin():
    unregistered = [model.__name__ for model in project_models() if not admin.site.is_registered(model)]

    assert unregistered == []


@pytest.mark.django_db
@pytest.mark.parametrize("model", project_models(), ids=lambda model: model.__name__)
def test_admin_changelist_renders_for_superuser(client, model):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    response = client.get(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"))

    assert response.status_code == 200
