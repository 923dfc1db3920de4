"""Hypothesis drives the committee's configuration forms (new year, settings, stages, criteria, rubric,
award tiers, categories, documents, copy) through the test client: never a 500, and whatever is saved
keeps every rule of the competition (weights add up to 100, scores and places within range)."""

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from competitions.enums import PROPOSAL_SECTIONS, RankingMethod, StageKind
from competitions.models import Competition, CompetitionChange
from competitions.services import (
    CATEGORY_FIELDS,
    CRITERION_FIELDS,
    REQUIREMENT_FIELDS,
    RUBRIC_FIELDS,
    STAGE_FIELDS,
    TIER_FIELDS,
)
from tests.fuzz import strategies as s
from tests.fuzz.formsets import formset_post, mutated_post, override_post, posted, saved_rows
from tests.fuzz.invariants import assert_answered, competitions_area, rolled_back
from tests.fuzz.profiles import extra_form
from tests.fuzz.worlds import config_world

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]


@pytest.fixture
def world(db):
    world = config_world()
    # The presentation stage already has a score: its criteria and weight change only with an override.
    locked = world.scoring[-1]
    locked.scoring_started_at = timezone.now()
    locked.save(update_fields=["scoring_started_at"])
    world.locked = locked
    return world


def name_text():
    return st.text(min_size=1, max_size=40)


def post_and_check(client, url, body, *, ok=frozenset({200, 302})):
    changes = CompetitionChange.objects.count()
    with rolled_back():
        response = client.post(url, body)

        assert_answered(response, ok)
        if response.status_code == 200:
            assert CompetitionChange.objects.count() == changes, "a refused form must not log a change"
        competitions_area()
    return response


@given(data=st.data())
def test_new_competition_form_never_fails(world, login, data):
    now = world.now
    body = data.draw(
        s.form_data(
            {
                "year": s.digits(1990, 2110),
                "title": name_text(),
                "submission_opens_at": s.moment(now, days_before=30, days_after=30),
                "submission_closes_at": s.moment(now, days_before=10, days_after=90),
                "top_n": s.digits(0, 600),
                "start": st.sampled_from(["national", "empty"]),
            }
        )
    )
    post_and_check(login(world.committee), reverse("competitions:create"), body)


def settings_fields(world) -> dict:
    now = world.now
    fields = {
        "year": s.digits(1990, 2110),
        "title": name_text(),
        "description": st.text(max_size=80),
        "rules": st.text(max_size=80),
        "eligibility": st.text(max_size=80),
        "how_to_submit": st.text(max_size=80),
        "is_announced": s.checkbox(),
        "submission_opens_at": s.moment(now, days_before=30, days_after=10),
        "submission_closes_at": s.moment(now, days_before=5, days_after=60),
        "revision_deadline": st.one_of(st.just(""), s.moment(now, days_before=5, days_after=60)),
        "min_months_in_operation": s.digits(0, 40000),
        "max_submissions_per_unit": s.digits(0, 40000),
        "top_n": s.digits(0, 600),
        "requires_parent_endorsement": s.checkbox(),
        "ranking_method": st.sampled_from(RankingMethod.values),
        "signatory_name": st.text(max_size=40),
        "signatory_title": st.text(max_size=40),
        "ceremony_date": st.one_of(st.just(""), st.dates().map(lambda d: d.isoformat())),
    }
    for key, _label, _default in PROPOSAL_SECTIONS:
        fields[f"word_limit_{key}"] = s.digits(0, 6000)
    return fields


@given(data=st.data())
def test_settings_form_never_fails(world, login, data):
    competition = world.competition
    baseline = {}
    for name in settings_fields(world):
        if name.startswith("word_limit_"):
            baseline[name] = str(competition.word_limits[name.removeprefix("word_limit_")])
        elif (value := posted(getattr(competition, name))) is not None:
            baseline[name] = value
    body = data.draw(mutated_post(baseline, settings_fields(world)))
    url = reverse("competitions:settings", kwargs={"year": competition.year})

    response = post_and_check(login(world.committee), url, body)

    if response.status_code == 302:
        assert Competition.objects.filter(pk=competition.pk).exists()


def stage_fields(world) -> dict:
    now = world.now
    return {
        "order": s.digits(1, 8),
        "name": name_text(),
        "kind": st.sampled_from(StageKind.values),
        "description": st.text(max_size=60),
        "opens_at": s.moment(now, days_before=15, days_after=60),
        "closes_at": s.moment(now, days_before=5, days_after=90),
        "advance_count": st.one_of(st.just(""), s.digits(0, 100)),
        "weight": s.decimal_text("0", "100"),
        "jurors_per_submission": s.digits(0, 25),
    }


@given(data=st.data())
def test_stages_formset_never_fails(world, login, data):
    competition = world.competition
    rows = saved_rows(competition.stages.order_by("order"), STAGE_FIELDS)
    body = data.draw(
        formset_post(
            prefix="stages", rows=rows, fields=stage_fields(world), foreign=[s.pk for s in world.other.stages.all()]
        )
    )
    body |= data.draw(override_post())
    url = reverse("competitions:stages", kwargs={"year": competition.year})

    post_and_check(login(world.committee), url, body)


def criterion_fields() -> dict:
    return {
        "order": s.digits(0, 20),
        "name": name_text(),
        "guidance": st.text(max_size=60),
        "weight": s.decimal_text("0.01", "100"),
        "max_score": s.digits(0, 1100),
    }


