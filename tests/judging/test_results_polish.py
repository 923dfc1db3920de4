"""Polish of the results pages (browser review, issue 6): what the committee and the public see.

The archive's filters and unit line, the demo photos, the ranking's "decided by" column, times in WIB, the
public methodology, colour contrast, the final stage's close page and the 2023 demo's Top 10 order.
"""

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from judging import demo
from judging.enums import ScorecardStatus
from judging.models import Assignment
from kipp.enums import UnitKind
from submissions.enums import SubmissionStatus
from submissions.models import Submission
from tests.factories import UnitFactory
from tests.judging.results_factories import (
    jurors,
    one_stage_competition,
    past_competition,
    photo_attachment,
    publish,
    published_competition,
    scorecard,
    scoring_stage,
    submission,
)

pytestmark = pytest.mark.django_db

ARCHIVE = reverse("judging_public:archive")


def text(html: str) -> str:
    """The page's visible words: tags dropped, spaces squeezed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def archive_unit_lines(html: str) -> list[str]:
    return [text(line) for line in re.findall(r'<div class="res-unit small">(.*?)</div>', html, re.S)]


# ---------------------------------------------------------------------------------------------------------
# Archive: the unit's kind once


def test_archive_names_the_unit_kind_once(client):
    competition, _stage, subs, _panel = one_stage_competition(scores={"KOPI TUBRUK": [90], "SEPAKAT 22": [80]}, top_n=2)
    Submission.objects.filter(pk=subs["KOPI TUBRUK"].pk).update(
        unit=UnitFactory(name="Puskesmas Kedungkandang", kind=UnitKind.PUSKESMAS)
    )
    Submission.objects.filter(pk=subs["SEPAKAT 22"].pk).update(
        unit=UnitFactory(name="SMP Negeri 22 Malang", kind=UnitKind.SEKOLAH)
    )
    publish(competition)

    html = client.get(ARCHIVE).content.decode()

    assert archive_unit_lines(html) == ["Puskesmas Kedungkandang", "SMP Negeri 22 Malang · Sekolah"]


# ---------------------------------------------------------------------------------------------------------
# Demo photos: the innovation's name stays whole


@pytest.mark.parametrize(
    ("name", "unit"),
    [
        ("IBUKOTA", "SD Negeri Kotalama"),
        ("Validasi Data Kesejahteraan Sosial", "Badan Perencanaan Pembangunan Daerah"),
        ("KAMPUNG WISATA DIGITAL", "Dinas Kepemudaan, Olahraga dan Pariwisata"),
    ],
)
def test_demo_photo_keeps_the_name_inside_the_middle_of_the_picture(name, unit):
    image = Image.open(io.BytesIO(demo._photo(name, unit))).convert("RGB")
    width, height = image.size
    # The words are the only near-white pixels; the gold circle and the gradient are not.
    pixels = image.load()
    white_columns = [x for x in range(width) for y in range(height // 2, height) if min(pixels[x, y]) >= 215]

    assert (width, height) == (960, 540)
    assert white_columns, "the name is drawn"
    # Within the middle 4:3 (x 120..840), so neither a 16:9 nor a 4:3 frame cuts a letter.
    assert min(white_columns) >= 120
    assert max(white_columns) <= 840


def test_archive_thumbnail_keeps_the_photo_proportions(client):
    _competition, _publication, subs = published_competition(count=1, top_n=1)
    photo_attachment(subs[0])

    html = client.get(ARCHIVE).content.decode()

    (thumb,) = re.findall(r'<img class="res-archive-thumb"[^>]*>', html)
    assert 'width="640" height="360"' in thumb  # 16:9 like the photos, not a square


# ---------------------------------------------------------------------------------------------------------
# Ranking: "Ditentukan oleh" only where there is a final score


def two_stage_competition(*, top_n=1):
    """A desk stage (closed) then the final stage; FINALIST A and B reached it, ELIGIBLE CADANGAN did not."""
    competition = past_competition(top_n=top_n)
    desk, desk_criteria = scoring_stage(
        competition, order=2, weight=60, criteria=[(100, 100)], name="Penilaian Proposal"
    )
    final, final_criteria = scoring_stage(
        competition, order=3, weight=40, criteria=[(100, 100)], name="Presentasi dan Wawancara"
    )
    panel = jurors(2)
    subs = {
        "A": submission(competition, stage=final, status=SubmissionStatus.FINALIST, name="A"),
        "B": submission(competition, stage=final, status=SubmissionStatus.FINALIST, name="B"),
        "CADANGAN": submission(competition, stage=desk, name="CADANGAN"),
    }
    for name, value in {"A": 90, "B": 80, "CADANGAN": 70}.items():
        for juror in panel:
            scorecard(desk, subs[name], juror, [value], criteria=desk_criteria)
    return competition, desk, final, final_criteria, subs, panel


def row_cells(html: str, name: str) -> list[str]:
    """The cells of the full-ranking row of `name` (the row whose first name cell is it), as visible text."""
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S)
    row = next(
        row for row in rows if re.search(rf"<strong>{re.escape(name)}</strong>.*?Rincian per kriteria", row, re.S)
    )
    return [text(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]


def test_ranking_shows_what_decided_a_place_only_for_rows_with_a_final_score(committee_client):
    competition, _desk, final, final_criteria, subs, panel = two_stage_competition()
    for name, value in {"A": 95, "B": 85}.items():
        for juror in panel:
            scorecard(final, subs[name], juror, [value], criteria=final_criteria)

    html = committee_client.get(reverse("results:ranking", kwargs={"year": competition.year})).content.decode()

    assert row_cells(html, "A")[-1] == "nilai"
    assert row_cells(html, "CADANGAN")[-1] == "—"
    assert "tidak mencapai tahap akhir" in " ".join(row_cells(html, "CADANGAN"))


# ---------------------------------------------------------------------------------------------------------
# Times of day in WIB, whatever the server's time zone


@pytest.fixture
def utc_server(settings):
    settings.TIME_ZONE = "UTC"
    timezone.deactivate()
    yield
    timezone.deactivate()


def test_public_results_show_the_publication_time_in_wib(client, utc_server):
    competition, publication, _subs = published_competition(count=2, top_n=2)
    type(publication).objects.filter(pk=publication.pk).update(
        published_at=dt.datetime(2023, 7, 10, 2, 0, tzinfo=dt.UTC)
    )

    page = text(client.get(reverse("judging_public:results", kwargs={"year": competition.year})).content.decode())

    assert "Diumumkan 10 Juli 2023, 09.00 WIB · versi 1" in page
    assert "WIB WIB" not in page


def test_committee_pages_show_times_in_wib(committee_client, utc_server):
    competition, publication, _subs = published_competition(count=2, top_n=2)
    type(publication).objects.filter(pk=publication.pk).update(
        published_at=dt.datetime(2023, 7, 10, 16, 30, tzinfo=dt.UTC)
    )
    stage = competition.stages.get()
    deadline = dt.datetime(2023, 6, 11, 16, 59, tzinfo=dt.UTC)
    type(stage).objects.filter(pk=stage.pk).update(
        opens_at=deadline - dt.timedelta(days=10), closes_at=deadline, closed_at=deadline
    )
    year = competition.year

    ranking = text(committee_client.get(reverse("results:ranking", kwargs={"year": year})).content.decode())
    versions = text(committee_client.get(reverse("results:publications", kwargs={"year": year})).content.decode())
    close = text(
        committee_client.get(
            reverse("results:stage_close", kwargs={"year": year, "stage_pk": stage.pk})
        ).content.decode()
    )

    assert "versi 1, 10 Juli 2023, 23.30 WIB" in ranking
    assert "Ditutup panitia 11 Juni 2023, 23.59 WIB" in ranking
    assert "Diumumkan 10 Juli 2023, 23.30 WIB" in versions
    assert "Batas waktu tahap: 11 Juni 2023, 23.59 WIB." in close
    assert "Tahap ini ditutup 11 Juni 2023, 23.59 WIB" in close


# ---------------------------------------------------------------------------------------------------------
# Public methodology: stages by name


def test_public_methodology_names_stages_without_their_internal_number(client):
    competition, _stage, _subs, _panel = one_stage_competition(scores={"A": [90], "B": [80]}, top_n=2)
    competition.stages.update(order=2, name="Penilaian Proposal")
    publication = publish(competition)

    page = text(client.get(reverse("judging_public:results", kwargs={"year": competition.year})).content.decode())

    assert "Tahap 2 «Penilaian Proposal»" in " ".join(publication.snapshot["methodology"])  # the record keeps it
    assert "Tahap 2" not in page
    assert "Usulan yang lolos seleksi administrasi dinilai para juri sebagai berikut." in page
    assert "Tahap «Penilaian Proposal» berbobot 100% dari nilai akhir" in page


# ---------------------------------------------------------------------------------------------------------
# Contrast of the small "eyebrow" text (WCAG AA: 4.5:1)


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted([luminance(a), luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_eyebrow_colours_meet_wcag_aa():
    css = (Path(settings.BASE_DIR) / "static" / "css" / "results.css").read_text()
    muted = re.search(r"--res-muted:\s*(#[0-9a-fA-F]{6})", css).group(1)
    hero_stops = re.findall(r"#[0-9a-fA-F]{6}", re.search(r"\.res-hero \{[^}]*\}", css).group(0))

    assert "color: var(--res-muted)" in re.search(r"\.res-eyebrow \{[^}]*\}", css).group(0)
    for background in ["#ffffff", "#f5f7fb"]:  # cards and the page
        assert contrast(muted, background) >= 4.5
    assert hero_stops
    assert all(contrast("#ffffff", stop) >= 4.5 for stop in hero_stops)  # white text on the hero


# ---------------------------------------------------------------------------------------------------------
# Closing the final stage: the proposals it freezes


def final_close_url(competition, stage):
    return reverse("results:stage_close", kwargs={"year": competition.year, "stage_pk": stage.pk})


def test_final_stage_close_page_lists_the_proposals_it_freezes(committee_client):
    competition, _desk, final, final_criteria, subs, panel = two_stage_competition()
    scorecard(final, subs["A"], panel[0], [95], criteria=final_criteria)
    scorecard(final, subs["A"], panel[1], [93], criteria=final_criteria)
    scorecard(final, subs["B"], panel[0], [85], criteria=final_criteria)
    scorecard(final, subs["B"], panel[1], [60], criteria=final_criteria, status=ScorecardStatus.DRAFT)
    late = submission(competition, stage=final, status=SubmissionStatus.FINALIST, name="C")
    Assignment.objects.create(stage=final, submission=late, juror=panel[1])

    html = committee_client.get(final_close_url(competition, final)).content.decode()
    page = text(html)
    section = text(html.split('id="terdampak"', 1)[1].split("</section>", 1)[0])

    assert "Usulan yang nilai akhirnya dibekukan" in page
    assert "nilai akhir 3 usulan di bawah ini dibekukan" in section
    assert "Finalis" in row_text(html, "A")
    assert "belum ada nilai akhir" not in row_text(html, "A")
    assert f"{panel[1].full_name} (draf)" in row_text(html, "B")
    assert f"{panel[1].full_name} (belum diisi)" in row_text(html, "C")
    assert "belum ada nilai akhir" in row_text(html, "C")
    assert "Nilai akhir dibekukan dan tidak dapat diubah lagi." in html  # the confirmation asked on submit


def row_text(html: str, name: str) -> str:
    section = html.split('id="terdampak"', 1)[1].split("</section>", 1)[0]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", section, re.S)
    return text(next(row for row in rows if f"<strong>{name}</strong>" in row))


def test_intermediate_stage_close_page_has_no_freeze_list(committee_client):
    competition, desk, _final, _criteria, _subs, _panel = two_stage_competition()
    desk.closed_at = None
    desk.save()

    html = committee_client.get(final_close_url(competition, desk)).content.decode()

    assert "Usulan yang nilai akhirnya dibekukan" not in html
    assert "Yang lolos" in html


def test_final_stage_close_page_queries_do_not_grow_with_proposals(committee_client):
    competition, _desk, final, final_criteria, subs, panel = two_stage_competition()
    Assignment.objects.create(stage=final, submission=subs["A"], juror=panel[0])
    url = final_close_url(competition, final)
    committee_client.get(url)  # warm up the session and the caches

    with CaptureQueriesContext(connection) as few:
        committee_client.get(url)
    for index in range(4):
        extra = submission(competition, stage=final, status=SubmissionStatus.FINALIST, name=f"TAMBAHAN {index}")
        scorecard(final, extra, panel[0], [70], criteria=final_criteria, status=ScorecardStatus.DRAFT)
        Assignment.objects.create(stage=final, submission=extra, juror=panel[1])
    with CaptureQueriesContext(connection) as many:
        response = committee_client.get(url)

    assert "TAMBAHAN 3" in response.content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)


# ---------------------------------------------------------------------------------------------------------
# The 2023 demo: the same Top 10, in the same order, on every database


DEMO_TOP_TEN = [
    "KOPI TUBRUK",
    "SIAPEL",
    "Persada",
    "Si Kawan Duduk",
    "INDIGO",
    "Mas Kadin Bersinar",
    "Laskar Perencana",
    "SEPAKAT 22",
    "Validasi Data Kesejahteraan Sosial",
    "IBUKOTA",
]


def test_demo_2023_top_ten_order_on_the_public_page(client):
    from competitions import demo as competitions_demo
    from kipp import demo as kipp_demo

    context = kipp_demo.load()
    context.update(competitions_demo.load(context))
    demo.load(context)

    html = client.get(reverse("judging_public:results", kwargs={"year": 2023})).content.decode()
    shown = [text(name) for name in re.findall(r'<div class="res-card-body">\s*<h3>(.*?)</h3>', html, re.S)]

    assert shown == DEMO_TOP_TEN
    assert re.findall(r'<span class="res-rank res-rank-(\d+)"', html) == [str(rank) for rank in range(1, 11)]


# ---------------------------------------------------------------------------------------------------------
# In a browser: the archive's filters show their whole choice at 1280 px and on a phone

# Width of the chosen option's text against the room the select gives it (its arrow takes the right padding).
SELECT_ROOM = """select => {
  const style = getComputedStyle(select);
  const context = document.createElement("canvas").getContext("2d");
  context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const label = select.options[select.selectedIndex].text;
  const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return {label, text: context.measureText(label).width, room};
}"""


@pytest.mark.browser
@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_archive_filters_are_not_cut_off(new_page, transactional_db, device):
    publish_archive_year()
    page = new_page(device=device)

    page.goto(ARCHIVE)

    selects = page.locator("form[role=search] select")
    assert selects.count() == 3
    for index in range(3):
        measured = selects.nth(index).evaluate(SELECT_ROOM)
        assert measured["text"] <= measured["room"], measured
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"]  # no sideways scrolling


def publish_archive_year():
    competition, _stage, subs, _panel = one_stage_competition(scores={"KOPI TUBRUK": [90]}, top_n=1)
    Submission.objects.filter(pk=subs["KOPI TUBRUK"].pk).update(
        unit=UnitFactory(name="Puskesmas Kedungkandang", kind=UnitKind.PUSKESMAS)
    )
    publish(competition)
