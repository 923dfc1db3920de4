import pytest
from django.contrib.auth.models import AnonymousUser

from kipp.enums import Role
from kipp.rules import is_committee, is_juror, is_operator, landing_url_name
from tests.factories import CommitteeFactory, JurorFactory, OperatorFactory, UserFactory


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("factory", "expected"),
    [
        (OperatorFactory, (False, False, True, "submissions:operator_home")),
        (JurorFactory, (False, True, False, "judging:juror_home")),
        (CommitteeFactory, (True, False, False, "competitions:overview")),
        (UserFactory, (False, False, False, "home")),
    ],
)
def test_role_predicates_and_landing_for_each_role(factory, expected):
    user = factory()

    assert (is_committee(user), is_juror(user), is_operator(user), landing_url_name(user)) == expected


def test_role_predicates_refuse_anonymous():
    anonymous = AnonymousUser()

    assert (is_committee(anonymous), is_juror(anonymous), is_operator(anonymous)) == (False, False, False)


@pytest.mark.django_db
def test_operator_without_unit_is_not_an_operator():
    user = UserFactory(role=Role.OPERATOR)

    assert is_operator(user) is False


@pytest.mark.django_db
def test_inactive_committee_member_has_no_role():
    user = CommitteeFactory(is_active=False)

    assert is_committee(user) is False


@pytest.mark.django_db
def test_superuser_counts_as_committee():
    user = UserFactory(is_superuser=True, is_staff=True)

    assert is_committee(user) is True


@pytest.mark.django_db
def test_committee_landing_wins_over_juror_for_a_person_with_both_roles():
    user = CommitteeFactory()
    user.groups.add(*JurorFactory().groups.all())
    user = type(user).objects.get(pk=user.pk)

    assert (is_juror(user), landing_url_name(user)) == (True, "competitions:overview")
