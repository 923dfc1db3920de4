"""Hypothesis drives the submission forms with arbitrary input: never a 500, never a stored bad value."""

from django.urls import reverse
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from submissions.models import Submission

FIELDS = ["name", "summary", "started_on", "video_url", "application_url", "contact_email", "contact_phone", "version"]
text = st.text(max_size=300)
values = st.dictionaries(st.sampled_from(FIELDS + ["sdgs", "is_application", "category"]), text, max_size=8)

FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


@FUZZ
@given(data=values)
def test_edit_form_never_fails_on_arbitrary_input(client, operator, draft, data):
    client.force_login(operator)
    current = Submission.objects.get(pk=draft.pk).version
    response = client.post(reverse("submissions:edit", kwargs={"pk": draft.pk}), {"version": str(current), **data})
    assert response.status_code in {200, 302, 409}
    stored = Submission.objects.get(pk=draft.pk)
    assert stored.name.strip()
    assert all(isinstance(goal, int) and 1 <= goal <= 17 for goal in stored.sdgs)
    assert stored.video_url == "" or stored.video_url.startswith(("http://", "https://"))


@FUZZ
@given(decision=text, note=text)
def test_screening_form_never_fails_on_arbitrary_input(client, committee, submitted, decision, note):
    client.force_login(committee)
    response = client.post(
        reverse("submissions:screening_detail", kwargs={"pk": submitted.pk}), {"decision": decision, "note": note}
    )
    assert response.status_code in {200, 302}
    assert Submission.objects.get(pk=submitted.pk).status in {"submitted", "eligible", "ineligible", "returned"}


@FUZZ
@given(name=st.text(min_size=1, max_size=260), content=st.binary(max_size=2000), requirement=text)
def test_upload_never_fails_on_arbitrary_files(client, operator, draft, name, content, requirement):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(operator)
    try:
        upload = SimpleUploadedFile(name, content)
    except Exception:  # noqa: BLE001 - names Django itself refuses never reach the view
        assume(False)
    response = client.post(
        reverse("submissions:attachment_upload", kwargs={"pk": draft.pk}), {"file": upload, "requirement": requirement}
    )
    assert response.status_code in {200, 302}
