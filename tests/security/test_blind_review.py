"""Blind review (issue 7, point 2): one juror never reads another's scores or comments, jurors never see a
ranking, the unit's feedback names no juror, and served files carry no metadata that names the unit.

The world (conftest.py) holds juror A's final scorecard on the sentinel (87.25 with the comment
KOMENTAR-JURI-A-9931) and juror B assigned to the same submission, with no scorecard yet.
"""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from submissions.models import Attachment
from tests.security import matrix
from tests.security.files import jpeg_with_metadata, pdf_bytes
from tests.security.policy import PERSONAS, POLICY
from tests.security.sentinels import (
    JUROR_A_COMMENT,
    JUROR_A_SCORE_TEXTS,
    PUBLISHED_COMMENT,
    PUBLISHED_JUROR_NAME,
    SENTINEL_TITLE,
)

pytestmark = pytest.mark.django_db

JUROR_A_SECRETS = (JUROR_A_COMMENT, *JUROR_A_SCORE_TEXTS)


@pytest.fixture
def juror_b(world):
    client = Client()
    client.force_login(world.value("juror_b"))
    return client


def readable_text(response_body: bytes, content_type: str) -> str:
    """What a person could read in a response: the text of a PDF, every member of a zip (xlsx too), or HTML."""
    if content_type.startswith("application/pdf"):
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response_body)).pages)
    if response_body.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(response_body)) as archive:
            return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    return response_body.decode("utf-8", "replace")


def leaked(text: str, secrets=JUROR_A_SECRETS) -> list[str]:
    return [secret for secret in secrets if secret in text]


# Juror B's own pages -------------------------------------------------------------------------------


