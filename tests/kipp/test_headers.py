"""Security headers and production settings (issue 7, point 4).

The production values are read from the real settings module in a subprocess started with DEBUG off, then
applied here with override_settings, so the assertions cover what a production start computes.
"""

import json
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from tests.factories import PASSWORD, CommitteeFactory, OperatorFactory, SubmissionFactory
from tests.kipp.factories_ops import PDF_BYTES, AttachmentFactory

BASE_DIR = settings.BASE_DIR
SECRET = "kipp-test-" + secrets.token_urlsafe(48)  # 50+ characters, not "django-insecure-"

STATIC_HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}

PRODUCTION_SETTING_NAMES = [
    "DEBUG",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_SSL_REDIRECT",
    "SECURE_REDIRECT_EXEMPT",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "X_FRAME_OPTIONS",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "CONTENT_SECURITY_POLICY",
]


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    """Run `code` in a fresh interpreter with only the given environment (plus PATH), from the project root."""
    clean_env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "DJANGO_SETTINGS_MODULE": "kipp.settings", **env}
    return subprocess.run(  # noqa: S603 - fixed interpreter and arguments
        [sys.executable, "-c", code], cwd=BASE_DIR, env=clean_env, capture_output=True, text=True, timeout=120
    )


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean_env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "DJANGO_SETTINGS_MODULE": "kipp.settings", **env}
    return subprocess.run(  # noqa: S603 - fixed interpreter and arguments
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=clean_env, capture_output=True, text=True, timeout=120
    )


def read_settings(names: list[str], **env: str) -> dict:
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {names!r}}}, default=str))"
    )
    result = run_python(code, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def production_settings(tmp_path_factory):
    """The security settings a production start computes (DEBUG off, a real SECRET_KEY)."""
    var_dir = tmp_path_factory.mktemp("prod-var")
    return read_settings(
        PRODUCTION_SETTING_NAMES, DEBUG="0", SECRET_KEY=SECRET, ALLOWED_HOSTS="kipp.example", KIPP_VAR_DIR=str(var_dir)
    )


def csp_directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    directives = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def assert_security_headers(response):
    for name, value in STATIC_HEADERS.items():
        assert response[name] == value, name
    directives = csp_directives(response)
    if response.get("Content-Disposition", "").startswith("attachment"):
        # A downloaded file gets the strictest policy: nothing runs, even if a browser renders it.
        assert directives["default-src"] == ["'none'"]
        assert directives["sandbox"] == []
    else:
        assert directives["script-src"] == ["'self'"]
        assert directives["default-src"] == ["'self'"]
        assert directives["object-src"] == ["'none'"]
        assert directives["frame-ancestors"] == ["'none'"]
    every_source = [source for sources in directives.values() for source in sources]
    assert "'unsafe-inline'" not in every_source
    assert "'unsafe-eval'" not in every_source


def public_page(client, secure=False):
    return client.get(reverse("home"), secure=secure)


def logged_in_page(client, secure=False):
    client.force_login(CommitteeFactory())
    return client.get(reverse("dashboard"), follow=True, secure=secure)


def download(client, secure=False):
    operator = OperatorFactory()
    attachment = AttachmentFactory(submission=SubmissionFactory(unit=operator.unit))
    client.force_login(operator)
    response = client.get(reverse("submissions:attachment", args=[attachment.pk]), secure=secure)
    assert response["Content-Disposition"] == 'attachment; filename="Surat pernyataan.pdf"'
    assert b"".join(response.streaming_content) == PDF_BYTES
    return response


def healthz(client, secure=False):
    return client.get(reverse("healthz"), secure=secure)


PAGES = {"public": public_page, "logged_in": logged_in_page, "download": download, "json": healthz}


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES.values(), ids=PAGES.keys())
def test_security_headers_on_every_kind_of_response(client, page):
    response = page(client)

    assert response.status_code == 200
    assert_security_headers(response)


@pytest.mark.django_db
def test_security_headers_on_the_logged_in_landing_page(client):
    response = logged_in_page(client)

    assert response.redirect_chain == [(reverse("competitions:overview"), 302)]
    assert_security_headers(response)


@pytest.mark.django_db
def test_security_headers_on_error_pages(client):
    response = client.get("/tidak-ada-halaman-ini/")

    assert response.status_code == 404
    assert_security_headers(response)


