"""Ranking exports: CSV and XLSX with every juror's total, jurors named, for the committee only."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import JurorFactory, OperatorFactory
from tests.judging.results_factories import one_stage_competition

pytestmark = pytest.mark.django_db


def scored():
    competition, stage, subs, panel = one_stage_competition(scores={"A": [90, 80], "B": [70, None]}, top_n=1)
    panel[0].full_name = "Prof. Hendra"
    panel[0].save()
    panel[1].full_name = "Dr. Siti"
    panel[1].save()
    return competition, stage, subs, panel


def test_csv_has_the_ranking_and_each_jurors_total(committee_client):
    competition, stage, _subs, _panel = scored()

    response = committee_client.get(reverse("results:export_csv", kwargs={"year": competition.year}))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="peringkat-kipp-{competition.year}.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header = rows[0]
    assert header[-2:] == [f"{stage.name} · Dr. Siti", f"{stage.name} · Prof. Hendra"]
    by_name = {row[3]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert by_name["A"]["Peringkat"] == "1"
    assert by_name["A"]["Nilai akhir"] == "85.0000"
    assert by_name["A"][f"{stage.name} · Prof. Hendra"] == "90.0000"
    assert by_name["A"][f"{stage.name} · Dr. Siti"] == "80.0000"
    assert by_name["B"][f"{stage.name} · Dr. Siti"] == ""
    assert by_name["B"]["Nilai akhir"] == "70.0000"


def test_xlsx_opens_with_both_sheets(committee_client):
    competition, stage, _subs, _panel = scored()

    response = committee_client.get(reverse("results:export_xlsx", kwargs={"year": competition.year}))

    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Peringkat", "Nilai per juri"]
    ranking = list(workbook["Peringkat"].iter_rows(values_only=True))
    assert ranking[1][:4] == ("Peringkat", "Berbagi peringkat", "Ditentukan oleh", "Nama inovasi")
    assert (ranking[2][0], ranking[2][3]) == (1, "A")
    totals = sorted(workbook["Nilai per juri"].iter_rows(min_row=2, values_only=True))
    assert [(row[1], row[3], row[4]) for row in totals] == [
        ("A", "Dr. Siti", 80),
        ("A", "Prof. Hendra", 90),
        ("B", "Prof. Hendra", 70),
    ]


@pytest.mark.parametrize("count", [3, 15])
def test_exports_query_count_is_constant(committee_client, django_assert_num_queries, count):
    competition, _stage, _subs, _panel = one_stage_competition(
        scores={f"S{i:02d}": [50 + i, 40 + i, 30 + i] for i in range(count)}, top_n=2
    )

    with django_assert_num_queries(14):
        committee_client.get(reverse("results:export_csv", kwargs={"year": competition.year}))
    with django_assert_num_queries(14):
        committee_client.get(reverse("results:export_xlsx", kwargs={"year": competition.year}))


@pytest.mark.parametrize("name", ["export_csv", "export_xlsx"])
@pytest.mark.parametrize("factory", [JurorFactory, OperatorFactory])
def test_exports_refuse_jurors_and_operators(client, name, factory):
    competition, _stage, _subs, _panel = scored()
    client.force_login(factory())

    response = client.get(reverse(f"results:{name}", kwargs={"year": competition.year}))

    assert response.status_code == 403
    assert b"Prof. Hendra" not in response.content


def test_exports_send_anonymous_visitors_to_log_in(client):
    competition, _stage, _subs, _panel = scored()

    response = client.get(reverse("results:export_csv", kwargs={"year": competition.year}))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
