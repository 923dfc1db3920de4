"""Hypothesis drives the operator's forms that tests/submissions/test_fuzz.py leaves out (create a draft,
submit, withdraw, the parent unit's endorsement): never a 500, never a stored bad value, versions only
grow, and one submit makes at most one event."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import example, given
from hypothesis import strategies as st

from competitions.enums import PROPOSAL_SECTIONS
from submissions.enums import SubmissionStatus
from submissions.models import Submission, SubmissionEvent
from tests.fuzz import strategies as s
from tests.fuzz.invariants import assert_answered, rolled_back, submissions_area
from tests.fuzz.profiles import extra_form
from tests.fuzz.worlds import submission_world

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]


@pytest.fixture
def world(db):
    return submission_world()


def read_version(value) -> int | None:
    """The version the hidden field carries (its last value): empty is unknown (None), a plain number is
    that version, anything else is stale (0, a version no saved proposal has)."""
    text = (value[-1] if isinstance(value, list) else value).strip()
    if not text:
        return None
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else 0


def versions() -> dict[int, int]:
    return dict(Submission.objects.values_list("pk", "version"))


def assert_versions_grew(before: dict[int, int]) -> None:
    after = versions()
    assert all(after[pk] >= version for pk, version in before.items() if pk in after)


def proposal_fields(world) -> dict:
    today = timezone.localdate()
    fields = {
        "name": st.text(min_size=1, max_size=60),
        "acronym_meaning": st.text(max_size=60),
        "category": st.sampled_from([str(world.category.pk), ""]),
        "started_on": st.dates(min_value=today - dt.timedelta(days=5000), max_value=today).map(dt.date.isoformat),
        "sdgs": st.lists(s.digits(1, 17), max_size=4),
        "is_application": s.checkbox(),
        "application_url": st.sampled_from(["", "https://app.example.test", "app.example.test"]),
        "video_url": st.sampled_from(["", "https://youtu.be/x", "youtu.be/x"]),
        "innovators": st.text(max_size=60),
        "contact_name": st.text(max_size=40),
        "contact_phone": st.sampled_from(["", "0812-3456-7890", "+62 341 123456"]),
        "contact_email": st.sampled_from(["", "budi@example.test"]),
        "next": st.sampled_from(["", "preview", "attachments", "elsewhere"]),
    }
    for key, _label, _limit in PROPOSAL_SECTIONS:
        fields[key] = st.text(max_size=80)
    return fields


@given(data=st.data())
def test_create_draft_never_fails_nor_stores_a_bad_value(world, login, data):
    client = login(world.operator)
    post = data.draw(s.form_data(proposal_fields(world)), label="post")
    before = Submission.objects.count()

    with rolled_back():
        response = client.post(reverse("submissions:create", kwargs={"year": world.competition.year}), post)

        assert_answered(response)
        created = Submission.objects.count() - before
        assert created == (response.status_code == 302)
        if created:
            draft = Submission.objects.latest("pk")
            assert (draft.status, draft.version, draft.unit_id) == (SubmissionStatus.DRAFT, 1, world.operator.unit_id)
            assert draft.started_on is None or draft.started_on <= timezone.localdate()
        submissions_area()


@given(version=s.hostile_value)
@example(version="1")
@example(version="")
def test_submit_never_fails_and_makes_at_most_one_event(world, login, version):
    client = login(world.operator)
    before = versions()

    with rolled_back():
        response = client.post(reverse("submissions:submit", kwargs={"pk": world.draft.pk}), {"version": version})

        assert_answered(response)
        stored = Submission.objects.get(pk=world.draft.pk)
        events = SubmissionEvent.objects.filter(submission=stored, to_status=SubmissionStatus.SUBMITTED).count()
        assert stored.status in {SubmissionStatus.DRAFT, SubmissionStatus.SUBMITTED}
        assert events == (stored.status == SubmissionStatus.SUBMITTED)
        # A stale version never sends the proposal (an unreadable one counts as unknown and is not checked).
        if read_version(version) not in {None, world.draft.version}:
            assert stored.status == SubmissionStatus.DRAFT
        assert_versions_grew(before)
        submissions_area()


def test_submit_with_a_superscript_version_is_refused_without_error(world, login):
    client = login(world.operator)

    response = client.post(reverse("submissions:submit", kwargs={"pk": world.draft.pk}), {"version": "²"})

    assert_answered(response, {302})
    assert Submission.objects.get(pk=world.draft.pk).status == SubmissionStatus.DRAFT


@extra_form
@given(reason=s.hostile_value)
def test_withdraw_never_fails(world, login, reason):
    client = login(world.operator)
    before = versions()

    with rolled_back():
        response = client.post(reverse("submissions:withdraw", kwargs={"pk": world.sent.pk}), {"reason": reason})

        assert_answered(response)
        stored = Submission.objects.get(pk=world.sent.pk)
        withdrawn = stored.status == SubmissionStatus.WITHDRAWN
        assert withdrawn == (response.status_code == 302)
        assert SubmissionEvent.objects.filter(submission=stored, to_status=SubmissionStatus.WITHDRAWN).count() == (
            1 if withdrawn else 0
        )
        assert_versions_grew(before)
        submissions_area()


@extra_form
@given(data=st.data())
def test_endorsement_never_fails(world, login, data):
    client = login(world.operator)
    post = data.draw(
        s.form_data({"action": st.sampled_from(["endorse", "return"]), "note": st.text(max_size=80)}), label="post"
    )
    before = versions()

    with rolled_back():
        response = client.post(reverse("submissions:endorse", kwargs={"pk": world.awaiting.pk}), post)

        assert_answered(response)
        stored = Submission.objects.get(pk=world.awaiting.pk)
        expected = {
            200: {SubmissionStatus.AWAITING_ENDORSEMENT},
            302: {SubmissionStatus.SUBMITTED, SubmissionStatus.RETURNED},
        }[response.status_code]
        assert stored.status in expected
        if stored.status == SubmissionStatus.RETURNED:
            assert stored.screening_note.strip() or SubmissionEvent.objects.filter(
                submission=stored, to_status=SubmissionStatus.RETURNED
            ).exclude(reason="")
        assert_versions_grew(before)
        submissions_area()


@extra_form
@given(data=st.data())
def test_screening_filter_never_fails(world, login, data):
    client = login(world.committee)
    params = data.draw(
        s.form_data(
            {
                "competition": st.sampled_from(["", str(world.competition.pk)]),
                "status": st.sampled_from(["", *SubmissionStatus.values]),
                "category": st.sampled_from(["", str(world.category.pk)]),
                "unit_kind": st.sampled_from(["", "dinas", "sekolah"]),
                "q": st.text(max_size=40),
                "page": s.digits(0, 5),
            }
        )
    )

    response = client.get(reverse("submissions:screening_list"), params)

    assert_answered(response, {200})


@pytest.mark.parametrize("competition", ["²", "9" * 150, "-1", "1e3"])
def test_screening_filter_with_a_tampered_competition_is_shown(world, login, competition):
    response = login(world.committee).get(reverse("submissions:screening_list"), {"competition": competition})

    assert response.status_code == 200


def test_attachments_page_with_a_superscript_requirement_is_shown(world, login):
    url = reverse("submissions:attachments", kwargs={"pk": world.draft.pk})

    response = login(world.operator).get(url, {"untuk": "²"})

    assert response.status_code == 200
