import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_default_language_is_indonesian(client):
    response = client.get(reverse("login"))

    assert '<html lang="id">' in response.content.decode()


@pytest.mark.django_db
def test_switching_to_english_sets_cookie_and_returns_to_page(client):
    response = client.get(reverse("switch_language", args=["en"]), {"next": "/accounts/login/"})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert response.cookies["django_language"].value == "en"
    page = client.get("/accounts/login/")
    assert '<html lang="en">' in page.content.decode()


@pytest.mark.django_db
def test_language_switch_refuses_foreign_redirect_and_unknown_language(client):
    foreign = client.get(reverse("switch_language", args=["en"]), {"next": "https://evil.example/"})
    unknown = client.get(reverse("switch_language", args=["xx"]))

    assert (foreign.status_code, foreign["Location"]) == (302, "/")
    assert unknown.status_code == 404


@pytest.mark.django_db
def test_browser_language_does_not_override_indonesian_default(client):
    response = client.get(reverse("login"), headers={"accept-language": "en-US,en;q=0.9"})

    assert '<html lang="id">' in response.content.decode()
    assert response["Content-Language"] == "id"
    assert "Accept-Language" not in response.get("Vary", "")
