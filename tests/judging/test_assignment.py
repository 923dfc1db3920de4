"""Assignment: the balanced planner's properties, automatic and gap-only runs, manual add/remove, the board."""

import itertools
import random
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from judging.models import Assignment, JuryMember, Scorecard
from judging.services.assignment import (
    assignment_add,
    assignment_auto,
    assignment_remove,
    plan_assignment,
    stage_coverage,
)
from judging.services.conflicts import conflicted_pairs
from judging.services.scoring import scorecard_save
from kipp.enums import UnitKind
from submissions.enums import SubmissionStatus
from submissions.models import Submission
from tests.factories import JurorFactory, OperatorFactory, StageFactory, UnitFactory

pytestmark = pytest.mark.django_db


def loads_of(pairs, juror_ids):
    counts = Counter(juror for _sub, juror in pairs)
    return [counts[juror] for juror in juror_ids]


def random_instance(seed, submissions=200, jurors=15, conflict_rate=0.1):
    rng = random.Random(seed)
    sub_ids = list(range(1000, 1000 + submissions))
    juror_ids = list(range(1, jurors + 1))
    blocked = {(s, j) for s in sub_ids for j in juror_ids if rng.random() < conflict_rate}
    return sub_ids, juror_ids, blocked


# --- The pure planner --------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_plan_assignment_200_by_15_is_complete_balanced_conflict_free_and_deterministic(seed):
    sub_ids, juror_ids, blocked = random_instance(seed)

    plan = plan_assignment(submission_ids=sub_ids, juror_ids=juror_ids, per_submission=3, blocked=blocked)
    again = plan_assignment(
        submission_ids=list(reversed(sub_ids)), juror_ids=list(reversed(juror_ids)), per_submission=3, blocked=blocked
    )

    per_submission = Counter(sub for sub, _juror in plan.pairs)
    loads = loads_of(plan.pairs, juror_ids)
    assert set(per_submission.values()) == {3}
    assert len(per_submission) == 200
    assert max(loads) - min(loads) <= 1
    assert set(plan.pairs).isdisjoint(blocked)
    assert plan.pairs == again.pairs
    assert plan.shortfalls == {}


def test_plan_assignment_mixes_panels():
    plan = plan_assignment(submission_ids=list(range(60)), juror_ids=list(range(1, 16)), per_submission=3)

    panels = {}
    for sub, juror in plan.pairs:
        panels.setdefault(sub, set()).add(juror)
    partners = {juror: set() for juror in range(1, 16)}
    for panel in panels.values():
        for juror in panel:
            partners[juror] |= panel - {juror}
    assert min(len(p) for p in partners.values()) >= 6


def brute_force_best(sub_ids, juror_ids, per_submission, blocked):
    """Minimal sum of squared loads over every assignment with the highest possible coverage."""
    options = []
    for sub in sub_ids:
        free = [j for j in juror_ids if (sub, j) not in blocked]
        options.append(list(itertools.combinations(free, min(per_submission, len(free)))))
    best = None
    for choice in itertools.product(*options):
        counts = Counter(j for panel in choice for j in panel)
        cost = sum(counts[j] ** 2 for j in juror_ids)
        best = cost if best is None else min(best, cost)
    return best


@pytest.mark.parametrize("seed", range(12))
def test_plan_assignment_matches_brute_force_optimum_on_small_cases(seed):
    sub_ids, juror_ids, blocked = random_instance(seed, submissions=6, jurors=4, conflict_rate=0.35)

    plan = plan_assignment(submission_ids=sub_ids, juror_ids=juror_ids, per_submission=2, blocked=blocked)

    loads = loads_of(plan.pairs, juror_ids)
    assert sum(load**2 for load in loads) == brute_force_best(sub_ids, juror_ids, 2, blocked)


def test_plan_assignment_reports_shortfall_when_conflicts_leave_too_few_jurors():
    blocked = {(1, 1), (1, 2)}

    plan = plan_assignment(submission_ids=[1, 2], juror_ids=[1, 2, 3], per_submission=2, blocked=blocked)

    assert plan.pairs == [(1, 3), (2, 1), (2, 2)]
    assert plan.shortfalls == {1: 1}


def test_plan_assignment_keeps_fixed_pairs_and_fills_around_them():
    plan = plan_assignment(submission_ids=[1, 2, 3], juror_ids=[1, 2, 3], per_submission=2, fixed={1: {1, 2}, 2: {1}})

    assert plan.pairs == [(2, 3), (3, 2), (3, 3)]
    assert plan.loads == {1: 2, 2: 2, 3: 2}


