"""The juror's two busiest requests stay lean: the assignment list and the scorecard's draft save.

Query counts are exact (a page that starts to grow fails); the other tests check that what was made
lazy is still there when it is shown or needed.
"""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from competitions.enums import PROPOSAL_SECTIONS
from judging.enums import ConflictSource
from judging.models import ConflictOfInterest, Scorecard
from judging.services.scoring import scorecard_save
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def scorecard_url(assignment):
    return reverse("judging:scorecard", args=[assignment.pk])


def draft(criteria, version, **extra):
    novelty, impact = criteria
    return {
        f"score_{novelty.pk}": "80",
        f"score_{impact.pk}": "40",
        "version": str(version),
        "action": "draft",
        **extra,
    }


def test_draft_save_through_the_page_reads_no_proposal_no_rubric_and_no_unit_tree(
    juror_client, juror, assignment, criteria, django_assert_num_queries
):
    # As the load test does: the stage has started and the draft sends the scores already stored.
    scorecard_save(juror=juror, assignment=assignment, values={criteria[0].pk: 80, criteria[1].pk: 40})
    version = Scorecard.objects.get(assignment=assignment).version
    # Session, user, roles, the assignment with its stage and scorecard, the criteria; in the transaction
    # (2 statements): the stage id, the stage (locked first on PostgreSQL: 1 more), the locked assignment,
    # jury membership, the juror's unit, its recorded conflicts, the scorecard, the criteria, the scorecard's
    # validation (2), its update and history row, the scores (unchanged: no write).
    expected = 20 + (connection.vendor == "postgresql")

    with CaptureQueriesContext(connection) as queries, django_assert_num_queries(expected):
        response = juror_client.post(scorecard_url(assignment), draft(criteria, version))

    assert response.status_code == 302
    sql = "\n".join(query["sql"] for query in queries.captured_queries)
    assert '"submissions_submission"."summary"' not in sql  # no proposal text
    assert "competitions_rubriclevel" not in sql
    assert '"kipp_unit"' not in sql
    assert 'UPDATE "competitions_stage"' not in sql  # already started: no UPDATE
    assert Scorecard.objects.get(assignment=assignment).version == version + 1


def test_first_score_still_marks_the_stage_started(juror, assignment, criteria):
    scorecard_save(juror=juror, assignment=assignment, values={criteria[0].pk: 50})

    assignment.stage.refresh_from_db()
    assert assignment.stage.scoring_started_at is not None


def test_juror_with_a_unit_is_still_checked_against_the_unit_tree(juror, assign, make_submission, criteria):
    """The unit tree is read on first use: for a juror with a unit, as before."""
    dinas = UnitFactory(name="Dinas Pendidikan")
    school = UnitFactory(name="SMP Negeri 5", parent=dinas)
    juror.unit = dinas
    juror.save()
    assignment = assign(juror, make_submission(unit=school))

    with pytest.raises(ValidationError, match="Struktur organisasi"):
        scorecard_save(juror=juror, assignment=assignment, values={criteria[0].pk: 50})


def test_recorded_unit_conflict_of_an_external_juror_still_refuses_the_save(
    juror, assign, make_submission, criteria, committee
):
    dinas = UnitFactory(name="Dinas Pendidikan")
    school = UnitFactory(name="SMP Negeri 5", parent=dinas)
    assignment = assign(juror, make_submission(unit=school))
    ConflictOfInterest.objects.create(
        juror=juror, unit=dinas, source=ConflictSource.COMMITTEE, reason="Mantan kepala dinas", created_by=committee
    )

    with pytest.raises(ValidationError, match="berkonflik kepentingan"):
        scorecard_save(juror=juror, assignment=assignment, values={criteria[0].pk: 50})


def test_refused_save_renders_the_whole_page_with_the_stored_version_and_total(
    juror_client, juror, make_submission, assign, criteria
):
    texts = {key: f"Isi bagian {key}." for key, _label, _limit in PROPOSAL_SECTIONS}
    assignment = assign(juror, make_submission(name="KOPI TUBRUK", acronym_meaning="Kopi Tubruk Rakyat", **texts))
    novelty, impact = criteria
    scorecard_save(juror=juror, assignment=assignment, values={novelty.pk: 80, impact.pk: 25})
    stored = Scorecard.objects.get(assignment=assignment).version

    response = juror_client.post(scorecard_url(assignment), draft(criteria, stored - 1))

    page = response.content.decode()
    assert response.status_code == 200
    assert "baru saja disimpan dari jendela atau perangkat lain" in page
    assert all(f"Isi bagian {key}." in page for key in texts)
    assert "Kopi Tubruk Rakyat" in page
    assert assignment.submission.unit.name in page
    assert "Sangat baik" in page  # the rubric
    assert f'name="version" value="{stored}"' in page
    assert 'data-total aria-live="polite">62,00<' in page  # 80/100 × 40 + 25/50 × 60, as stored
    assert 'value="80"' in page  # what the juror typed is kept


def test_invalid_post_keeps_what_was_typed(juror_client, assignment, criteria):
    response = juror_client.post(scorecard_url(assignment), draft(criteria, 0, **{f"score_{criteria[0].pk}": "abc"}))

    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="abc"' in page
    assert "Masukkan angka" in page
    assert "SIAPEL" in page


def test_assignment_list_links_each_row_to_its_scorecard_with_unit_and_acronym(
    juror_client, juror, assign, make_submission, criteria
):
    short = UnitFactory(name="Dinas Kesehatan", short_name="Dinkes")
    plain = UnitFactory(name="Kelurahan Bakalankrajan", short_name="")
    first = assign(juror, make_submission(name="Alfa", unit=short, acronym_meaning="Antrean Layanan Faskes"))
    second = assign(juror, make_submission(name="Bravo", unit=plain, acronym_meaning=""))
    scorecard_save(juror=juror, assignment=first, values={criteria[0].pk: 80})

    page = juror_client.get(reverse("judging:juror_home")).content.decode()

    assert f'href="{scorecard_url(first)}">Alfa</a>' in page
    assert f'href="{scorecard_url(second)}">Bravo</a>' in page
    assert ">Dinkes · Antrean Layanan Faskes</div>" in page
    assert ">Kelurahan Bakalankrajan</div>" in page
    assert re.search(r"Alfa</a>.*?>Draf</span>", page, re.S)
    assert re.search(r"Bravo</a>.*?>Belum dinilai</span>", page, re.S)


def test_assignment_list_escapes_names(juror_client, juror, assign, make_submission):
    assign(juror, make_submission(name="<b>Tebal</b>", acronym_meaning="A & B"))

    page = juror_client.get(reverse("judging:juror_home")).content.decode()

    assert "&lt;b&gt;Tebal&lt;/b&gt;" in page
    assert "A &amp; B" in page
    assert "<b>Tebal</b>" not in page
