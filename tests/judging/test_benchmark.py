"""The benchmark's data builder and measurements at a tiny scale, and the command end to end."""

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import dj_database_url
import pytest
from django.conf import settings
from django.db import connection

from competitions.models import Competition
from judging import benchmark
from judging.enums import ScorecardStatus
from judging.models import Assignment, JuryMember, Publication, Score, Scorecard, StageAdvancement
from judging.ranking import ranking_data
from judging.totals import juror_total
from kipp.enums import Role
from submissions.enums import SubmissionStatus
from submissions.models import Submission

SCALE_KEYS = {
    "submissions",
    "scores",
    "build_s",
    "repeat",
    "floor_ms",
    "ranking_ms",
    "ranking_ratio",
    "ranking_queries",
    "peak_mb",
    "peak_mb_method",
    "pages",
    "db",
    "maxrss_mb",
    "goals",
}
PAGE_KEYS = [page.key for page in benchmark.PAGES]


@pytest.mark.django_db
def test_build_competition_scores_every_submission_on_both_stages():
    data = benchmark.build_competition(submissions=20, past_years=())

    desk, presentation = data.desk_stage, data.presentation_stage
    assert Submission.objects.filter(competition=data.competition).count() == 20
    assert Assignment.objects.filter(stage=desk).count() == 60
    assert Assignment.objects.filter(stage=presentation).count() == 20 * benchmark.PRESENTATION_JURORS
    assert Score.objects.filter(scorecard__assignment__stage=desk).count() == 60 * 7
    assert Score.objects.filter(scorecard__assignment__stage=presentation).count() == 100 * 5
    assert data.scores == 60 * 7 + 100 * 5
    assert StageAdvancement.objects.filter(stage=desk, advanced=True).count() == 20
    assert sorted(desk.criteria.values_list("weight", flat=True)) == sorted(
        Decimal(weight) for _name, weight in benchmark.DESK_CRITERIA
    )


@pytest.mark.django_db
def test_build_competition_gives_each_submission_three_distinct_desk_jurors():
    data = benchmark.build_competition(submissions=40, past_years=())

    pairs = list(Assignment.objects.filter(stage=data.desk_stage).values_list("submission_id", "juror_id"))
    jurors_by_submission = {}
    for submission_id, juror_id in pairs:
        jurors_by_submission.setdefault(submission_id, set()).add(juror_id)
    assert {len(jurors) for jurors in jurors_by_submission.values()} == {3}
    assert JuryMember.objects.filter(stage=data.desk_stage).count() == benchmark.PRESENTATION_JURORS
    assert set(data.juror.groups.values_list("name", flat=True)) == {Role.JUROR}
    assert set(data.committee.groups.values_list("name", flat=True)) == {Role.COMMITTEE}


@pytest.mark.django_db
def test_build_competition_leaves_only_the_measured_scorecard_in_draft():
    data = benchmark.build_competition(submissions=12, past_years=())

    drafts = list(Scorecard.objects.filter(status=ScorecardStatus.DRAFT).values_list("pk", flat=True))
    assert drafts == [data.scorecard.pk]
    assert data.scorecard.assignment.juror_id == data.juror.pk
    assert data.scorecard.assignment.stage_id == data.presentation_stage.pk


@pytest.mark.django_db
def test_build_competition_advances_the_best_desk_scores_to_the_presentation():
    data = benchmark.build_competition(submissions=150, past_years=())

    advanced = StageAdvancement.objects.filter(stage=data.desk_stage, advanced=True)
    finalists = Submission.objects.filter(competition=data.competition, status=SubmissionStatus.FINALIST)
    assert advanced.count() == benchmark.FINALISTS
    assert set(finalists.values_list("pk", flat=True)) == set(advanced.values_list("submission_id", flat=True))
    lowest_advanced = min(advanced.values_list("stage_score", flat=True))
    highest_left_out = max(
        StageAdvancement.objects.filter(stage=data.desk_stage, advanced=False).values_list("stage_score", flat=True)
    )
    assert lowest_advanced >= highest_left_out


@pytest.mark.django_db
def test_build_competition_publishes_each_past_year_through_the_results_module():
    data = benchmark.build_competition(submissions=5, past_years=(2022, 2023))

    published = Publication.objects.filter(unpublished_at__isnull=True).order_by("competition__year")
    assert [publication.competition.year for publication in published] == [2022, 2023]
    assert [publication.entries.count() for publication in published] == [10, 10]
    assert data.competition.published_at is None


@pytest.mark.django_db
def test_publish_for_public_pages_finishes_and_publishes_the_measured_year():
    data = benchmark.build_competition(submissions=30, past_years=())

    assert benchmark.publish_for_public_pages(data) is None

    publication = Publication.objects.get(competition=data.competition)
    assert publication.entries.count() == 10
    assert Scorecard.objects.filter(status=ScorecardStatus.DRAFT).count() == 0


@pytest.mark.django_db
def test_floor_sums_every_score_once_per_submission():
    data = benchmark.build_competition(submissions=10, past_years=())
    sql, params = benchmark.stage_totals_sql([data.desk_stage.pk])

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        floor = {submission_id: Decimal(total).quantize(Decimal("0.01")) for submission_id, total in cursor}

    expected = {}
    for submission_id, value, weight, max_score in Score.objects.filter(
        scorecard__assignment__stage=data.desk_stage
    ).values_list("scorecard__assignment__submission_id", "value", "criterion__weight", "criterion__max_score"):
        expected[submission_id] = expected.get(submission_id, Decimal(0)) + value * weight / max_score
    assert floor == {key: total.quantize(Decimal("0.01")) for key, total in expected.items()}


