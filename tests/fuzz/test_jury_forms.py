"""Hypothesis drives the jury's forms (scorecard, conflict, panel, assignments, reopening) through the test
client: never a 500, never a stored score outside 0..max, never an active conflicted assignment."""

from decimal import Decimal

import pytest
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from judging.enums import ScorecardStatus
from judging.models import Assignment, ConflictOfInterest, JuryMember, Score, Scorecard
from tests.fuzz import strategies as s
from tests.fuzz.invariants import assert_answered, judging_area, rolled_back, text_is_storable
from tests.fuzz.profiles import extra_form
from tests.fuzz.worlds import jury_world

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]


@pytest.fixture
def world(db):
    return jury_world()


def versions() -> dict[int, int]:
    return dict(Scorecard.objects.values_list("assignment_id", "version"))


def scorecard_fields(world) -> dict:
    fields = {}
    for criterion in world.criteria:
        fields[f"score_{criterion.pk}"] = st.one_of(
            s.decimal_text("0", str(criterion.max_score)), s.digits(0, criterion.max_score), st.just("")
        )
        fields[f"comment_{criterion.pk}"] = st.one_of(st.just(""), st.text(max_size=60))
    fields["overall_note"] = st.text(max_size=60)
    fields["version"] = s.digits(0, 2)
    fields["action"] = st.sampled_from(["draft", "final"])
    return fields


def stored_as_typed(world, post) -> dict:
    """What a saved scorecard must hold per criterion: the typed number (comma or point), or nothing."""
    expected = {}
    for criterion in world.criteria:
        typed = post.get(f"score_{criterion.pk}", "")
        text = (typed[-1] if isinstance(typed, list) else typed).strip().replace(",", ".")
        expected[criterion.pk] = Decimal(text) if text else None
    return expected


@given(data=st.data())
def test_scorecard_form_never_fails_nor_stores_a_score_out_of_range(world, login, data):
    client = login(world.juror)
    assignment = data.draw(st.sampled_from(world.assignments), label="assignment")
    post = data.draw(s.form_data(scorecard_fields(world)), label="post")
    if data.draw(st.booleans(), label="foreign criterion"):
        post[f"score_{world.foreign_criterion.pk}"] = data.draw(s.hostile_number)
    before = versions()
    url = reverse("judging:scorecard", args=[assignment.pk])

    with rolled_back():
        response = client.post(url, post)

        assert_answered(response)
        after = versions()
        assert all(after.get(pk, 0) >= version for pk, version in before.items())
        assert Scorecard.objects.get(pk=world.assignments[2].scorecard.pk).status == ScorecardStatus.FINAL
        if response.status_code == 302:
            assert after[assignment.pk] == before.get(assignment.pk, 0) + 1
            stored = dict(Score.objects.filter(scorecard__assignment=assignment).values_list("criterion_id", "value"))
            assert stored_as_typed(world, post) == {pk: stored.get(pk) for pk in stored_as_typed(world, post)}
        else:
            assert after == before
        judging_area()


@given(reason=s.hostile_value)
@example(reason="x" * 3000)
def test_conflict_declaration_never_fails(world, login, reason):
    client = login(world.juror)
    assignment = world.assignments[0]

    with rolled_back():
        response = client.post(reverse("judging:declare_conflict", args=[assignment.pk]), {"reason": reason})

        assert_answered(response)
        declared = ConflictOfInterest.objects.filter(juror=world.juror, submission=assignment.submission).exists()
        voided = Assignment.objects.get(pk=assignment.pk).voided_at is not None
        assert declared == voided == (response.status_code == 302)
        judging_area()


def _committee_choice(world, pool):
    """An id the committee's form may receive: a valid one, another object's, or anything at all."""
    return st.one_of(st.sampled_from([str(obj.pk) for obj in pool]), s.digits(0, 10**6), s.hostile_value)