def test_production_settings_turn_on_the_https_protections(production_settings):
    assert production_settings["DEBUG"] is False
    assert production_settings["SECURE_HSTS_SECONDS"] == 31_536_000
    assert production_settings["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert production_settings["SECURE_SSL_REDIRECT"] is True
    assert production_settings["SESSION_COOKIE_SECURE"] is True
    assert production_settings["SESSION_COOKIE_HTTPONLY"] is True
    assert production_settings["CSRF_COOKIE_SECURE"] is True
    assert production_settings["CSRF_COOKIE_HTTPONLY"] is True


def test_production_hsts_is_configurable(tmp_path):
    values = read_settings(
        ["SECURE_HSTS_SECONDS", "SECURE_HSTS_PRELOAD"],
        DEBUG="0",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="kipp.example",
        KIPP_VAR_DIR=str(tmp_path),
        SECURE_HSTS_SECONDS="3600",
        SECURE_HSTS_PRELOAD="0",
    )

    assert values == {"SECURE_HSTS_SECONDS": 3600, "SECURE_HSTS_PRELOAD": False}


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES.values(), ids=PAGES.keys())
def test_production_responses_carry_hsts_and_the_other_headers(client, production_settings, page):
    with override_settings(**production_settings):
        response = page(client, secure=True)

    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert_security_headers(response)


@pytest.mark.django_db
def test_production_plain_http_is_redirected_to_https(client, production_settings):
    with override_settings(**production_settings):
        response = client.get(reverse("home"))

    assert response.status_code == 301
    assert response["Location"] == "https://testserver/"


@pytest.mark.django_db
def test_production_healthz_answers_plain_http_for_the_load_balancer(client, production_settings):
    with override_settings(**production_settings):
        response = client.get(reverse("healthz"))

    assert response.status_code == 200


@pytest.mark.django_db
def test_production_cookies_are_secure_and_http_only(client, production_settings):
    user = CommitteeFactory()
    with override_settings(**production_settings):
        login_page = client.get(reverse("login"), secure=True)
        login = client.post(reverse("login"), {"username": user.username, "password": PASSWORD}, secure=True)
        language = client.get(reverse("switch_language", args=["en"]), secure=True)

    cookies = {
        "csrftoken": login_page.cookies["csrftoken"],
        "sessionid": login.cookies["sessionid"],
        "django_language": language.cookies["django_language"],
    }
    assert login.status_code == 302
    for name, cookie in cookies.items():
        assert cookie["secure"] is True, name
        assert cookie["httponly"] is True, name
        assert cookie["samesite"] == "Lax", name


def test_check_deploy_passes_with_production_environment(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="kipp.example",
        KIPP_VAR_DIR=str(tmp_path),
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


def test_production_start_without_secret_key_stops_with_one_line(tmp_path):
    result = run_manage("check", DEBUG="0", ALLOWED_HOSTS="kipp.example", KIPP_VAR_DIR=str(tmp_path))

    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "KIPP: SECRET_KEY must be set when DEBUG is off (export SECRET_KEY=<a long random string>)."
    ]
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


DATABASE_CODE = (
    "import json, django; django.setup(); from django.conf import settings; "
    "db = settings.DATABASES['default']; "
    "print(json.dumps({key: db.get(key) for key in ['ENGINE', 'NAME', 'USER', 'PASSWORD', 'HOST', 'PORT', "
    "'CONN_MAX_AGE', 'OPTIONS']}, default=str))"
)


def test_database_url_selects_postgresql_with_jit_off():
    result = run_python(DATABASE_CODE, DATABASE_URL="postgres://kipp:rahasia@db.internal:6432/kipp_prod")

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "kipp_prod",
        "USER": "kipp",
        "PASSWORD": "rahasia",
        "HOST": "db.internal",
        "PORT": 6432,
        "CONN_MAX_AGE": 60,
        "OPTIONS": {"options": "-c jit=off"},
    }


def test_database_defaults_to_sqlite_in_var_with_wal():
    result = run_python(DATABASE_CODE)

    assert result.returncode == 0, result.stderr
    database = json.loads(result.stdout)
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == str(BASE_DIR / "var" / "kipp.sqlite3")
    assert database["OPTIONS"] == {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
