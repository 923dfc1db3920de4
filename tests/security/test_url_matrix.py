"""Role x URL matrix (issue 7, point 1): every URL of the URLconf, eight personas, GET and POST.

`test_every_url_has_a_policy_row` fails when a page is added without a row in `policy.POLICY` (and the tests
of the test show that it does); `test_role_url_matrix_matches_the_policy` requests every cell, each variant
and every object URL again with neighbouring ids, and reports all mismatches in one table.
"""

import pytest
from django.test import override_settings

from tests.security import matrix
from tests.security.policy import KNOWN_BUG_CELLS, KNOWN_BUGS, PERSONAS, POLICY, cells, row

pytestmark = pytest.mark.django_db


# Coverage ----------------------------------------------------------------------------------------


def test_every_url_has_a_policy_row():
    missing, stale = matrix.coverage_problems(POLICY)

    assert (missing, stale) == ([], [])


@override_settings(ROOT_URLCONF="tests.security.urls_unlisted")
def test_coverage_check_names_every_url_added_without_a_policy_row():
    missing, stale = matrix.coverage_problems(POLICY)

    assert missing == ["unlisted_page", "security_probe:nested", "<tanpa nama: /keamanan/tanpa-nama/>"]
    assert stale == []


def test_coverage_check_names_policy_rows_whose_url_is_gone():
    policy = {**POLICY, "submissions:halaman_lama": row("login ok ok ok ok ok ok ok")}

    missing, stale = matrix.coverage_problems(policy)

    assert (missing, stale) == ([], ["submissions:halaman_lama"])


def test_enumeration_follows_includes_and_leaves_the_admin_out():
    patterns = matrix.patterns_by_name()

    assert patterns["results:forwarding_pdf"].route == "/peringkat/<int:year>/penerusan/<int:pk>.pdf"
    assert patterns["results:forwarding_pdf"].kwargs == ("year", "pk")
    assert patterns["home"].route == "/"
    assert [name for name in patterns if name.startswith("admin:") or patterns[name].route.startswith("/admin/")] == []


def test_policy_cells_are_spelled_right():
    with pytest.raises(ValueError, match="policy cells must be 8"):
        cells("ok ok ok")
    with pytest.raises(ValueError, match="policy cells must be 8"):
        cells("ok ok ok ok ok ok ok 200")


# The matrix --------------------------------------------------------------------------------------


def test_role_url_matrix_matches_the_policy(world, capsys):
    all_cells = matrix.matrix_cells(POLICY, world, PERSONAS)

    mismatches = matrix.run_cells(all_cells, world)

    unexpected = [(cell, problem) for cell, problem in mismatches if cell.key not in KNOWN_BUG_CELLS]
    main = sum(1 for cell in all_cells if cell.kind == matrix.MAIN)
    with capsys.disabled():
        print(
            f"\nURL matrix: {len(all_cells)} cells checked, {len(unexpected)} mismatches "
            f"({len(POLICY)} URL names x {len(PERSONAS)} personas x {len(matrix.METHODS)} methods = {main} cells, "
            f"plus {len(all_cells) - main} variant and neighbouring-id probes; "
            f"{len(mismatches) - len(unexpected)} cells of {len(KNOWN_BUGS)} known bugs tracked as strict xfails)"
        )
    assert unexpected == [], "\n" + matrix.mismatch_table(unexpected)
    assert set(KNOWN_BUG_CELLS) <= {cell.key for cell in all_cells}, "a known bug names no cell"


@pytest.mark.parametrize(
    "bug",
    [pytest.param(bug, marks=pytest.mark.xfail(strict=True, reason=why)) for bug, (why, _cells) in KNOWN_BUGS.items()],
)
def test_known_bug_is_still_there(world, bug):
    """Strict xfail per known bug: when its cells match the policy, this passes and fails the run."""
    known = [cell for cell in matrix.matrix_cells(POLICY, world, PERSONAS) if KNOWN_BUG_CELLS.get(cell.key) == bug]

    mismatches = matrix.run_cells(known, world)

    assert len(known) == len(KNOWN_BUGS[bug][1])
    assert mismatches == [], "\n" + matrix.mismatch_table(mismatches)


# Tests of the runner -----------------------------------------------------------------------------


def test_matrix_reports_a_wrong_expectation(world):
    policy = {**POLICY, "home": row("403 ok ok ok ok ok ok ok", "405 405 405 405 405 405 405 405")}
    home = [cell for cell in matrix.matrix_cells(policy, world, PERSONAS) if cell.name == "home"]

    mismatches = matrix.run_cells(home, world)

    assert [(cell.persona, cell.method, problem) for cell, problem in mismatches] == [("anonymous", "GET", "got ok")]


def test_matrix_reports_a_secret_on_a_refused_page_and_a_refused_post_that_writes(world):
    """Two cells claimed refused that are not: the owner's detail page (whose title is no secret to the owner,
    so only the outcome is wrong) and the committee archiving a year, which writes."""
    sentinel = matrix.Cell(
        "submissions:detail", "", matrix.MAIN, "operator_own", "GET",
        f"/usulan/{world.value('sentinel')}/", frozenset({"404"}),
    )  # fmt: skip
    archive = matrix.Cell(
        "competitions:archive", "", matrix.MAIN, "committee", "POST",
        f"/kompetisi/panitia/{world.value('live_year')}/arsip/", frozenset({"403"}),
    )  # fmt: skip

    mismatches = dict(matrix.run_cells([sentinel, archive], world))

    assert mismatches[sentinel] == "got ok"
    assert mismatches[archive] == (
        "got ok; refused POST changed "
        "competitions.HistoricalCompetition, competitions.Competition, competitions.CompetitionChange"
    )


def test_matrix_reports_a_secret_shown_to_a_persona_that_may_not_read_it(world, monkeypatch):
    """Juror A reads its own comment; a BLIND rule that forbade it would be reported on that page."""
    from tests.security import sentinels

    monkeypatch.setitem(sentinels.BLIND, sentinels.JUROR_A_COMMENT, frozenset({"committee"}))
    cell = matrix.Cell(
        "judging:scorecard", "", matrix.MAIN, "juror_assigned", "GET",
        f"/penilaian/tugas/{world.value('assignment_a')}/", frozenset({"ok"}),
    )  # fmt: skip

    assert matrix.run_cells([cell], world) == [(cell, "shows 'KOMENTAR-JURI-A-9931'")]
