"""Forwarding the winners' proposals in the national form's section order."""

import io
import zipfile

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests.factories import JurorFactory, OperatorFactory
from tests.judging.results_factories import one_stage_competition, photo_attachment, published_competition

pytestmark = pytest.mark.django_db

NATIONAL_ORDER = [
    "1. Ringkasan",
    "2. Latar Belakang dan Tujuan",
    "3. Kebaruan / Nilai Tambah",
    "4. Implementasi Inovasi",
    "5. Signifikansi",
    "6. Adaptabilitas",
    "7. Sumber Daya",
    "8. Strategi Keberlanjutan",
]


def test_winner_proposal_follows_the_national_section_order(committee_client):
    competition, _publication, subs = published_competition(count=2, top_n=1)
    winner = subs[0]
    winner.significance = "Waktu tunggu turun dari 14 hari menjadi 2 hari."
    winner.save()

    response = committee_client.get(
        reverse("results:forwarding_pdf", kwargs={"year": competition.year, "pk": winner.pk})
    )

    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    positions = [text.index(heading) for heading in NATIONAL_ORDER]
    assert positions == sorted(positions)
    assert "Waktu tunggu turun dari 14 hari menjadi 2 hari." in text
    assert "Peringkat 1" in text


def test_forwarding_of_a_non_winner_is_404(committee_client):
    competition, _publication, subs = published_competition(count=2, top_n=1)

    url = reverse("results:forwarding_pdf", kwargs={"year": competition.year, "pk": subs[1].pk})

    assert committee_client.get(url).status_code == 404


def test_forwarding_zip_holds_each_winner_with_its_attachments(committee_client):
    competition, _publication, subs = published_competition(count=3, top_n=2)
    photo_attachment(subs[0], content=b"\x89PNG\r\n\x1a\nfoto-a", name="kegiatan.png")

    response = committee_client.get(reverse("results:forwarding_zip", kwargs={"year": competition.year}))

    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.namelist() == [
        f"01-inovasi-a/proposal-kipp-{competition.year}-01-inovasi-a.pdf",
        "01-inovasi-a/lampiran/kegiatan.png",
        f"02-inovasi-b/proposal-kipp-{competition.year}-02-inovasi-b.pdf",
    ]
    assert archive.read("01-inovasi-a/lampiran/kegiatan.png") == b"\x89PNG\r\n\x1a\nfoto-a"


def test_forwarding_page_lists_the_winners(committee_client):
    competition, _publication, _subs = published_competition(count=3, top_n=2)

    response = committee_client.get(reverse("results:forwarding", kwargs={"year": competition.year}))

    assert [winner.entry.innovation_name for winner in response.context["winners"]] == ["INOVASI A", "INOVASI B"]


def test_forwarding_404_before_publication(committee_client):
    competition, _stage, _subs, _panel = one_stage_competition(scores={"A": [90]}, top_n=1)

    assert committee_client.get(reverse("results:forwarding", kwargs={"year": competition.year})).status_code == 404


@pytest.mark.parametrize("factory", [JurorFactory, OperatorFactory])
def test_forwarding_refuses_other_roles(client, factory):
    competition, _publication, subs = published_competition(count=1, top_n=1)
    client.force_login(factory())

    assert client.get(reverse("results:forwarding", kwargs={"year": competition.year})).status_code == 403
    assert client.get(reverse("results:forwarding_zip", kwargs={"year": competition.year})).status_code == 403
