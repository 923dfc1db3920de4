"""Races on one proposal through the real pages (the services' own races are in tests/submissions):
two editors saving one draft at once, and a double-clicked "Kirim"."""

from http.cookies import SimpleCookie

import pytest
from django.test import Client
from django.urls import reverse

from submissions.enums import SubmissionStatus
from submissions.forms import SECTION_KEYS
from submissions.models import Submission, SubmissionEvent
from tests.concurrency.helpers import POSTGRES_ONLY, logged_in, run_together
from tests.factories import OperatorFactory
from tests.fuzz.worlds import submission_world

pytestmark = POSTGRES_ONLY


@pytest.fixture
def world():
    return submission_world()


def edit_body(submission, summary: str) -> dict:
    """The whole edit form as the browser posts it, loaded at the draft's current version."""
    body = {
        key: getattr(submission, key)
        for key in [*SECTION_KEYS, "name", "acronym_meaning", "innovators", "contact_name", "contact_phone"]
    }
    body |= {
        "version": str(submission.version),
        "category": str(submission.category_id),
        "started_on": submission.started_on.isoformat(),
        "sdgs": [str(goal) for goal in submission.sdgs],
        "video_url": submission.video_url,
        "contact_email": submission.contact_email,
        "summary": summary,
    }
    return body


def same_browser(user, count: int) -> list:
    """`count` clients sharing one session cookie: the tabs (or clicks) of one browser."""
    first = logged_in(user)
    clients = [first]
    for _ in range(count - 1):
        client = Client()
        client.cookies = SimpleCookie(first.cookies.output(header="", sep=";"))
        clients.append(client)
    return clients


def test_two_editors_saving_one_draft_at_once_never_overwrite_each_other(world):
    colleague = OperatorFactory(unit=world.operator.unit)
    draft = Submission.objects.get(pk=world.draft.pk)
    texts = ["Ringkasan versi Budi: layanan antar dokumen.", "Ringkasan versi Sri: jemput bola ke rumah warga."]
    clients = [logged_in(world.operator), logged_in(colleague)]
    url = reverse("submissions:edit", kwargs={"pk": draft.pk})

    responses = run_together([lambda i=i: clients[i].post(url, edit_body(draft, texts[i])) for i in range(2)])

    assert sorted(response.status_code for response in responses) == [302, 409]
    winner = next(i for i, response in enumerate(responses) if response.status_code == 302)
    loser = responses[1 - winner].content.decode()
    assert "Perubahan Anda TIDAK disimpan" in loser
    assert texts[1 - winner] in loser  # the refused text is shown again, so nothing typed is lost
    stored = Submission.objects.get(pk=draft.pk)
    assert (stored.summary, stored.version) == (texts[winner], draft.version + 1)


def test_twenty_editors_racing_on_one_version_leave_exactly_one_change(world):
    editors = [world.operator] + [OperatorFactory(unit=world.operator.unit) for _ in range(19)]
    draft = Submission.objects.get(pk=world.draft.pk)
    clients = [logged_in(editor) for editor in editors]
    url = reverse("submissions:edit", kwargs={"pk": draft.pk})
    changes = draft.history.count()

    responses = run_together(
        [lambda i=i: clients[i].post(url, edit_body(draft, f"Ringkasan penyunting {i}.")) for i in range(20)]
    )

    codes = sorted(getattr(response, "status_code", repr(response)) for response in responses)
    assert codes == [302] + [409] * 19
    winner = next(i for i, response in enumerate(responses) if response.status_code == 302)
    stored = Submission.objects.get(pk=draft.pk)
    assert (stored.summary, stored.version) == (f"Ringkasan penyunting {winner}.", draft.version + 1)
    assert stored.history.count() == changes + 1


@pytest.mark.parametrize("clicks", [2, 10])
def test_double_clicked_submit_creates_one_event(world, clicks):
    draft = Submission.objects.get(pk=world.draft.pk)
    clients = same_browser(world.operator, clicks)
    url = reverse("submissions:submit", kwargs={"pk": draft.pk})

    responses = run_together([lambda c=c: c.post(url, {"version": str(draft.version)}) for c in clients])

    assert [getattr(response, "status_code", repr(response)) for response in responses] == [302] * clicks
    assert all(response["Location"] == draft.get_absolute_url() for response in responses)
    stored = Submission.objects.get(pk=draft.pk)
    assert stored.status == SubmissionStatus.SUBMITTED
    assert SubmissionEvent.objects.filter(submission=stored, to_status=SubmissionStatus.SUBMITTED).count() == 1
