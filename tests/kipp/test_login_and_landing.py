import pytest
from django.urls import reverse

from tests.factories import PASSWORD, CommitteeFactory, JurorFactory, OperatorFactory


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("factory", "landing"),
    [
        (OperatorFactory, "submissions:operator_home"),
        (JurorFactory, "judging:juror_home"),
        (CommitteeFactory, "competitions:overview"),
    ],
)
def test_each_role_lands_on_its_dashboard_after_login(client, factory, landing):
    user = factory()

    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD}, follow=True)

    assert response.redirect_chain[-1][0] == reverse(landing)
    assert response.status_code == 200
    assert response.wsgi_request.user == user


@pytest.mark.django_db
def test_login_accepts_email_address_in_any_case(client):
    user = OperatorFactory(email="Operator.Dinkes@Example.test")

    response = client.post(reverse("login"), {"username": "operator.dinkes@example.test", "password": PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_login_page_speaks_indonesian(client):
    response = client.get(reverse("login"))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Nama pengguna atau e-mail" in body
    assert "Masuk ke KIPP" in body


@pytest.mark.django_db
def test_dashboard_redirects_anonymous_to_login(client):
    response = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={reverse('dashboard')}"
