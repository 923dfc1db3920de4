"""Log-in protection (issue 7, point 3): lock-out, unlock, session rotation, log-out, and the access log."""

import datetime as dt
import logging

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD, CommitteeFactory, JurorFactory, OperatorFactory, UnitFactory

WRONG_MESSAGE = "Nama pengguna/e-mail atau kata sandi salah. Periksa kembali lalu coba lagi."
LOCKED_TITLE = "Terlalu banyak percobaan masuk"


def attempt(client, username, password, ip="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def fail_times(client, username, times, ip="10.0.0.1"):
    return [attempt(client, username, "salah-sekali", ip=ip) for _ in range(times)]


@pytest.fixture
def access_log(caplog):
    """Capture the "kipp" and "axes" loggers, which the settings keep from propagating to the root logger."""
    caplog.set_level(logging.INFO)
    added = []
    for logger in (logging.getLogger("kipp"), logging.getLogger("axes")):
        if caplog.handler not in logger.handlers:
            logger.addHandler(caplog.handler)
            added.append(logger)
    yield caplog
    for logger in added:
        logger.removeHandler(caplog.handler)


def test_login_wrong_password_and_unknown_account_get_the_same_indonesian_message(client, db):
    user = OperatorFactory(username="budi")

    wrong_password = attempt(client, user.username, "bukan-ini")
    unknown_account = attempt(client, "tidak-ada-orangnya", "bukan-ini")

    assert wrong_password.status_code == 200
    assert unknown_account.status_code == 200
    assert wrong_password.context["form"].non_field_errors() == [WRONG_MESSAGE]
    assert unknown_account.context["form"].non_field_errors() == [WRONG_MESSAGE]
    assert WRONG_MESSAGE in wrong_password.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_wrong_password_keeps_the_typed_username(client, db):
    OperatorFactory(username="budi")

    response = attempt(client, "budi", "bukan-ini")

    assert response.context["form"]["username"].value() == "budi"


def test_login_four_failures_still_let_the_right_password_in(client, db):
    user = OperatorFactory(username="budi")
    responses = fail_times(client, "budi", 4)

    response = attempt(client, "budi", PASSWORD)

    assert [r.status_code for r in responses] == [200, 200, 200, 200]
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_login_fifth_failure_locks_the_account_from_that_address(client, db):
    OperatorFactory(username="budi")

    responses = fail_times(client, "budi", 5)

    assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]
    assert LOCKED_TITLE in responses[-1].content.decode()


def test_login_sixth_attempt_with_the_right_password_gets_429_in_indonesian(client, db):
    OperatorFactory(username="budi")
    fail_times(client, "budi", 5)

    response = attempt(client, "budi", PASSWORD)

    body = response.content.decode()
    assert response.status_code == 429
    assert LOCKED_TITLE in body
    assert "dikunci sementara selama 15 menit" in body
    assert 'class="navbar' in body  # the page keeps the site layout
    assert "_auth_user_id" not in client.session


def test_login_lockout_leaves_another_user_from_the_same_address_alone(client, db):
    OperatorFactory(username="budi")
    other = OperatorFactory(username="sari")
    fail_times(client, "budi", 5)

    response = attempt(client, "sari", PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(other.pk)


def test_login_lockout_leaves_the_same_user_from_another_address_alone(client, db):
    user = OperatorFactory(username="budi")
    fail_times(client, "budi", 5, ip="10.0.0.1")

    response = attempt(client, "budi", PASSWORD, ip="10.0.0.2")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_login_lockout_counts_every_spelling_of_the_account_together(client, db):
    OperatorFactory(username="budi", email="budi@malangkota.go.id")
    attempt(client, "budi", "salah")
    attempt(client, "BUDI", "salah")
    attempt(client, " Budi ", "salah")
    attempt(client, "budi@malangkota.go.id", "salah")
    attempt(client, "BUDI@MALANGKOTA.GO.ID", "salah")

    response = attempt(client, "budi", PASSWORD)

    assert response.status_code == 429
    assert AccessAttempt.objects.values_list("username", flat=True).distinct().get() == "budi"


def test_login_lockout_still_holds_just_before_fifteen_minutes(client, db):
    OperatorFactory(username="budi")
    fail_times(client, "budi", 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=14, seconds=50))

    response = attempt(client, "budi", PASSWORD)

    assert response.status_code == 429