def test_juror_a_reads_its_own_score_and_comment(world):
    """The control: the secrets are on juror A's page in the form the other tests look for."""
    response = world.client("juror_assigned").get(
        reverse("judging:scorecard", kwargs={"pk": world.value("assignment_a")})
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert JUROR_A_COMMENT in html
    assert [text for text in JUROR_A_SCORE_TEXTS if text in html] != []


def test_juror_b_scorecard_for_the_same_submission_hides_juror_a_score_and_comment(world, juror_b):
    url = reverse("judging:scorecard", kwargs={"pk": world.value("assignment_b")})

    page = juror_b.get(url)
    refused = juror_b.post(url, {"action": "final"})  # nothing scored: re-rendered with the service's errors

    html = page.content.decode()
    assert (page.status_code, refused.status_code) == (200, 200)
    assert SENTINEL_TITLE in html
    assert leaked(html) == []
    assert leaked(refused.content.decode()) == []


def test_juror_b_scorecard_after_b_scores_final_still_hides_juror_a(world, juror_b):
    criteria = world.value("desk_criteria")
    url = reverse("judging:scorecard", kwargs={"pk": world.value("assignment_b")})
    data = {"action": "final", "version": "0", "overall_note": "Catatan B."}
    for criterion_id, value in zip(criteria, ("61", "62"), strict=True):
        data[f"score_{criterion_id}"] = value
        data[f"comment_{criterion_id}"] = f"Komentar B {value}."

    saved = juror_b.post(url, data)
    page = juror_b.get(url)

    html = page.content.decode()
    assert (saved.status_code, saved.headers["Location"]) == (302, url)
    assert "Komentar B 61." in html
    assert leaked(html) == []


def test_juror_b_home_and_proposal_views_hide_juror_a(world, juror_b):
    sentinel = world.value("sentinel")
    urls = [
        reverse("judging:juror_home"),
        reverse("submissions:detail", kwargs={"pk": sentinel}),
        reverse("submissions:print", kwargs={"pk": sentinel}),
        reverse("submissions:print_pdf", kwargs={"pk": sentinel}),
    ]

    responses = [juror_b.get(url) for url in urls]

    texts = [readable_text(response.content, response["Content-Type"]) for response in responses]
    assert [response.status_code for response in responses] == [200, 200, 200, 200]
    assert [SENTINEL_TITLE in text for text in texts] == [True, True, True, True]
    assert [leaked(text) for text in texts] == [[], [], [], []]


def test_no_page_or_export_juror_b_can_reach_shows_juror_a_score_or_comment(world, juror_b):
    """Every URL of the URLconf with the world's objects (and the policy's variants), GET and POST."""
    cells = [
        cell
        for cell in matrix.matrix_cells(POLICY, world, PERSONAS)
        if cell.kind != matrix.NEIGHBOUR and cell.persona == "juror_assigned"
    ]
    reached, leaks = set(), []

    with matrix.quiet_logs():
        for cell in cells:
            response, body = _request(juror_b, cell.method, cell.url)
            if response.status_code == 200:
                reached.add(cell.name)
            text = readable_text(body, response.get("Content-Type", ""))
            leaks.extend((cell.method, cell.url, secret) for secret in leaked(text))

    assert leaks == []
    assert {
        "judging:juror_home",
        "submissions:detail",
        "submissions:print",
        "submissions:print_pdf",
        "submissions:attachment",
        "home",
        "judging_public:results",
    } <= reached


def _request(client, method, url):
    """A request in a savepoint rolled back afterwards (an empty POST must not change the next request)."""
    with transaction.atomic():
        response = client.get(url) if method == "GET" else client.post(url, {})
        body = matrix.body_of(response)
        transaction.set_rollback(True)
    return response, body


RANKING_PAGES = [
    ("results:index", {}),
    ("results:ranking", {"year": "live_year"}),
    ("results:export_csv", {"year": "live_year"}),
    ("results:export_xlsx", {"year": "live_year"}),
    ("results:publications", {"year": "published_year"}),
    ("results:publication_detail", {"year": "published_year", "version": "publication_version"}),
    ("results:certificates_zip", {"year": "published_year"}),
    ("results:forwarding", {"year": "published_year"}),
    ("results:forwarding_pdf", {"year": "published_year", "pk": "published_sentinel"}),
    ("results:forwarding_zip", {"year": "published_year"}),
    ("committee:dashboard", {"year": "live_year"}),
    ("committee:audit_trail", {"year": "live_year"}),
    ("judging:calibration", {"stage_id": "desk_stage"}),
    ("judging:scorecard_review", {"pk": "scorecard_a"}),
    ("judging:stage_assignments", {"stage_id": "desk_stage"}),
]


@pytest.mark.parametrize("persona", ["juror_assigned", "juror_unassigned", "juror_conflict"])
def test_jurors_get_403_on_ranking_pages_and_exports(world, persona):
    client = world.client(persona)
    urls = [
        reverse(name, kwargs={key: world.value(value) for key, value in kwargs.items()})
        for name, kwargs in RANKING_PAGES
    ]

    with matrix.quiet_logs():
        responses = [client.get(url) for url in urls]

    assert [response.status_code for response in responses] == [403] * len(RANKING_PAGES)
    assert [leaked(response.content.decode(), (*JUROR_A_SECRETS, SENTINEL_TITLE)) for response in responses] == [
        []
    ] * len(RANKING_PAGES)


# Feedback after publication ------------------------------------------------------------------------


def test_feedback_after_publication_shows_the_comment_without_the_juror(world):
    client = world.client("operator_own")
    first, second = world.value("panel")

    response = client.get(reverse("results:feedback", kwargs={"pk": world.value("published_sentinel")}))

    html = response.content.decode()
    assert response.status_code == 200
    assert f"Juri 1:</span> {PUBLISHED_COMMENT}" in html
    identities = [PUBLISHED_JUROR_NAME, first.username, first.email, second.get_full_name(), second.username]
    assert [identity for identity in identities if identity in html] == []


def test_feedback_before_publication_is_404_even_for_the_owning_unit(world):
    client = world.client("operator_own")

    with matrix.quiet_logs():
        response = client.get(reverse("results:feedback", kwargs={"pk": world.value("sentinel")}))

    assert response.status_code == 404
    assert leaked(response.content.decode(), (*JUROR_A_SECRETS, SENTINEL_TITLE)) == []


# Served files carry no metadata naming the unit -----------------------------------------------------


def _upload_and_download(world, name: str, content: bytes) -> tuple[object, bytes]:
    """Upload through the operator's upload view, then fetch the stored file through the file view."""
    client = world.client("operator_own")
    draft = world.value("draft")
    existing = set(Attachment.objects.filter(submission_id=draft).values_list("pk", flat=True))
    uploaded = client.post(
        reverse("submissions:attachment_upload", kwargs={"pk": draft}),
        {"file": SimpleUploadedFile(name, content), "caption": ""},
    )
    (attachment,) = Attachment.objects.filter(submission_id=draft).exclude(pk__in=existing)
    served = client.get(reverse("submissions:attachment", kwargs={"pk": attachment.pk}))
    assert uploaded.status_code == 302
    assert served.status_code == 200
    return served, b"".join(served.streaming_content)


def test_served_photo_has_no_exif_or_xmp(world):
    unit_name = world.value("own_unit").name
    original = jpeg_with_metadata(unit_name)
    before = Image.open(io.BytesIO(original))
    assert (before.getexif()[0x013B], unit_name.encode() in original, "xmp" in before.info) == (unit_name, True, True)

    served, content = _upload_and_download(world, "foto-kegiatan.jpg", original)

    image = Image.open(io.BytesIO(content))
    assert (served["Content-Type"], image.format, image.size) == ("image/jpeg", "JPEG", (64, 48))
    assert dict(image.getexif()) == {}
    assert sorted(key for key in image.info if key in {"exif", "xmp", "XML:com.adobe.xmp", "icc_profile"}) == []
    assert [marker for marker in (unit_name.encode(), b"Exif", b"xmpmeta", b"adobe:ns:meta") if marker in content] == []


def test_served_pdf_has_no_metadata_naming_the_unit(world):
    unit_name = world.value("own_unit").name
    original = pdf_bytes(author=unit_name, title=f"Surat pernyataan {unit_name}")
    assert PdfReader(io.BytesIO(original)).metadata["/Author"] == unit_name

    served, content = _upload_and_download(world, "surat-pernyataan.pdf", original)

    reader = PdfReader(io.BytesIO(content))
    metadata = dict(reader.metadata or {})
    assert (served["Content-Type"], len(reader.pages)) == ("application/pdf", 1)
    assert [key for key, value in metadata.items() if unit_name in str(value)] == []
    assert reader.xmp_metadata is None
    assert unit_name.encode() not in content
