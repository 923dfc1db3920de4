"""403, 404, 429 and 500 pages in the site layout, revealing nothing (issue 7, point 10).

This module doubles as a URLconf (the project's patterns plus one view that fails) for the 500 test.
"""

import logging

import pytest
from django.urls import path, reverse

from kipp import urls as project_urls
from tests.factories import PASSWORD, OperatorFactory

SENTINEL = "rahasia-internal-9f3c: SELECT password FROM kipp_user"


def fail(request):
    raise RuntimeError(SENTINEL)


urlpatterns = [path("uji-galat/", fail), *project_urls.urlpatterns]
handler403 = project_urls.handler403
handler404 = project_urls.handler404
handler500 = project_urls.handler500


def assert_site_layout(body: str):
    assert 'class="navbar' in body or "kipp-navbar" in body
    assert body.count("<h1") == 1
    assert "css/kipp.css" in body
    assert 'href="/"' in body


@pytest.mark.django_db
def test_404_for_an_unknown_address_is_friendly_and_in_the_layout(client):
    response = client.get("/tidak-ada-halaman-ini/")

    body = response.content.decode()
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in body
    assert "Kembali ke beranda" in body
    assert 'class="navbar' in body
    assert_site_layout(body)


@pytest.mark.django_db
def test_404_keeps_the_logged_in_navigation(client):
    user = OperatorFactory(full_name="Budi Santoso")
    client.force_login(user)

    response = client.get("/tidak-ada-halaman-ini/")

    body = response.content.decode()
    assert response.status_code == 404
    assert "Budi Santoso" in body
    assert "Keluar" in body


@pytest.mark.django_db
def test_404_does_not_echo_the_address(client):
    response = client.get("/<script>alert(1)</script>/")

    body = response.content.decode()
    assert response.status_code == 404
    assert "<script>alert(1)" not in body
    assert "alert(1)" not in body


@pytest.mark.django_db
def test_403_is_in_the_layout_and_names_no_rule(operator_client):
    response = operator_client.get(reverse("competitions:overview"))

    body = response.content.decode()
    assert response.status_code == 403
    assert "Akses ditolak" in body
    assert "Anda tidak berhak membuka halaman ini atau melakukan tindakan ini." in body
    assert "kipp.access_committee" not in body
    assert_site_layout(body)


@pytest.mark.django_db
def test_429_after_repeated_failed_logins_is_in_the_layout(client):
    user = OperatorFactory()
    for _ in range(5):
        client.post(reverse("login"), {"username": user.username, "password": "salah"})

    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})

    body = response.content.decode()
    assert response.status_code == 429
    assert "Terlalu banyak percobaan masuk" in body
    assert user.username not in body
    assert_site_layout(body)


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_500_reveals_nothing_and_keeps_the_layout(client, caplog):
    client.raise_request_exception = False

    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/uji-galat/")

    body = response.content.decode()
    assert response.status_code == 500
    assert "Terjadi kesalahan pada server" in body
    assert "Data yang sudah tersimpan aman" in body
    for leak in [SENTINEL, "RuntimeError", "Traceback", "uji-galat", "SELECT"]:
        assert leak not in body
    assert_site_layout(body)
    assert response["X-Frame-Options"] == "DENY"
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert [r.getMessage() for r in caplog.records if r.name == "django.request"] == [
        "Internal Server Error: /uji-galat/"
    ]