def test_login_lockout_lifts_after_fifteen_minutes(client, db):
    user = OperatorFactory(username="budi")
    fail_times(client, "budi", 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=15, seconds=1))

    response = attempt(client, "budi", PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_login_success_forgets_earlier_failures(client, db):
    OperatorFactory(username="budi")
    fail_times(client, "budi", 4)
    attempt(client, "budi", PASSWORD)
    client.post(reverse("logout"))

    responses = fail_times(client, "budi", 4)

    assert [r.status_code for r in responses] == [200, 200, 200, 200]


def test_login_rotates_the_session_id(client, db):
    user = OperatorFactory()
    session = client.session
    session["planted"] = "by someone else"
    session.save()
    planted_key = session.session_key
    client.cookies["sessionid"] = planted_key

    response = attempt(client, user.username, PASSWORD)

    new_key = response.cookies["sessionid"].value
    assert response.status_code == 302
    assert new_key != planted_key
    assert not Session.objects.filter(session_key=planted_key).exists()
    assert Session.objects.get(session_key=new_key).get_decoded()["_auth_user_id"] == str(user.pk)


def test_logout_by_get_is_refused_and_keeps_the_session(client, db):
    user = OperatorFactory()
    attempt(client, user.username, PASSWORD)

    response = client.get(reverse("logout"))

    assert response.status_code == 405
    assert client.session["_auth_user_id"] == str(user.pk)


def test_logout_by_post_ends_the_session(client, db):
    user = OperatorFactory()
    attempt(client, user.username, PASSWORD)
    old_key = client.session.session_key

    response = client.post(reverse("logout"))
    after = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert not Session.objects.filter(session_key=old_key).exists()
    assert after.status_code == 302
    assert after["Location"].startswith(reverse("login"))


def test_access_log_records_failed_login_without_the_typed_text(client, db, access_log):
    user = OperatorFactory(username="budi")

    attempt(client, "budi", "rahasia-salah", ip="10.0.0.9")
    attempt(client, "orang-asing", "rahasia-salah", ip="10.0.0.9")

    messages = [r.getMessage() for r in access_log.records if r.name == "kipp.access"]
    assert messages == [
        f"login failed: account={user.pk} ip=10.0.0.9 path=/accounts/login/ locked=False",
        "login failed: account=unknown ip=10.0.0.9 path=/accounts/login/ locked=False",
    ]
    assert "rahasia-salah" not in access_log.text
    assert "orang-asing" not in access_log.text


def test_access_log_records_the_lockout(client, db, access_log):
    user = OperatorFactory(username="budi")

    fail_times(client, "budi", 5, ip="10.0.0.9")

    locked = [r for r in access_log.records if r.name == "kipp.access" and "locked out" in r.getMessage()]
    axes_warnings = [r for r in access_log.records if r.name.startswith("axes") and r.levelno == logging.WARNING]
    assert [r.getMessage() for r in locked] == [f"login locked out: account={user.pk} ip=10.0.0.9 for 0:15:00"]
    assert locked[0].levelno == logging.WARNING
    assert any("Locking out" in r.getMessage() for r in axes_warnings)


def test_access_log_records_refused_access(operator_client, operator, access_log):
    response = operator_client.get(reverse("competitions:overview"))

    messages = [r.getMessage() for r in access_log.records if r.name == "kipp.access"]
    assert response.status_code == 403
    assert messages == [f"access refused: GET /kompetisi/panitia/ user={operator.pk}"]


# The committee's unlock page.


def lock(username, ip="10.0.0.1", failures=5, minutes_ago=1):
    attempt = AccessAttempt.objects.create(
        username=username,
        ip_address=ip,
        user_agent="",
        get_data="",
        post_data="",
        http_accept="",
        path_info="/accounts/login/",
        failures_since_start=failures,
    )
    AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=timezone.now() - dt.timedelta(minutes=minutes_ago))
    return attempt


def test_lockout_page_lists_locked_logins_for_the_committee(committee_client, db):
    unit = UnitFactory(name="Dinas Kesehatan", short_name="Dinkes")
    OperatorFactory(username="budi", full_name="Budi Santoso", unit=unit)
    lock("budi", ip="10.0.0.7", minutes_ago=2)
    lock("tamu", ip="10.0.0.8", minutes_ago=1)
    lock("hampir", failures=4)  # not locked yet
    lock("lama", minutes_ago=16)  # lock already expired

    response = committee_client.get(reverse("login_lockouts"))

    body = response.content.decode()
    locks = response.context["locks"]
    assert response.status_code == 200
    assert [(lock.username, lock.ip_address, lock.failures) for lock in locks] == [
        ("tamu", "10.0.0.8", 5),
        ("budi", "10.0.0.7", 5),
    ]
    assert "Budi Santoso" in body
    assert "Dinkes" in body
    assert "Tidak cocok dengan akun mana pun." in body
    assert body.count("<h1") == 1
    assert response.context["breadcrumbs"][-1] == ("Akun terkunci", "")


def test_lockout_page_says_when_nothing_is_locked(committee_client, db):
    response = committee_client.get(reverse("login_lockouts"))

    assert response.status_code == 200
    assert "Tidak ada akun yang terkunci saat ini." in response.content.decode()


@pytest.mark.parametrize("size", [1, 3])
def test_lockout_page_query_count_is_constant(committee_client, django_assert_num_queries, size):
    for index in range(size):
        OperatorFactory(username=f"orang{index}")
        lock(f"orang{index}", ip=f"10.0.1.{index}")

    with django_assert_num_queries(5):
        response = committee_client.get(reverse("login_lockouts"))

    assert len(response.context["locks"]) == size


