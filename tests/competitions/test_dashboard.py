"""The committee dashboard (judging/dashboard.py): what it counts, what it flags, and its flat query count."""

import datetime as dt

import pytest
from django.urls import reverse

from competitions import services
from competitions.models import Competition
from judging.dashboard import dashboard_context
from judging.enums import ScorecardStatus
from judging.models import Assignment, JuryMember, Scorecard
from kipp.enums import UnitKind
from kipp.models import Unit
from submissions.enums import SubmissionStatus
from submissions.models import Submission
from tests.competitions.conftest import CLOSES, OPENS, stage
from tests.factories import CategoryFactory, CommitteeFactory, JurorFactory, OperatorFactory, UnitFactory

DAY = dt.timedelta(days=1)
STATUS_CYCLE = [
    SubmissionStatus.DRAFT,
    SubmissionStatus.SUBMITTED,
    SubmissionStatus.RETURNED,
    SubmissionStatus.ELIGIBLE,
    SubmissionStatus.INELIGIBLE,
    SubmissionStatus.ELIGIBLE,
]


def fill(competition, count, *, units, jurors, category=None):
    """`count` submissions in a status cycle; eligible ones sit in the desk stage with two jurors each,
    the first juror's scorecard final, the second's a draft."""
    desk = stage(competition, 2)
    submissions = Submission.objects.bulk_create(
        Submission(
            competition=competition,
            unit=units[index % len(units)],
            category=category if index % 2 else None,
            name=f"INOVASI {competition.year}-{index}",
            status=STATUS_CYCLE[index % len(STATUS_CYCLE)],
            stage=desk if STATUS_CYCLE[index % len(STATUS_CYCLE)] == SubmissionStatus.ELIGIBLE else None,
        )
        for index in range(count)
    )
    eligible = [s for s in submissions if s.status == SubmissionStatus.ELIGIBLE]
    assignments = Assignment.objects.bulk_create(
        Assignment(stage=desk, submission=submission, juror=juror) for submission in eligible for juror in jurors[:2]
    )
    Scorecard.objects.bulk_create(
        Scorecard(
            assignment=assignment,
            status=ScorecardStatus.FINAL if assignment.juror_id == jurors[0].pk else ScorecardStatus.DRAFT,
        )
        for assignment in assignments
    )
    return submissions


@pytest.fixture
def jurors(national):
    people = [JurorFactory(full_name=name) for name in ["Prof. Hendra", "Dr. Siti", "Dewi Lestari"]]
    JuryMember.objects.bulk_create(JuryMember(stage=stage(national, 2), juror=juror) for juror in people)
    return people


def test_dashboard_counts_submissions_per_status_and_category(national, jurors):
    units = [UnitFactory(name=f"Dinas Uji {i}") for i in range(3)]
    category = CategoryFactory(competition=national, name="Replikasi")
    fill(national, 12, units=units, jurors=jurors, category=category)
    context = dashboard_context(national, now=CLOSES + DAY)
    counts = {row["status"]: row["count"] for row in context["status_rows"]}
    assert counts == {
        "draft": 2,
        "awaiting_endorsement": 0,
        "submitted": 2,
        "returned": 2,
        "eligible": 4,
        "ineligible": 2,
        "withdrawn": 0,
        "finalist": 0,
        "winner": 0,
    }
    assert (context["total"], context["sent"], context["drafts"]) == (12, 10, 2)
    assert [(row["name"], row["sent"], row["drafts"], row["eligible"]) for row in context["categories"]] == [
        ("Replikasi", 6, 0, 4),
        ("Tanpa kategori", 4, 2, 0),
    ]
    screening = context["screening"]
    assert (screening["to_screen"], screening["returned"], screening["screened"], screening["percent"]) == (
        2,
        2,
        6,
        60,
    )


def test_dashboard_lists_active_units_without_a_real_submission(national, jurors):
    Unit.objects.all().delete()
    sent, drafting, idle = (
        UnitFactory(name="A Dinas Kirim"),
        UnitFactory(name="B Dinas Draf"),
        UnitFactory(name="C Dinas Diam"),
    )
    UnitFactory(name="D Dinas Nonaktif", is_active=False)
    withdrawn = UnitFactory(name="E Dinas Tarik")
    Submission.objects.bulk_create(
        [
            Submission(competition=national, unit=sent, name="S1", status=SubmissionStatus.SUBMITTED),
            Submission(competition=national, unit=drafting, name="S2", status=SubmissionStatus.DRAFT),
            Submission(competition=national, unit=withdrawn, name="S3", status=SubmissionStatus.WITHDRAWN),
        ]
    )
    context = dashboard_context(national, now=CLOSES - DAY)
    assert [(unit["name"], unit["has_draft"]) for unit in context["units"]] == [
        ("B Dinas Draf", True),
        ("C Dinas Diam", False),
        ("E Dinas Tarik", False),
    ]
    assert (context["active_units"], context["units_submitted_percent"]) == (4, 25)
    assert idle.name in [unit["name"] for unit in context["units"]]


def test_dashboard_does_not_expect_a_submission_from_the_organisers(national, jurors):
    Unit.objects.all().delete()
    UnitFactory(name="Sekretariat Daerah", kind=UnitKind.SEKRETARIAT)
    organiser = UnitFactory(name="Bagian Organisasi", kind=UnitKind.BAGIAN)
    CommitteeFactory(unit=organiser)
    OperatorFactory(unit=UnitFactory(name="Bagian Hukum", kind=UnitKind.BAGIAN))
    UnitFactory(name="Dinas Kesehatan")

    context = dashboard_context(national, now=CLOSES - DAY)

    assert [unit["name"] for unit in context["units"]] == ["Bagian Hukum", "Dinas Kesehatan"]
    assert context["active_units"] == 2