@given(data=st.data())
def test_manual_assignment_and_auto_assignment_never_fail(world, login, data):
    client = login(world.committee)
    action = data.draw(st.sampled_from(["manual", "auto", "", "other"]), label="action")
    post = {"action": action}
    post |= data.draw(
        s.form_data(
            {
                "manual-submission": _committee_choice(world, world.submissions),
                "manual-juror": _committee_choice(world, world.jurors),
                "mode": st.sampled_from(["full", "gaps"]),
            }
        ),
        label="post",
    )
    before = Assignment.objects.filter(voided_at__isnull=True).count()

    with rolled_back():
        response = client.post(reverse("judging:stage_assignments", args=[world.stage.pk]), post)

        assert_answered(response)
        if response.status_code == 200:
            assert Assignment.objects.filter(voided_at__isnull=True).count() == before
        judging_area()


@given(data=st.data())
def test_assignment_removal_never_fails(world, login, data):
    client = login(world.committee)
    assignment = data.draw(st.sampled_from(world.assignments), label="assignment")
    post = data.draw(s.form_data({"reason": st.text(max_size=80)}, hostile=s.hostile_value), label="post")

    with rolled_back():
        response = client.post(reverse("judging:assignment_remove", args=[assignment.pk]), post)

        assert_answered(response, {302})
        stored = Assignment.objects.get(pk=assignment.pk)
        assert stored.voided_at is not None
        assert stored.void_reason.strip()
        judging_area()


@extra_form
@given(data=st.data())
def test_conflict_record_never_fails(world, login, data):
    client = login(world.committee)
    post = data.draw(
        s.form_data(
            {
                "juror": _committee_choice(world, world.jurors),
                "submission": st.one_of(st.just(""), _committee_choice(world, world.submissions)),
                "unit": st.one_of(st.just(""), _committee_choice(world, world.units)),
                "reason": st.text(min_size=1, max_size=80),
            },
            hostile=s.hostile_value,
        ),
        label="post",
    )
    before = ConflictOfInterest.objects.count()

    with rolled_back():
        response = client.post(reverse("judging:stage_conflicts", args=[world.stage.pk]), post)

        assert_answered(response)
        assert ConflictOfInterest.objects.count() == before + (response.status_code == 302)
        judging_area()


@extra_form
@given(data=st.data())
def test_jury_panel_forms_never_fail(world, login, data):
    client = login(world.committee)
    action = data.draw(st.sampled_from(["add", "create", ""]), label="action")
    post = {"action": action}
    post |= data.draw(
        s.form_data(
            {
                "add-jurors": st.lists(st.sampled_from([str(j.pk) for j in world.jurors]), max_size=3),
                "new-full_name": st.text(min_size=1, max_size=60),
                "new-email": st.emails(),
                "new-title": st.text(max_size=60),
                "new-unit": st.one_of(st.just(""), _committee_choice(world, world.units)),
            }
        ),
        label="post",
    )
    before = JuryMember.objects.filter(stage=world.stage).count()

    with rolled_back():
        response = client.post(reverse("judging:stage_jury", args=[world.stage.pk]), post)

        assert_answered(response)
        members = JuryMember.objects.filter(stage=world.stage).count()
        assert members == before if response.status_code == 200 else members > before
        judging_area()


@extra_form
@given(reason=s.hostile_value)
def test_scorecard_reopen_never_fails(world, login, reason):
    client = login(world.committee)
    card = world.assignments[2].scorecard

    with rolled_back():
        response = client.post(reverse("judging:scorecard_review", args=[card.pk]), {"reason": reason})

        assert_answered(response)
        stored = Scorecard.objects.get(pk=card.pk)
        expected = ScorecardStatus.DRAFT if response.status_code == 302 else ScorecardStatus.FINAL
        assert (stored.status, stored.version) == (expected, 1 + (response.status_code == 302))
        judging_area()


def test_conflict_declaration_with_combining_marks_keeps_the_history_column(world, login):
    client = login(world.juror)
    reason = "Saya pernah membimbing tim ini: " + "e\u0301\u0323" * 60

    response = client.post(reverse("judging:declare_conflict", args=[world.assignments[0].pk]), {"reason": reason})

    assert response.status_code == 302
    text_is_storable(("judging",))