# --- Automatic assignment in the database ------------------------------------------------------------


@pytest.fixture
def big_stage(stage):
    """200 eligible submissions and 15 jurors; three jurors belong to units with submissions in their family."""
    dinas = UnitFactory(name="Dinas Pendidikan dan Kebudayaan")
    schools = [UnitFactory(name=f"SMP Negeri {n} Malang", kind=UnitKind.SEKOLAH, parent=dinas) for n in range(1, 6)]
    health = UnitFactory(name="Dinas Kesehatan")
    others = [UnitFactory() for _ in range(10)]
    pool = schools + [health] + others
    Submission.objects.bulk_create(
        Submission(
            competition=stage.competition,
            unit=pool[index % len(pool)],
            name=f"Inovasi {index:03d}",
            status=SubmissionStatus.ELIGIBLE,
            stage=stage,
        )
        for index in range(200)
    )
    jurors = [JurorFactory(unit=dinas), JurorFactory(unit=schools[0]), JurorFactory(unit=health)]
    jurors += [JurorFactory() for _ in range(12)]
    JuryMember.objects.bulk_create(JuryMember(stage=stage, juror=juror) for juror in jurors)
    return stage


def active_pairs(stage):
    return sorted(
        Assignment.objects.filter(stage=stage, voided_at__isnull=True).values_list("submission_id", "juror_id")
    )


def test_assignment_auto_200_by_15_balanced_conflict_free_deterministic(big_stage, committee):
    result = assignment_auto(stage=big_stage, by=committee)
    first = active_pairs(big_stage)
    Assignment.objects.filter(stage=big_stage).delete()
    assignment_auto(stage=big_stage, by=committee)
    second = active_pairs(big_stage)

    per_submission = Counter(sub for sub, _juror in first)
    loads = Counter(juror for _sub, juror in first)
    conflicts = set(conflicted_pairs(big_stage))
    assert (result.created, result.shortfalls) == (600, {})
    assert set(per_submission.values()) == {3}
    assert len(per_submission) == 200
    assert max(loads.values()) - min(loads.values()) <= 1
    assert len(loads) == 15
    assert {(juror, sub) for sub, juror in first}.isdisjoint(conflicts)
    assert len(conflicts) > 0
    assert first == second


def test_assignment_auto_rerun_changes_nothing(big_stage, committee):
    assignment_auto(stage=big_stage, by=committee)
    before = list(Assignment.objects.filter(stage=big_stage).order_by("pk").values_list("pk", flat=True))

    result = assignment_auto(stage=big_stage, by=committee)

    assert (result.created, result.removed, result.kept) == (0, 0, 600)
    assert list(Assignment.objects.filter(stage=big_stage).order_by("pk").values_list("pk", flat=True)) == before


def test_assignment_auto_only_takes_submissions_that_reached_the_stage(stage, committee, seat, make_submission):
    for _ in range(3):
        seat()
    later = StageFactory(competition=stage.competition, order=stage.order + 1)
    reached = [make_submission(), make_submission(stage=later, status=SubmissionStatus.FINALIST)]
    make_submission(status=SubmissionStatus.WITHDRAWN)
    make_submission(status=SubmissionStatus.INELIGIBLE)
    make_submission(stage=None)
    make_submission(stage=StageFactory(competition=stage.competition, order=stage.order - 1))
    make_submission(competition=StageFactory().competition, stage=None)

    assignment_auto(stage=stage, by=committee)

    assert set(Assignment.objects.values_list("submission_id", flat=True)) == {s.pk for s in reached}


def test_assignment_auto_gaps_only_keeps_existing_and_fills_missing(stage, committee, seat, assign, make_submission):
    jurors = [seat() for _ in range(4)]
    covered, missing = make_submission(), make_submission()
    kept = [assign(juror, covered) for juror in jurors[:3]]

    result = assignment_auto(stage=stage, by=committee, gaps_only=True)

    assert result.created == 3
    assert set(Assignment.objects.filter(submission=covered).values_list("pk", flat=True)) == {a.pk for a in kept}
    assert Assignment.objects.filter(submission=missing, voided_at__isnull=True).count() == 3