@given(data=st.data())
def test_criteria_formset_never_fails(world, login, data):
    stage = data.draw(st.sampled_from(world.scoring), label="stage")
    rows = saved_rows(stage.criteria.order_by("order", "pk"), CRITERION_FIELDS, fk="stage")
    foreign = [c.pk for other in world.scoring if other != stage for c in other.criteria.all()]
    body = data.draw(
        formset_post(
            prefix="criteria", rows=rows, fields=criterion_fields(), fk=("stage", str(stage.pk)), foreign=foreign
        )
    )
    body |= data.draw(override_post())
    url = reverse("competitions:criteria", kwargs={"year": world.competition.year, "stage_id": stage.pk})

    post_and_check(login(world.committee), url, body)


@given(data=st.data())
def test_rubric_formset_never_fails(world, login, data):
    criterion = data.draw(
        st.sampled_from([world.criterion, world.locked.criteria.order_by("order").first()]), label="criterion"
    )
    rows = saved_rows(criterion.rubric_levels.order_by("min_score"), RUBRIC_FIELDS, fk="criterion")
    fields = {
        "min_score": s.digits(0, 120),
        "max_score": s.digits(0, 120),
        "label": name_text(),
        "description": st.text(max_size=60),
    }
    foreign = [level.pk for level in world.scoring[0].criteria.exclude(pk=criterion.pk).first().rubric_levels.all()]
    body = data.draw(
        formset_post(prefix="levels", rows=rows, fields=fields, fk=("criterion", str(criterion.pk)), foreign=foreign)
    )
    body |= data.draw(override_post())
    url = reverse("competitions:rubric", kwargs={"year": world.competition.year, "criterion_id": criterion.pk})

    post_and_check(login(world.committee), url, body)


def _simple_formset(world, data, *, page, prefix, objects, fields_saved, fields, foreign):
    competition = world.competition
    rows = saved_rows(objects, fields_saved, fk="competition")
    body = data.draw(
        formset_post(prefix=prefix, rows=rows, fields=fields, fk=("competition", str(competition.pk)), foreign=foreign)
    )
    return reverse(f"competitions:{page}", kwargs={"year": competition.year}), body


@given(data=st.data())
def test_award_tiers_formset_never_fails(world, login, data):
    url, body = _simple_formset(
        world,
        data,
        page="tiers",
        prefix="tiers",
        objects=world.competition.award_tiers.order_by("first_place"),
        fields_saved=TIER_FIELDS,
        fields={"name": name_text(), "first_place": s.digits(0, 12), "last_place": s.digits(0, 12)},
        foreign=[tier.pk for tier in world.other.award_tiers.all()],
    )
    post_and_check(login(world.committee), url, body)


@extra_form
@given(data=st.data())
def test_categories_formset_never_fails(world, login, data):
    url, body = _simple_formset(
        world,
        data,
        page="categories",
        prefix="categories",
        objects=world.competition.categories.order_by("order", "name"),
        fields_saved=CATEGORY_FIELDS,
        fields={"order": s.digits(0, 40000), "name": name_text(), "description": st.text(max_size=60)},
        foreign=[category.pk for category in world.other.categories.all()],
    )
    post_and_check(login(world.committee), url, body)


@extra_form
@given(data=st.data())
def test_required_documents_formset_never_fails(world, login, data):
    url, body = _simple_formset(
        world,
        data,
        page="requirements",
        prefix="requirements",
        objects=world.competition.attachment_requirements.order_by("order", "pk"),
        fields_saved=REQUIREMENT_FIELDS,
        fields={
            "order": s.digits(0, 40000),
            "code": st.one_of(st.just(""), st.from_regex(r"[a-z0-9-]{1,20}", fullmatch=True)),
            "name": name_text(),
            "description": st.text(max_size=60),
            "is_required": s.checkbox(),
        },
        foreign=[requirement.pk for requirement in world.other.attachment_requirements.all()],
    )
    post_and_check(login(world.committee), url, body)


@extra_form
@given(data=st.data())
def test_copy_form_never_fails(world, login, data):
    body = data.draw(s.form_data({"year": s.digits(1990, 2110), "title": st.text(max_size=40)}))
    url = reverse("competitions:copy", kwargs={"year": world.competition.year})

    post_and_check(login(world.committee), url, body)


def formset_body(prefix, rows, extra=None):
    rows = rows + ([extra] if extra else [])
    body = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(len(rows) - bool(extra)),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for name, value in row.items():
            body[f"{prefix}-{index}-{name}"] = value
    return body


def test_new_stage_with_a_snan_weight_is_refused_with_a_message(world, login):
    rows = saved_rows(world.competition.stages.order_by("order"), STAGE_FIELDS)
    new = {"order": "4", "name": "Tahap tambahan", "kind": "scoring", "weight": "sNaN", "jurors_per_submission": "3"}
    url = reverse("competitions:stages", kwargs={"year": world.competition.year})

    response = login(world.committee).post(url, formset_body("stages", rows, new))

    assert response.status_code == 200
    assert "Masukkan sebuah bilangan." in response.content.decode()


def test_new_criterion_with_a_snan_weight_is_refused_with_a_message(world, login):
    stage = world.scoring[0]
    rows = saved_rows(stage.criteria.order_by("order", "pk"), CRITERION_FIELDS, fk="stage")
    new = {"stage": str(stage.pk), "order": "3", "name": "Dampak", "weight": "sNaN", "max_score": "100"}
    url = reverse("competitions:criteria", kwargs={"year": world.competition.year, "stage_id": stage.pk})

    response = login(world.committee).post(url, formset_body("criteria", rows, new))

    assert response.status_code == 200
    assert "Masukkan sebuah bilangan." in response.content.decode()
