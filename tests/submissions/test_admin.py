"""The admin lists every submissions model with its columns, filters and search."""

import pytest
from django.urls import reverse

from submissions import services
from tests.factories import CommitteeFactory, UserFactory


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("model", ["submission", "attachment", "submissionevent", "screening"])
def test_admin_changelists_render_with_search_and_filters(admin_client, submitted, model):
    services.submission_screen(submission=submitted, user=CommitteeFactory(), decision="eligible", notify=False)
    url = reverse(f"admin:submissions_{model}_changelist")
    response = admin_client.get(url, {"q": "SIDAKEP"})
    assert response.status_code == 200
    assert response.context["cl"].result_count >= 1
    assert response.context["cl"].has_filters


def test_admin_submission_page_shows_files_and_history_read_only(admin_client, submitted):
    response = admin_client.get(reverse("admin:submissions_submission_change", args=[submitted.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "surat-implementasi.pdf" in body
    assert reverse("admin:submissions_attachment_add") not in body


def test_admin_cannot_edit_status_history(admin_client, submitted):
    event = submitted.events.first()
    response = admin_client.post(
        reverse("admin:submissions_submissionevent_change", args=[event.pk]), {"reason": "Diubah"}
    )
    event.refresh_from_db()
    assert (response.status_code, event.reason) == (403, "Draf dibuat.")