def test_assignment_auto_full_run_keeps_started_scorecards(stage, committee, seat, assign, make_submission, criteria):
    jurors = [seat() for _ in range(6)]
    submission = make_submission()
    started = assign(jurors[5], submission)
    scorecard_save(juror=jurors[5], assignment=started, values={criteria[0].pk: 50})

    assignment_auto(stage=stage, by=committee)

    assert Assignment.objects.filter(submission=submission, voided_at__isnull=True).count() == 3
    assert Assignment.objects.filter(pk=started.pk, voided_at__isnull=True).exists()


def test_assignment_auto_never_reforms_a_removed_pair(stage, committee, seat, assign, make_submission):
    jurors = [seat() for _ in range(3)]
    submission = make_submission()
    removed = assign(jurors[0], submission)
    assignment_remove(assignment=removed, by=committee)

    result = assignment_auto(stage=stage, by=committee, gaps_only=True)

    assert result.shortfalls == {submission.pk: 1}
    assert set(Assignment.objects.filter(voided_at__isnull=True).values_list("juror_id", flat=True)) == {
        jurors[1].pk,
        jurors[2].pk,
    }


def test_assignment_auto_refused_after_stage_finished(stage, committee):
    stage.closes_at = timezone.now() - timezone.timedelta(hours=1)
    stage.save()

    with pytest.raises(ValidationError) as error:
        assignment_auto(stage=stage, by=committee)

    assert error.value.messages == ["Tahap ini sudah selesai; penugasan tidak dapat diubah lagi."]


def test_assignment_auto_refused_for_non_committee(stage, juror):
    with pytest.raises(ValidationError) as error:
        assignment_auto(stage=stage, by=juror)

    assert error.value.messages == ["Hanya panitia yang dapat mengatur penugasan juri."]


def test_stage_coverage_explains_each_gap(stage, committee, units, seat, make_submission):
    seat(JurorFactory(unit=units["disdikbud"]))
    seat()
    school = make_submission(unit=units["smpn5"], name="Si Kawan Duduk")
    assignment_auto(stage=stage, by=committee)

    coverage = stage_coverage(stage)

    assert [s.shortfall.message for s in coverage.submissions] == [
        "Hanya 1 dari 3 juri yang dibutuhkan. 1 juri berkonflik kepentingan. Panel tahap ini hanya 2 juri; tambah juri."
    ]
    assert coverage.submissions[0].pk == school.pk


# --- Manual assignment -------------------------------------------------------------------------------


def test_assignment_add_and_remove_unscored(stage, committee, seat, make_submission):
    juror = seat()
    submission = make_submission()

    assignment = assignment_add(stage=stage, submission=submission, juror=juror, by=committee)
    assignment_remove(assignment=assignment, by=committee, reason="Diganti juri lain")

    assignment.refresh_from_db()
    assert (assignment.voided_at is not None, assignment.void_reason) == (True, "Diganti juri lain")


def test_assignment_remove_with_scores_voids_and_keeps_history(
    stage, committee, seat, assign, make_submission, criteria
):
    juror = seat()
    assignment = assign(juror, make_submission())
    card = scorecard_save(juror=juror, assignment=assignment, values={criteria[0].pk: 66})

    assignment_remove(assignment=assignment, by=committee)

    assignment.refresh_from_db()
    assert (assignment.void_reason, Scorecard.objects.filter(pk=card.pk).exists()) == ("Dicabut oleh panitia", True)
    assert assignment.history.count() == 2


def test_assignment_add_restores_a_removed_assignment(stage, committee, seat, make_submission):
    juror = seat()
    submission = make_submission()
    assignment = assignment_add(stage=stage, submission=submission, juror=juror, by=committee)
    assignment_remove(assignment=assignment, by=committee)

    again = assignment_add(stage=stage, submission=submission, juror=juror, by=committee)

    assert (again.pk, again.voided_at) == (assignment.pk, None)


def test_assignment_add_refuses_juror_outside_panel_and_duplicates(stage, committee, seat, make_submission):
    submission = make_submission()
    member = seat()
    assignment_add(stage=stage, submission=submission, juror=member, by=committee)

    with pytest.raises(ValidationError) as outsider:
        assignment_add(stage=stage, submission=submission, juror=JurorFactory(), by=committee)
    with pytest.raises(ValidationError) as duplicate:
        assignment_add(stage=stage, submission=submission, juror=member, by=committee)

    assert outsider.value.message_dict == {"juror": ["Juri ini bukan anggota panel tahap ini."]}
    assert duplicate.value.message_dict == {"juror": ["Juri ini sudah ditugaskan pada usulan ini."]}


