"""Every page and file of a submission, for every role: refused roles see nothing of it."""

import pytest
from django.urls import reverse

from submissions import services
from submissions.enums import SubmissionStatus
from tests.factories import AssignmentFactory, CommitteeFactory, JurorFactory, OperatorFactory
from tests.submissions import filemakers
from tests.submissions.conftest import attach_statements, complete_data, upload

SENTINEL = "SENTINEL-RAHASIA-7731"

OPERATOR_PAGES = ["edit", "preview", "submit", "withdraw", "attachments", "attachment_upload", "endorse"]
SHARED_PAGES = ["detail", "print", "print_pdf"]


@pytest.fixture
def target(competition, operator):
    """A submitted proposal with a photo and the three letters, carrying a sentinel text."""
    submission = services.submission_create(
        competition=competition, user=operator, data=complete_data(name="RAHASIA UNIT", summary=SENTINEL)
    )
    attach_statements(submission, operator)
    photo = services.attachment_add(
        submission=submission, user=operator, uploaded=upload("kegiatan.png", filemakers.png_bytes())
    )
    services.submission_submit(submission=submission, user=operator, notify=False)
    submission.refresh_from_db()
    return {"submission": submission, "photo": photo}


def page_urls(submission, photo) -> dict[str, str]:
    urls = {
        name: reverse(f"submissions:{name}", kwargs={"pk": submission.pk}) for name in OPERATOR_PAGES + SHARED_PAGES
    }
    urls["attachment_delete"] = reverse(
        "submissions:attachment_delete", kwargs={"pk": submission.pk, "attachment_pk": photo.pk}
    )
    urls["attachment_file"] = reverse("submissions:attachment", kwargs={"pk": photo.pk})
    urls["screening_detail"] = reverse("submissions:screening_detail", kwargs={"pk": submission.pk})
    return urls


def assigned_juror(submission):
    stage = submission.competition.stages.get(name="Penilaian Proposal")
    juror = JurorFactory()
    AssignmentFactory(stage=stage, submission=submission, juror=juror)
    return juror


def persona(name, submission):
    return {
        "other_operator": lambda: OperatorFactory(),
        "juror_not_assigned": lambda: JurorFactory(),
        "juror_assigned": lambda: assigned_juror(submission),
        "committee": lambda: CommitteeFactory(),
    }[name]()


def expected_status(persona_name: str, page: str) -> int:
    if page == "screening_detail":
        return 200 if persona_name == "committee" else 403
    if page in SHARED_PAGES or page == "attachment_file":
        return 200 if persona_name in {"juror_assigned", "committee"} else 404
    # Operator pages: another unit's operator does not know the submission; other roles lack the role.
    return 404 if persona_name == "other_operator" else 403


ALL_PAGES = [*OPERATOR_PAGES, *SHARED_PAGES, "attachment_delete", "attachment_file", "screening_detail"]


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitor_is_sent_to_log_in_from_every_page(client, target, method):
    submission, photo = target["submission"], target["photo"]
    for page, url in page_urls(submission, photo).items():
        response = getattr(client, method)(url)
        assert response.status_code == 302, page
        assert response["Location"].startswith("/accounts/login/?next="), page
        assert SENTINEL.encode() not in response.content


@pytest.mark.parametrize("persona_name", ["other_operator", "juror_not_assigned", "juror_assigned", "committee"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_each_role_gets_the_expected_answer_on_every_page(client, target, persona_name, method, media_root):
    submission, photo = target["submission"], target["photo"]
    client.force_login(persona(persona_name, submission))
    checked = 0
    for page, url in page_urls(submission, photo).items():
        response = getattr(client, method)(url)
        expected = expected_status(persona_name, page)
        assert response.status_code == expected, (page, method, response.status_code)
        if expected != 200:
            body = response.content if not response.streaming else b""
            assert SENTINEL.encode() not in body, page
            assert b"RAHASIA UNIT" not in body, page
        checked += 1
    assert checked == len(ALL_PAGES)
    submission.refresh_from_db()
    assert (submission.status, submission.summary, submission.attachments.count()) == (
        SubmissionStatus.SUBMITTED,
        SENTINEL,
        4,
    )


def test_assigned_juror_reads_the_proposal_and_photo_but_not_the_history(client, target):
    submission, photo = target["submission"], target["photo"]
    client.force_login(assigned_juror(submission))
    body = client.get(reverse("submissions:detail", kwargs={"pk": submission.pk})).content.decode()
    assert SENTINEL in body
    assert "Riwayat status" not in body
    assert "budi@example.test" not in body
    response = client.get(reverse("submissions:attachment", kwargs={"pk": photo.pk}))
    assert response.status_code == 200


def test_voided_assignment_hides_the_submission(client, target):
    from django.utils import timezone

    submission = target["submission"]
    juror = assigned_juror(submission)
    juror.assignments.update(voided_at=timezone.now())
    client.force_login(juror)
    assert client.get(reverse("submissions:detail", kwargs={"pk": submission.pk})).status_code == 404


def test_neighbouring_ids_are_unknown(client, target, operator):
    submission, photo = target["submission"], target["photo"]
    client.force_login(operator)
    for url in [
        reverse("submissions:detail", kwargs={"pk": submission.pk + 1}),
        reverse("submissions:edit", kwargs={"pk": submission.pk + 1}),
        reverse("submissions:attachment", kwargs={"pk": photo.pk + 100}),
    ]:
        assert client.get(url).status_code == 404


def test_other_units_draft_is_invisible_to_the_parent_unit(client, school_setup, competition):
    draft = services.submission_create(
        competition=competition, user=school_setup["school_operator"], data=complete_data(name="DRAF SEKOLAH")
    )
    client.force_login(school_setup["dinas_operator"])
    assert client.get(reverse("submissions:detail", kwargs={"pk": draft.pk})).status_code == 404
    assert client.get(reverse("submissions:endorse", kwargs={"pk": draft.pk})).status_code == 404
    assert "DRAF SEKOLAH" not in client.get(reverse("submissions:operator_home")).content.decode()


def test_parent_unit_cannot_edit_the_childs_proposal(client, school_setup, competition):
    operator = school_setup["school_operator"]
    submission = services.submission_create(competition=competition, user=operator, data=complete_data(name="RAPOR"))
    attach_statements(submission, operator)
    services.submission_submit(submission=submission, user=operator, notify=False)
    client.force_login(school_setup["dinas_operator"])
    assert client.get(reverse("submissions:detail", kwargs={"pk": submission.pk})).status_code == 200
    assert client.get(reverse("submissions:edit", kwargs={"pk": submission.pk})).status_code == 404
    assert client.get(reverse("submissions:attachments", kwargs={"pk": submission.pk})).status_code == 404


def test_operator_home_shows_only_the_own_unit(client, target, other_operator):
    client.force_login(other_operator)
    body = client.get(reverse("submissions:operator_home")).content.decode()
    assert "RAHASIA UNIT" not in body


@pytest.mark.parametrize(
    ("user_factory", "expected"),
    [(JurorFactory, 403), (CommitteeFactory, 403)],
    ids=["juror", "committee"],
)
def test_operator_home_needs_the_operator_role(client, db, user_factory, expected):
    client.force_login(user_factory())
    assert client.get(reverse("submissions:operator_home")).status_code == expected


def test_screening_list_is_for_the_committee_only(client, operator):
    client.force_login(operator)
    assert client.get(reverse("submissions:screening_list")).status_code == 403
    client.logout()
    assert client.get(reverse("submissions:screening_list")).status_code == 302
