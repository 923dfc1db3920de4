"""/healthz for load balancers and monitoring (issue 7, point 10): up, down, and nothing revealed."""

import logging

import pytest
from django.conf import settings
from django.core.cache.backends.base import BaseCache
from django.db import OperationalError, connection
from django.test import override_settings
from django.urls import reverse

SENTINEL = "redis://:kata-sandi-cache@10.9.8.7:6379/0"


class UnreachableCache(BaseCache):
    """A cache back end whose server is down: every call fails the way a lost Redis connection does."""

    def __init__(self, location, params):
        super().__init__(params)

    def _fail(self, *args, **kwargs):
        raise ConnectionError(f"Error 111 connecting to {SENTINEL}. Connection refused.")

    add = get = set = touch = delete = clear = has_key = _fail


BROKEN_CACHE = {"default": {"BACKEND": f"{__name__}.UnreachableCache"}}


@pytest.fixture
def kipp_log(caplog):
    logger = logging.getLogger("kipp")
    added = caplog.handler not in logger.handlers
    if added:
        logger.addHandler(caplog.handler)
    yield caplog
    if added:
        logger.removeHandler(caplog.handler)


def refuse_every_query(execute, sql, params, many, context):
    raise OperationalError(f"could not connect to server at {SENTINEL}")


@pytest.mark.django_db
def test_healthz_reports_database_and_cache_ok(client):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


@pytest.mark.django_db
def test_healthz_is_never_cached(client):
    response = client.get(reverse("healthz"))

    assert "no-store" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_needs_no_login_and_sets_no_cookie(client):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.cookies == {}


@pytest.mark.django_db
def test_healthz_reveals_no_configuration_or_versions(client):
    body = client.get(reverse("healthz")).content.decode().lower()

    for secret_or_version in [settings.SECRET_KEY.lower(), "django", "python", "sqlite", "postgres", "redis", "5.2"]:
        assert secret_or_version not in body


@pytest.mark.django_db
def test_healthz_is_503_when_the_cache_is_unreachable(client, kipp_log):
    with override_settings(CACHES=BROKEN_CACHE):
        response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "cache": "error"}
    assert SENTINEL not in response.content.decode()
    assert [r.getMessage() for r in kipp_log.records if r.name == "kipp.access"] == ["healthz: cache unreachable"]


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_is_unreachable(client):
    with connection.execute_wrapper(refuse_every_query):
        response = client.get(reverse("healthz"))

    assert response.status_code == 503
    # The default cache lives in the database too, so it is reported down with it.
    assert response.json()["status"] == "error"
    assert response.json()["database"] == "error"
    assert SENTINEL not in response.content.decode()


@pytest.mark.django_db
def test_healthz_refuses_post(client):
    response = client.post(reverse("healthz"))

    assert response.status_code == 405
