"""Conflicts of interest: the hierarchy rule, declared and committee conflicts, and every entry point."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from judging.enums import ConflictSource, ScorecardStatus
from judging.models import Assignment, ConflictOfInterest, Scorecard
from judging.services.assignment import assignment_add, assignment_auto
from judging.services.conflicts import (
    conflict_declare,
    conflict_record,
    conflicted_pairs,
    is_conflicted,
    load_conflict_map,
    submission_conflict,
)
from judging.services.scoring import scorecard_save
from kipp.selectors import unit_parent_map
from tests.factories import JurorFactory, OperatorFactory

pytestmark = pytest.mark.django_db


def test_is_conflicted_juror_of_dinas_pendidikan_vs_smp_negeri_5(units, make_submission):
    juror = JurorFactory(unit=units["disdikbud"])
    school_submission = make_submission(unit=units["smpn5"], name="Si Kawan Duduk")

    conflict = submission_conflict(juror=juror, submission=school_submission)

    assert is_conflicted(juror, school_submission) is True
    assert (conflict.source, conflict.reason) == (
        "hierarchy",
        "Juri dari Dinas Pendidikan dan Kebudayaan; usulan dari SMP Negeri 5 Malang (satu garis organisasi).",
    )


def test_is_conflicted_school_juror_vs_its_dinas(units, make_submission):
    juror = JurorFactory(unit=units["smpn5"])

    assert is_conflicted(juror, make_submission(unit=units["disdikbud"])) is True


def test_is_conflicted_same_unit(units, make_submission):
    juror = JurorFactory(unit=units["dinkes"])

    assert is_conflicted(juror, make_submission(unit=units["dinkes"])) is True


@pytest.mark.parametrize(("juror_unit", "submission_unit"), [("smpn5", "smpn10"), ("dinkes", "smpn5"), (None, "smpn5")])
def test_is_conflicted_false_for_siblings_unrelated_and_external_jurors(
    units, make_submission, juror_unit, submission_unit
):
    juror = JurorFactory(unit=units[juror_unit] if juror_unit else None)

    assert is_conflicted(juror, make_submission(unit=units[submission_unit])) is False


def test_conflicted_pairs_matches_single_checks_with_one_parent_map(stage, units, seat, make_submission):
    dinas_juror = seat(JurorFactory(unit=units["disdikbud"]))
    external = seat(JurorFactory())
    school = make_submission(unit=units["smpn5"])
    health = make_submission(unit=units["dinkes"])
    ConflictOfInterest.objects.create(juror=external, submission=health, reason="Keluarga", source="declared")

    pairs = conflicted_pairs(stage, parent_by_id=unit_parent_map())

    assert {key: conflict.source for key, conflict in pairs.items()} == {
        (dinas_juror.pk, school.pk): "hierarchy",
        (external.pk, health.pk): "declared",
    }
    singles = {
        (juror.pk, submission.pk)
        for juror in (dinas_juror, external)
        for submission in (school, health)
        if is_conflicted(juror, submission)
    }
    assert singles == set(pairs)


def test_load_conflict_map_answers_many_pairs_in_fixed_queries(units, django_assert_num_queries, make_submission):
    jurors = [JurorFactory(unit=units["disdikbud"]) for _ in range(5)]
    submissions = [make_submission(unit=units["smpn5"]) for _ in range(20)]
    parent_map = unit_parent_map()

    with django_assert_num_queries(2):
        conflict_map = load_conflict_map(juror_ids=[j.pk for j in jurors], parent_by_id=parent_map)
        answers = {conflict_map.is_conflicted(j.pk, s.pk, s.unit_id) for j in jurors for s in submissions}

    assert answers == {True}


def test_the_unit_tree_is_read_only_when_a_unit_conflict_can_apply(units, make_submission):
    external = JurorFactory(unit=None)
    school_entry = make_submission(unit=units["smpn5"])

    with CaptureQueriesContext(connection) as queries:
        assert submission_conflict(juror=external, submission=school_entry) is None
    assert not any('"kipp_unit"' in query["sql"] for query in queries.captured_queries)

    # A conflict recorded on the dinas reaches its schools: then the tree is read, and the answer is right.
    ConflictOfInterest.objects.create(
        juror=external, unit=units["disdikbud"], reason="Mantan kepala dinas", source=ConflictSource.COMMITTEE
    )
    with CaptureQueriesContext(connection) as queries:
        conflict = submission_conflict(juror=external, submission=school_entry)
    assert conflict is not None
    assert conflict.source == ConflictSource.COMMITTEE
    assert any('"kipp_unit"' in query["sql"] for query in queries.captured_queries)


def test_conflict_declare_voids_assignment_and_keeps_scorecard(juror, assignment, criteria):
    card = scorecard_save(juror=juror, assignment=assignment, values={criteria[0].pk: 70})

    conflict = conflict_declare(juror=juror, assignment=assignment, reason="Saya pembina tim inovasi ini")

    assignment.refresh_from_db()
    assert (conflict.source, conflict.submission, conflict.reason) == (
        ConflictSource.DECLARED,
        assignment.submission,
        "Saya pembina tim inovasi ini",
    )
    assert assignment.voided_at is not None
    assert assignment.void_reason == "Juri menyatakan konflik kepentingan: Saya pembina tim inovasi ini"
    assert Scorecard.objects.filter(pk=card.pk, status=ScorecardStatus.DRAFT).exists()
    assert is_conflicted(juror, assignment.submission) is True


def test_conflict_declare_requires_reason(juror, assignment):
    with pytest.raises(ValidationError) as error:
        conflict_declare(juror=juror, assignment=assignment, reason=" ")

    assert error.value.message_dict == {"reason": ["Tuliskan alasan konflik kepentingan."]}
    assert ConflictOfInterest.objects.count() == 0


def test_conflict_declare_refuses_another_jurors_assignment(assignment):
    with pytest.raises(ValidationError) as error:
        conflict_declare(juror=JurorFactory(), assignment=assignment, reason="Iseng")

    assert error.value.messages == ["Penugasan ini bukan milik Anda."]
    assert ConflictOfInterest.objects.count() == 0


def test_conflict_record_on_submission_voids_assignment(committee, juror, assignment):
    conflict, voided = conflict_record(
        by=committee, juror=juror, submission=assignment.submission, reason="Istri juri anggota tim"
    )

    assignment.refresh_from_db()
    assert (conflict.source, voided) == (ConflictSource.COMMITTEE, 1)
    assert assignment.void_reason == "Konflik kepentingan dicatat panitia: Istri juri anggota tim"


def test_conflict_record_on_unit_voids_its_schools_assignments(committee, units, assign, make_submission):
    juror = JurorFactory()
    school = assign(juror, make_submission(unit=units["smpn5"]))
    other = assign(juror, make_submission(unit=units["dinkes"]))

    _conflict, voided = conflict_record(
        by=committee, juror=juror, unit=units["disdikbud"], reason="Mantan kepala dinas"
    )

    school.refresh_from_db()
    other.refresh_from_db()
    assert (voided, school.voided_at is not None, other.voided_at is None) == (1, True, True)


def test_conflict_record_refused_for_juror(juror, assignment):
    with pytest.raises(ValidationError) as error:
        conflict_record(by=juror, juror=juror, submission=assignment.submission, reason="x")

    assert error.value.messages == ["Hanya panitia yang dapat mencatat konflik kepentingan."]


def test_conflict_record_needs_a_target(committee, juror):
    with pytest.raises(ValidationError) as error:
        conflict_record(by=committee, juror=juror, reason="Tanpa sasaran")

    assert error.value.message_dict == {"submission": ["Pilih usulan atau unit yang berkonflik."]}


def test_manual_assignment_refuses_hierarchy_conflict(stage, committee, units, seat, make_submission):
    juror = seat(JurorFactory(unit=units["disdikbud"]))
    submission = make_submission(unit=units["smpn5"])

    with pytest.raises(ValidationError) as error:
        assignment_add(stage=stage, submission=submission, juror=juror, by=committee)

    assert error.value.message_dict["juror"][0].startswith(
        "Juri ini berkonflik kepentingan dengan usulan ini (Struktur organisasi): Juri dari Dinas Pendidikan"
    )
    assert Assignment.objects.count() == 0


def test_manual_assignment_refuses_declared_conflict(stage, committee, juror, assignment):
    conflict_declare(juror=juror, assignment=assignment, reason="Kerabat")

    with pytest.raises(ValidationError) as error:
        assignment_add(stage=stage, submission=assignment.submission, juror=juror, by=committee)

    assert error.value.message_dict == {
        "juror": ["Juri ini berkonflik kepentingan dengan usulan ini (Dinyatakan juri): Kerabat"]
    }


def test_auto_assignment_never_pairs_conflicted_juror(stage, committee, units, seat, make_submission):
    dinas_juror = seat(JurorFactory(unit=units["disdikbud"]))
    for _ in range(3):
        seat()
    school = make_submission(unit=units["smpn5"])

    assignment_auto(stage=stage, by=committee)

    assert set(Assignment.objects.filter(submission=school).values_list("juror_id", flat=True)).isdisjoint(
        {dinas_juror.pk}
    )
    assert Assignment.objects.filter(submission=school).count() == 3


def test_auto_assignment_voids_assignment_that_became_conflicted(stage, committee, units, assign, make_submission):
    juror = JurorFactory()
    assignment = assign(juror, make_submission(unit=units["smpn5"]))
    juror.unit = units["disdikbud"]
    juror.save()

    result = assignment_auto(stage=stage, by=committee, gaps_only=True)

    assignment.refresh_from_db()
    assert result.voided_conflicts == 1
    assert assignment.void_reason.startswith("Konflik kepentingan: Juri dari Dinas Pendidikan dan Kebudayaan")


# --- Pages -------------------------------------------------------------------------------------------


def test_declare_conflict_page_records_and_hides_assignment(juror_client, juror, assignment):
    url = reverse("judging:declare_conflict", args=[assignment.pk])

    response = juror_client.post(url, {"reason": "Saya pernah menjadi narasumber inovasi ini"})
    home = juror_client.get(reverse("judging:juror_home")).content.decode()

    assert response.status_code == 302
    assert ConflictOfInterest.objects.get().reason == "Saya pernah menjadi narasumber inovasi ini"
    assert "Konflik kepentingan tercatat. Anda tidak lagi menilai SIAPEL." in home
    assert juror_client.get(reverse("judging:scorecard", args=[assignment.pk])).status_code == 404


def test_declare_conflict_page_without_reason_shows_message(juror_client, assignment):
    response = juror_client.post(reverse("judging:declare_conflict", args=[assignment.pk]), {"reason": ""})

    assert response.status_code == 200
    assert "Tuliskan alasan konflik kepentingan." in response.content.decode()
    assert ConflictOfInterest.objects.count() == 0


def test_declare_conflict_page_of_another_juror_is_404(client, assignment):
    client.force_login(JurorFactory())

    response = client.post(reverse("judging:declare_conflict", args=[assignment.pk]), {"reason": "x"})

    assert response.status_code == 404
    assert ConflictOfInterest.objects.count() == 0


def test_scorecard_page_links_to_declare_conflict(juror_client, assignment):
    page = juror_client.get(reverse("judging:scorecard", args=[assignment.pk])).content.decode()

    assert reverse("judging:declare_conflict", args=[assignment.pk]) in page


def test_stage_conflicts_page_shows_hierarchy_conflict(committee_client, stage, units, seat, make_submission):
    seat(JurorFactory(unit=units["disdikbud"], full_name="Drs. Agus Santoso"))
    make_submission(unit=units["smpn5"], name="Si Kawan Duduk")

    page = committee_client.get(reverse("judging:stage_conflicts", args=[stage.pk])).content.decode()

    assert "Drs. Agus Santoso" in page
    assert "Si Kawan Duduk" in page
    assert "Struktur organisasi" in page


def test_stage_conflicts_page_records_committee_conflict(committee_client, stage, juror, assignment):
    response = committee_client.post(
        reverse("judging:stage_conflicts", args=[stage.pk]),
        {"juror": juror.pk, "submission": assignment.submission.pk, "unit": "", "reason": "Anak juri di tim"},
    )

    assignment.refresh_from_db()
    assert response.status_code == 302
    assert ConflictOfInterest.objects.get().source == ConflictSource.COMMITTEE
    assert assignment.voided_at is not None


def test_stage_conflicts_page_both_targets_shows_message(committee_client, stage, units, juror, assignment):
    response = committee_client.post(
        reverse("judging:stage_conflicts", args=[stage.pk]),
        {"juror": juror.pk, "submission": assignment.submission.pk, "unit": units["dinkes"].pk, "reason": "x"},
    )

    assert response.status_code == 200
    assert "Pilih usulan atau unit, tidak keduanya." in response.content.decode()
    assert ConflictOfInterest.objects.count() == 0


@pytest.mark.parametrize(("role", "expected"), [("juror", 403), ("operator", 403), ("anonymous", 302)])
def test_stage_conflicts_page_refused_for_non_committee(client, stage, juror, role, expected):
    if role == "juror":
        client.force_login(juror)
    elif role == "operator":
        client.force_login(OperatorFactory())

    response = client.post(reverse("judging:stage_conflicts", args=[stage.pk]), {"juror": juror.pk, "reason": "x"})

    assert response.status_code == expected
    assert ConflictOfInterest.objects.count() == 0


def test_conflict_declare_keeps_a_long_reason_whole(juror, assignment):
    reason = "Saya pernah menjadi konsultan unit ini selama tiga tahun. " * 5

    conflict_declare(juror=juror, assignment=assignment, reason=reason)

    assignment.refresh_from_db()
    assert assignment.void_reason == f"Juri menyatakan konflik kepentingan: {reason.strip()}"
    assert len(assignment.history.first().history_change_reason) == 100