@pytest.mark.parametrize("factory", [OperatorFactory, JurorFactory])
def test_lockout_page_refuses_other_roles(client, db, factory):
    client.force_login(factory())

    listing = client.get(reverse("login_lockouts"))
    unlock = client.post(reverse("login_unlock"), {"username": "budi", "ip_address": "10.0.0.1"})

    assert listing.status_code == 403
    assert unlock.status_code == 403


def test_lockout_page_sends_anonymous_visitors_to_login(client, db):
    lock("budi")

    listing = client.get(reverse("login_lockouts"))
    unlock = client.post(reverse("login_unlock"), {"username": "budi", "ip_address": "10.0.0.1"})

    assert listing.status_code == 302
    assert listing["Location"].startswith(reverse("login"))
    assert unlock.status_code == 302
    assert AccessAttempt.objects.count() == 1


def test_unlock_by_get_is_refused(committee_client, db):
    lock("budi")

    response = committee_client.get(reverse("login_unlock"), {"username": "budi", "ip_address": "10.0.0.1"})

    assert response.status_code == 405
    assert AccessAttempt.objects.count() == 1


def test_committee_unlock_lets_the_user_log_in_again(client, db, access_log):
    user = OperatorFactory(username="budi")
    fail_times(client, "budi", 5, ip="10.0.0.1")
    lock("budi", ip="10.0.0.2")  # the same account locked from elsewhere stays locked
    committee = CommitteeFactory()
    client.force_login(committee)

    response = client.post(reverse("login_unlock"), {"username": "budi", "ip_address": "10.0.0.1"}, follow=True)
    client.post(reverse("logout"))
    login = attempt(client, "budi", PASSWORD, ip="10.0.0.1")

    assert response.redirect_chain == [(reverse("login_lockouts"), 302)]
    assert "Kunci akun budi dibuka. Pengguna dapat langsung masuk lagi." in response.content.decode()
    assert login.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["10.0.0.2"]
    unlocked = [r.getMessage() for r in access_log.records if "unlocked" in r.getMessage()]
    assert unlocked == [f"login unlocked: account={user.pk} ip=10.0.0.1 by={committee.pk} rows=1"]


def test_unlock_of_an_expired_lock_explains_itself(committee_client, db):
    lock("budi", minutes_ago=20)

    response = committee_client.post(reverse("login_unlock"), {"username": "budi", "ip_address": "10.0.0.1"})

    assert response.status_code == 200
    assert "Kunci untuk budi sudah tidak berlaku: akun ini dapat masuk lagi." in response.content.decode()


def test_unlock_with_a_malformed_address_is_refused_with_a_message(committee_client, db):
    lock("budi")

    response = committee_client.post(reverse("login_unlock"), {"username": "budi", "ip_address": "bukan-ip"})

    assert response.status_code == 200
    assert response.context["form"].errors["ip_address"] == ["Masukkan alamat IPv4 atau IPv6 yang sah."]
    assert AccessAttempt.objects.count() == 1


# Behind nginx: the visitor's address comes from X-Forwarded-For, counted from the right.


@pytest.fixture
def behind_one_proxy(settings):
    settings.AXES_CLIENT_IP_CALLABLE = "kipp.login_protection.client_ip_address"
    settings.KIPP_PROXY_COUNT = 1


def through_proxy(client, username, password, forwarded):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_login_lockout_behind_a_proxy_counts_each_visitor_address(client, db, behind_one_proxy):
    user = OperatorFactory(username="budi")
    for _ in range(5):
        through_proxy(client, "budi", "salah", "10.0.0.1")

    elsewhere = through_proxy(client, "budi", PASSWORD, "10.0.0.2")

    assert elsewhere.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["10.0.0.1"]  # still locked there


def test_login_lockout_behind_a_proxy_ignores_forged_forwarded_addresses(client, db, behind_one_proxy):
    OperatorFactory(username="budi")
    for number in range(5):
        # The client sends its own X-Forwarded-For; nginx appends the address it really saw.
        through_proxy(client, "budi", "salah", f"192.0.2.{number}, 10.0.0.1")

    response = through_proxy(client, "budi", PASSWORD, "198.51.100.7, 10.0.0.1")

    assert response.status_code == 429
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["10.0.0.1"]


def test_login_lockout_behind_a_proxy_falls_back_to_the_socket_address(client, db, behind_one_proxy):
    OperatorFactory(username="budi")
    fail_times(client, "budi", 5, ip="10.0.0.5")  # no X-Forwarded-For: not through the proxy

    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["10.0.0.5"]


@pytest.mark.parametrize(("behind_proxy", "count"), [("0", 0), ("1", 1)])
def test_settings_count_the_visitor_address_through_the_proxy(behind_proxy, count):
    from tests.kipp.test_headers import read_settings

    values = read_settings(["AXES_CLIENT_IP_CALLABLE", "KIPP_PROXY_COUNT"], BEHIND_PROXY=behind_proxy)

    assert values == {"AXES_CLIENT_IP_CALLABLE": "kipp.login_protection.client_ip_address", "KIPP_PROXY_COUNT": count}