@pytest.mark.django_db
def test_ranking_juror_totals_match_the_formula_for_whole_number_scores():
    data = benchmark.build_competition(submissions=6, past_years=())
    rows = Score.objects.filter(scorecard__assignment__stage=data.desk_stage).values_list(
        "scorecard__assignment__submission_id",
        "scorecard__assignment__juror_id",
        "value",
        "criterion__weight",
        "criterion__max_score",
    )
    expected = {}
    for submission_id, juror_id, value, weight, max_score in rows:
        expected.setdefault((submission_id, juror_id), []).append((value, weight, max_score))

    totals = ranking_data(Competition.objects.get(pk=data.competition.pk)).totals

    assert {
        (submission_id, juror_id): total
        for stage_id, submission_id, juror_id, total in totals
        if stage_id == data.desk_stage.pk
    } == {key: juror_total(scores) for key, scores in expected.items()}


@pytest.mark.django_db
def test_measure_scale_reports_every_number_for_every_page():
    data = benchmark.build_competition(submissions=20, past_years=(2023,))

    result = benchmark.measure_scale(data, repeat=1)

    assert set(result) >= SCALE_KEYS
    assert list(result["pages"]) == PAGE_KEYS
    for key, page in result["pages"].items():
        assert set(page) >= {"path", "queries", "ms", "bytes"}, (key, page)
    assert set(result["pages"]["public_results"]) >= {"hit_queries", "hit_ms"}
    assert result["db"]["vendor"] == connection.vendor
    assert result["submissions"] == 20
    assert result["floor_ms"] > 0
    if not result.get("ranking_missing"):
        assert result["ranking_queries"] > 0
        assert result["ranking_ratio"] == round(result["ranking_ms"] / result["floor_ms"], 2)
    json.dumps(result)


@pytest.mark.django_db
def test_measure_ranking_issues_the_same_queries_at_two_sizes():
    small = benchmark.build_competition(submissions=20, year=2040, past_years=())
    large = benchmark.build_competition(submissions=120, year=2041, past_years=())

    small_result = benchmark.measure_ranking(small, repeat=1)
    large_result = benchmark.measure_ranking(large, repeat=1)

    if small_result.get("missing"):
        pytest.fail(f"the ranking module is missing: {small_result['reason']}")
    assert small_result["ranking_queries"] == large_result["ranking_queries"]
    assert large_result["peak_mb"] > 0


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="JIT is a PostgreSQL setting")
@pytest.mark.django_db
def test_measure_jit_times_both_settings_and_restores_the_session():
    data = benchmark.build_competition(submissions=15, past_years=())
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        before = cursor.fetchone()[0]

    result = benchmark.measure_jit(data, repeat=1)

    assert set(result) == {"off", "on"}
    assert all(result[mode]["floor_ms"] > 0 and result[mode]["ranking_ms"] > 0 for mode in result)
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == before


@pytest.mark.django_db
def test_measure_page_reports_a_page_without_url_as_missing():
    data = benchmark.build_competition(submissions=5, past_years=())
    page = benchmark.Page("nowhere", None, ("judging:no_such_page",), lambda d: {})

    assert benchmark.measure_page(page, data, repeat=1) == {"missing": True, "reason": "no URL serves this page yet"}


@pytest.mark.django_db
def test_check_goals_flags_a_page_over_the_query_budget():
    result = {
        "ranking_ratio": 2.5,
        "peak_mb": 120.0,
        "pages": {"a": {"queries": 21, "ms": 10.0}, "b": {"queries": 5, "ms": 350.0}, "c": {"missing": True}},
    }

    assert benchmark.check_goals(result) == {
        "ranking_ratio_le_3": True,
        "peak_mb_lt_300": True,
        "pages_le_20_queries": False,
        "pages_lt_300_ms": False,
        "all_pages_present": False,
    }


@pytest.mark.django_db
def test_benchmark_command_prints_json_and_leaves_no_database_behind(tmp_path):
    """End to end in a subprocess, as a user runs it: JSON on stdout, progress on stderr, nothing left over."""
    out = tmp_path / "result.json"
    env = {**os.environ, "KIPP_VAR_DIR": str(tmp_path / "var")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    if connection.vendor == "postgresql":
        env["DATABASE_URL"] = os.environ["DATABASE_URL"]
    else:
        env.pop("DATABASE_URL", None)

    completed = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", "benchmark", "--submissions", "8", "--repeat", "1", "--out", str(out)],
        cwd=Path(settings.BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert completed.returncode == 0, completed.stderr
    printed = json.loads(completed.stdout)
    assert printed == json.loads(out.read_text(encoding="utf-8"))
    assert list(printed["scales"]) == ["custom-8"]
    assert printed["scales"]["custom-8"]["submissions"] == 8
    assert "creating the throwaway database" in completed.stderr
    assert "dropping the throwaway database" in completed.stderr
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            throwaway = f"test_{dj_database_url.parse(os.environ['DATABASE_URL'])['NAME']}_benchmark"
            cursor.execute("SELECT datname FROM pg_database WHERE datname = %s", [throwaway])
            assert cursor.fetchall() == []
    else:
        # The configured SQLite file was never even opened: the run lived in a temporary file.
        assert not (tmp_path / "var" / "kipp.sqlite3").exists()
