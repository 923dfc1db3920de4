"""List pages keep a constant number of queries from 10 to 1,000 submissions."""

import pytest
from django.urls import reverse

from kipp.models import Unit
from submissions.enums import AttachmentKind, SubmissionStatus
from submissions.models import Attachment, Submission


def bulk_submissions(competition, units, count, status):
    submissions = Submission.objects.bulk_create(
        [
            Submission(
                competition=competition,
                unit=units[index % len(units)],
                name=f"INOVASI {index:04d}",
                summary="Ringkasan singkat.",
                status=status,
            )
            for index in range(count)
        ]
    )
    requirement = competition.attachment_requirements.first()
    Attachment.objects.bulk_create(
        [
            Attachment(
                submission=submission,
                kind=AttachmentKind.STATEMENT,
                requirement=requirement,
                file=f"attachments/00/{submission.pk:032d}.pdf",
                original_name="surat.pdf",
                content_type="application/pdf",
                size=1000,
                sha256="0" * 64,
            )
            for submission in submissions
        ]
    )
    return submissions


@pytest.mark.parametrize("count", [10, 1000])
def test_operator_home_query_count_is_constant(client, competition, operator, count, django_assert_num_queries):
    bulk_submissions(competition, [operator.unit], count, SubmissionStatus.DRAFT)
    client.force_login(operator)
    url = reverse("submissions:operator_home")
    with django_assert_num_queries(10):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["blocks"][0].rows) == count


@pytest.mark.parametrize("count", [10, 1000])
def test_screening_list_query_count_is_constant(committee_client, competition, count, django_assert_num_queries):
    units = Unit.objects.bulk_create([Unit(name=f"Unit {index}") for index in range(20)])
    bulk_submissions(competition, units, count, SubmissionStatus.SUBMITTED)
    url = reverse("submissions:screening_list")
    with django_assert_num_queries(9):
        response = committee_client.get(url, {"status": "submitted", "competition": competition.pk})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == count