def test_dashboard_page_separates_incoming_from_waiting_for_screening(committee_client, national, jurors):
    fill(national, 6, units=[UnitFactory()], jurors=jurors)

    html = committee_client.get(reverse("committee:dashboard", args=[national.year])).content.decode()

    assert 'Usulan masuk <span class="d-block small text-muted">(tidak termasuk draf)</span>' in html
    status_list = html[html.index('<dl class="cmp-status-list') : html.index("</dl>")]
    assert "<dt>Menunggu seleksi</dt>" in status_list
    assert "<dt>Terkirim</dt>" not in status_list


@pytest.mark.parametrize(
    ("moment", "ranking_is_next"),
    [
        (lambda competition: CLOSES - DAY, False),
        (lambda competition: stage(competition, 2).opens_at + DAY, True),
    ],
    ids=["registration", "judging"],
)
def test_dashboard_makes_the_ranking_the_next_step_while_judging(national, jurors, moment, ranking_is_next):
    context = dashboard_context(national, now=moment(national))

    assert context["ranking_is_next"] is ranking_is_next
    assert context["links"]["results"] == reverse("results:ranking", args=[national.year])


def test_dashboard_page_keeps_the_ranking_link_secondary_before_judging(committee_client, national):
    url = reverse("results:ranking", args=[national.year])

    html = committee_client.get(reverse("committee:dashboard", args=[national.year])).content.decode()

    assert f'<a class="btn btn-sm btn-outline-secondary" href="{url}">Peringkat</a>' in html
    assert "Buka peringkat" not in html


def test_dashboard_shows_judging_progress_per_juror(national, jurors):
    fill(national, 12, units=[UnitFactory()], jurors=jurors)
    context = dashboard_context(national, now=stage(national, 2).opens_at + DAY)
    desk_progress, presentation_progress = context["stage_progress"]
    assert [(j.name, j.assigned, j.drafted, j.final) for j in desk_progress.jurors] == [
        ("Dr. Siti", 4, 4, 0),
        ("Dewi Lestari", 0, 0, 0),
        ("Prof. Hendra", 4, 0, 4),
    ]
    assert (desk_progress.assigned, desk_progress.final, desk_progress.final_percent) == (8, 4, 50)
    assert (desk_progress.submissions, desk_progress.short_of_jurors, desk_progress.is_open) == (4, 4, True)
    assert presentation_progress.jurors == []
    assert context["overdue"] == [
        {
            "level": "danger",
            "text": "2 usulan belum diseleksi, padahal tahap «Seleksi Administrasi» berakhir 14 Mei 2031, 23.59 WIB.",
        },
        {"level": "warning", "text": "4 usulan pada tahap «Penilaian Proposal» belum mendapat 3 juri."},
    ]


def test_dashboard_flags_what_is_overdue(national, jurors):
    Competition.objects.filter(pk=national.pk).update(revision_deadline=CLOSES + 5 * DAY)
    national.refresh_from_db()
    fill(national, 6, units=[UnitFactory()], jurors=jurors)
    desk = stage(national, 2)
    context = dashboard_context(national, now=desk.closes_at + DAY)
    assert [item["text"] for item in context["overdue"]] == [
        "1 usulan belum diseleksi, padahal tahap «Seleksi Administrasi» berakhir 14 Mei 2031, 23.59 WIB.",
        "1 usulan yang dikembalikan belum dikirim ulang; batas perbaikan 5 Mei 2031, 23.59 WIB sudah lewat.",
        "Dr. Siti: 2 lembar nilai tahap «Penilaian Proposal» belum final; tahap berakhir 9 Juni 2031, 23.59 WIB.",
    ]
    assert context["next_deadline"]["label"] == "«Presentasi dan Wawancara» dibuka"


def test_dashboard_page_shows_the_figures(committee_client, national, jurors):
    fill(national, 6, units=[UnitFactory(name="Dinas Contoh Terkirim")], jurors=jurors)
    response = committee_client.get(reverse("committee:dashboard", args=[national.year]))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    for text in [
        "Usulan per status",
        "Kemajuan penilaian juri",
        "Prof. Hendra",
        "Dr. Siti",
        "Unit yang belum mengirim",
    ]:
        assert text in html
    assert reverse("competitions:criteria", args=[national.year, stage(national, 2).pk]) in html
    assert "style=" not in html


def test_dashboard_query_count_is_the_same_for_10_and_1000_submissions(
    committee_client, django_assert_num_queries, national, jurors
):
    units = [UnitFactory() for _ in range(5)]
    url = reverse("committee:dashboard", args=[national.year])
    fill(national, 10, units=units, jurors=jurors)
    with django_assert_num_queries(13):
        assert committee_client.get(url).status_code == 200
    other = CategoryFactory(competition=national)
    Submission.objects.filter(competition=national).delete()
    fill(national, 1000, units=units, jurors=jurors, category=other)
    with django_assert_num_queries(13):
        response = committee_client.get(url)
    assert response.context["total"] == 1000


def test_dashboard_of_a_competition_without_stages_or_submissions(committee_client, db):
    services.competition_create(
        fields={"year": 2040, "title": "KIPP 2040", "submission_opens_at": OPENS, "submission_closes_at": CLOSES},
        actor=None,
        with_defaults=False,
    )
    response = committee_client.get(reverse("committee:dashboard", args=[2040]))
    assert response.status_code == 200
    assert response.context["stage_progress"] == []
    assert response.context["overdue"] == []
    assert "Belum ada tahap penilaian." in response.content.decode()
