"""Certificates: one A4 landscape PDF per published place at a stable address, and a ZIP for the committee."""

import io
import zipfile

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests.factories import JurorFactory, OperatorFactory
from tests.judging.results_factories import one_stage_competition, publish, published_competition

pytestmark = pytest.mark.django_db


def certificate_url(year, rank):
    return reverse("judging_public:certificate", kwargs={"year": year, "rank": rank})


def test_certificate_of_a_place_is_a_landscape_pdf_with_everything_on_it(client):
    competition, publication, subs = published_competition(count=3, top_n=2)

    response = client.get(certificate_url(competition.year, 1))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    reader = PdfReader(io.BytesIO(response.content))
    page = reader.pages[0]
    assert (len(reader.pages), float(page.mediabox.width) > float(page.mediabox.height)) == (1, True)
    text = " ".join(page.extract_text().split())
    for expected in [
        "PIAGAM PENGHARGAAN",
        competition.title,
        subs[0].unit.name,
        "INOVASI A",
        "Peringkat 1 · Tiga Besar",
        "Drs. H. Wahyu Hidayat, M.M.",
        "Penjabat Wali Kota Malang",
    ]:
        assert expected in text


def test_certificate_of_a_place_that_does_not_exist_is_404(client):
    competition, _publication, _subs = published_competition(count=3, top_n=2)

    assert client.get(certificate_url(competition.year, 3)).status_code == 404
    assert client.get(certificate_url(competition.year, 0)).status_code == 404


def test_certificate_404_before_publication(client):
    competition, _stage, _subs, _panel = one_stage_competition(scores={"A": [90]}, top_n=1)

    assert client.get(certificate_url(competition.year, 1)).status_code == 404


def test_shared_place_gives_one_page_per_winner(client):
    competition, _stage, _subs, _panel = one_stage_competition(scores={"A": [80], "B": [80]}, top_n=1)
    publish(competition, tie_override_note="Berbagi peringkat 1.")

    response = client.get(certificate_url(competition.year, 1))

    assert len(PdfReader(io.BytesIO(response.content)).pages) == 2


def test_committee_downloads_every_certificate_in_one_zip(committee_client):
    competition, _publication, _subs = published_competition(count=3, top_n=3)

    response = committee_client.get(reverse("results:certificates_zip", kwargs={"year": competition.year}))

    assert response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert names == [
        f"piagam-kipp-{competition.year}-peringkat-01-inovasi-a.pdf",
        f"piagam-kipp-{competition.year}-peringkat-02-inovasi-b.pdf",
        f"piagam-kipp-{competition.year}-peringkat-03-inovasi-c.pdf",
    ]


@pytest.mark.parametrize("factory", [JurorFactory, OperatorFactory])
def test_certificates_zip_refuses_other_roles(client, factory):
    competition, _publication, _subs = published_competition(count=1, top_n=1)
    client.force_login(factory())

    assert client.get(reverse("results:certificates_zip", kwargs={"year": competition.year})).status_code == 403