def test_assignment_add_refuses_submission_not_in_stage(stage, committee, seat, make_submission):
    with pytest.raises(ValidationError) as error:
        assignment_add(
            stage=stage, submission=make_submission(status=SubmissionStatus.WITHDRAWN), juror=seat(), by=committee
        )

    assert error.value.message_dict == {"submission": ["Usulan ini tidak berada pada tahap ini."]}


# --- The committee's board page ----------------------------------------------------------------------


def test_stage_assignments_page_runs_auto_assignment(committee_client, stage, seat, make_submission):
    for _ in range(3):
        seat()
    make_submission(name="SIAPEL")

    response = committee_client.post(
        reverse("judging:stage_assignments", args=[stage.pk]), {"action": "auto", "mode": "full"}
    )
    page = committee_client.get(response.url).content.decode()

    assert Assignment.objects.count() == 3
    assert "Penugasan otomatis selesai: 3 baru, 0 dihapus, 0 tetap, 0 dibatalkan karena konflik." in page


def test_stage_assignments_page_manual_conflict_shows_message(committee_client, stage, units, seat, make_submission):
    juror = seat(JurorFactory(unit=units["disdikbud"]))
    submission = make_submission(unit=units["smpn5"])

    response = committee_client.post(
        reverse("judging:stage_assignments", args=[stage.pk]),
        {"action": "manual", "manual-submission": submission.pk, "manual-juror": juror.pk},
    )

    assert response.status_code == 200
    assert "Juri ini berkonflik kepentingan dengan usulan ini (Struktur organisasi)" in response.content.decode()
    assert Assignment.objects.count() == 0


def test_stage_assignments_page_removes_assignment(committee_client, stage, seat, assign, make_submission):
    assignment = assign(seat(), make_submission())

    response = committee_client.post(reverse("judging:assignment_remove", args=[assignment.pk]))

    assignment.refresh_from_db()
    assert response.status_code == 302
    assert assignment.void_reason == "Dicabut oleh panitia"


def test_stage_assignments_page_lists_gaps_only(committee_client, stage, seat, assign, make_submission):
    jurors = [seat() for _ in range(3)]
    full = make_submission(name="Lengkap")
    for juror in jurors:
        assign(juror, full)
    make_submission(name="Kurang")

    page = committee_client.get(reverse("judging:stage_assignments", args=[stage.pk]) + "?kekurangan=1")

    content = page.content.decode()
    assert "Kurang" in content
    assert "<strong>Lengkap</strong>" not in content
    assert "Hanya 0 dari 3 juri yang dibutuhkan." in content


def test_stage_assignments_page_load_table_names_rows_and_keeps_counts_narrow(committee_client, stage, seat):
    seat(JurorFactory(full_name="Prof. Dr. Juri Yang Sangat Panjang, M.Si."))

    content = committee_client.get(reverse("judging:stage_assignments", args=[stage.pk])).content.decode()

    start = content.index('class="table table-sm kipp-load-table')
    table = content[start : content.index("</table>", start)]
    assert '<th scope="row" class="kipp-load-name fw-normal">Prof. Dr. Juri Yang Sangat Panjang, M.Si.</th>' in table
    assert table.count('class="text-end kipp-load-count"') == 6


@pytest.mark.parametrize("size", [2, 12])
def test_stage_assignments_page_query_count_is_constant(
    committee_client, stage, seat, make_submission, committee, size, django_assert_num_queries
):
    for _ in range(4):
        seat()
    for _ in range(size):
        make_submission()
    assignment_auto(stage=stage, by=committee)

    with django_assert_num_queries(12):
        response = committee_client.get(reverse("judging:stage_assignments", args=[stage.pk]))

    assert response.status_code == 200


@pytest.mark.parametrize(("role", "expected"), [("juror", 403), ("operator", 403), ("anonymous", 302)])
def test_stage_assignments_page_refused_for_non_committee(client, stage, seat, make_submission, role, expected):
    for _ in range(3):
        seat()
    make_submission()
    if role == "juror":
        client.force_login(JurorFactory())
    elif role == "operator":
        client.force_login(OperatorFactory())

    response = client.post(reverse("judging:stage_assignments", args=[stage.pk]), {"action": "auto", "mode": "full"})

    assert response.status_code == expected
    assert Assignment.objects.count() == 0
