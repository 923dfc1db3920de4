"""The named permissions of competitions."""

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from competitions.models import Competition
from tests.factories import CommitteeFactory, JurorFactory, OperatorFactory


def test_only_the_committee_manages_competitions(db):
    assert CommitteeFactory().has_perm("competitions.manage_competition")
    assert not OperatorFactory().has_perm("competitions.manage_competition")
    assert not JurorFactory().has_perm("competitions.manage_competition")
    assert not AnonymousUser().has_perm("competitions.manage_competition")


def test_announcement_is_public_once_announced_and_previewable_by_the_committee(national):
    anonymous, operator, committee = AnonymousUser(), OperatorFactory(), CommitteeFactory()
    assert [user.has_perm("competitions.view_announcement", national) for user in (anonymous, operator, committee)] == [
        True,
        True,
        True,
    ]
    national.is_announced = False
    assert [user.has_perm("competitions.view_announcement", national) for user in (anonymous, operator, committee)] == [
        False,
        False,
        True,
    ]


def test_archive_and_restore_are_offered_by_state(national, committee):
    assert committee.has_perm("competitions.archive_competition", national)
    assert not committee.has_perm("competitions.restore_competition", national)
    Competition.objects.filter(pk=national.pk).update(archived_at=timezone.now())
    national.refresh_from_db()
    assert not committee.has_perm("competitions.archive_competition", national)
    assert committee.has_perm("competitions.restore_competition", national)
    assert not OperatorFactory().has_perm("competitions.restore_competition", national)
