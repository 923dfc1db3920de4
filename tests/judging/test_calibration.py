"""Calibration: Spearman with the leave-one-out panel, per-juror statistics, disputed submissions, the SVG."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from judging.calibration import average_ranks, spearman, stage_calibration
from judging.services.scoring import scorecard_save
from tests.factories import JurorFactory, OperatorFactory

pytestmark = pytest.mark.django_db


def test_average_ranks_share_ties():
    assert average_ranks([60, 70, 60, 55]) == [2.5, 4.0, 2.5, 1.0]


@pytest.mark.parametrize(
    ("xs", "ys", "expected"),
    [
        ([1, 2, 3, 4], [10, 20, 30, 45], 1.0),
        ([1, 2, 3, 4], [4, 3, 2, 1], -1.0),
        ([80, 60, 70, 50], [60, 70, 60, 55], 0.316228),
        ([1], [2], None),
        ([1, 2, 3], [5, 5, 5], None),
    ],
)
def test_spearman_hand_worked(xs, ys, expected):
    result = spearman(xs, ys)

    assert (round(result, 6) if result is not None else None) == expected


@pytest.fixture
def panel_scores(stage, seat, assign, make_submission, criteria):
    """Three jurors' totals on four submissions (total T is scored as T on Kebaruan and T/2 on Signifikansi).

         S1  S2  S3  S4
    A    80  60  70  50
    B    70  50  60  40
    C    50  90  60  70
    """
    novelty, impact = criteria
    jurors = {name: seat(JurorFactory(full_name=f"Juri {name}")) for name in "ABC"}
    submissions = {name: make_submission(name=name) for name in ("S1", "S2", "S3", "S4")}
    table = {"A": [80, 60, 70, 50], "B": [70, 50, 60, 40], "C": [50, 90, 60, 70]}
    for juror_name, totals in table.items():
        for submission_name, total in zip(("S1", "S2", "S3", "S4"), totals, strict=True):
            assignment = assign(jurors[juror_name], submissions[submission_name])
            scorecard_save(
                juror=jurors[juror_name],
                assignment=assignment,
                values={novelty.pk: total, impact.pk: Decimal(total) / 2},
                final=True,
            )
    return jurors, submissions


def test_stage_calibration_per_juror_statistics(stage, panel_scores):
    calibration = stage_calibration(stage)

    rows = {
        str(item.juror): (
            item.count,
            round(item.mean, 2),
            round(item.spread, 2),
            round(item.gap, 2),
            round(item.agreement, 4),
        )
        for item in calibration.jurors
    }
    assert rows["Juri A"] == (4, 65.0, 12.91, 3.75, 0.3162)
    assert rows["Juri B"][:4] == (4, 55.0, 12.91, -11.25)
    assert calibration.final_count == 12
    assert round(calibration.panel_mean, 4) == round((260 + 220 + 270) / 12, 4)


def test_stage_calibration_flags_harsh_juror(stage, panel_scores):
    flags = {str(item.juror): item.flags for item in stage_calibration(stage).jurors}

    assert flags["Juri B"] == ["Jauh lebih keras dari panel"]
    assert flags["Juri A"] == []


def test_stage_calibration_lists_largest_disagreements_first(stage, panel_scores):
    disagreements = stage_calibration(stage).disagreements

    assert [(d.submission.name, d.spread, d.flagged) for d in disagreements] == [
        ("S2", 40.0, True),
        ("S1", 30.0, True),
        ("S4", 30.0, True),
        ("S3", 10.0, False),
    ]
    assert [(str(t.juror), t.total) for t in disagreements[0].totals] == [
        ("Juri C", 90.0),
        ("Juri A", 60.0),
        ("Juri B", 50.0),
    ]


def test_stage_calibration_ignores_voided_assignments_and_drafts(stage, panel_scores, seat, assign, criteria):
    jurors, submissions = panel_scores
    voided = jurors["C"].assignments.get(submission=submissions["S2"])
    voided.voided_at = timezone.now()
    voided.save()
    late = seat(JurorFactory(full_name="Juri D"))
    scorecard_save(juror=late, assignment=assign(late, submissions["S1"]), values={criteria[0].pk: 100})

    calibration = stage_calibration(stage)

    counts = {str(item.juror): item.count for item in calibration.jurors}
    assert counts == {"Juri A": 4, "Juri B": 4, "Juri C": 3, "Juri D": 0}
    assert calibration.disagreements[0].submission.name in {"S1", "S4"}


def test_calibration_page_renders_svg_chart_with_escaped_names(committee_client, stage, panel_scores):
    jurors, _submissions = panel_scores
    jurors["A"].full_name = "<script>alert(1)</script>"
    jurors["A"].save()

    page = committee_client.get(reverse("judging:calibration", args=[stage.pk])).content.decode()

    assert page.count('<svg class="kipp-hist"') == 3
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Perlu dibahas" in page
    assert "Jauh lebih keras dari panel" in page
    assert reverse("judging:scorecard_review", args=[jurors["C"].assignments.first().scorecard.pk]) in page


@pytest.mark.parametrize("size", [2, 6])
def test_calibration_page_query_count_is_constant(
    committee_client, stage, seat, assign, make_submission, criteria, size, django_assert_num_queries
):
    jurors = [seat() for _ in range(3)]
    for index in range(size):
        submission = make_submission()
        for juror in jurors:
            scorecard_save(
                juror=juror,
                assignment=assign(juror, submission),
                values={criteria[0].pk: 50 + index, criteria[1].pk: 20},
                final=True,
            )

    with django_assert_num_queries(8):
        response = committee_client.get(reverse("judging:calibration", args=[stage.pk]))

    assert response.status_code == 200


@pytest.mark.parametrize(("role", "expected"), [("juror", 403), ("operator", 403), ("anonymous", 302)])
def test_calibration_page_refused_for_non_committee(client, stage, juror, role, expected):
    if role == "juror":
        client.force_login(juror)
    elif role == "operator":
        client.force_login(OperatorFactory())

    assert client.get(reverse("judging:calibration", args=[stage.pk])).status_code == expected
