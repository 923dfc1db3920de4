"""The juror's workspace and scorecard page: scope, status, navigation, blindness, layout, query counts."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from competitions.enums import PROPOSAL_SECTIONS
from judging.services.scoring import scorecard_save
from submissions.models import Attachment
from tests.factories import CompetitionFactory, JurorFactory, OperatorFactory, StageFactory

pytestmark = pytest.mark.django_db

HOME = "/penilaian/"


def test_juror_home_url_is_penilaian():
    assert reverse("judging:juror_home") == HOME


def test_juror_home_groups_assignments_by_stage_with_status_and_progress(
    juror_client, juror, assign, make_submission, criteria
):
    final = assign(juror, make_submission(name="Alfa"))
    draft = assign(juror, make_submission(name="Bravo"))
    assign(juror, make_submission(name="Charlie"))
    scorecard_save(juror=juror, assignment=final, values={criteria[0].pk: 80, criteria[1].pk: 40}, final=True)
    scorecard_save(juror=juror, assignment=draft, values={criteria[0].pk: 70})

    page = juror_client.get(HOME).content.decode()

    assert "Penilaian Proposal" in page
    assert "1 dari 3 usulan sudah final" in page
    assert "1 draf, 1 belum dinilai" in page
    assert '<progress class="kipp-progress" id="progress-' in page
    assert 'max="3" value="1"' in page
    assert "Sisa waktu" in page
    alfa, bravo, charlie = (page.index(name) for name in ("Alfa", "Bravo", "Charlie"))
    assert alfa < bravo < charlie
    assert page.count(">Final</span>") == 1
    assert page.count(">Draf</span>") == 1
    assert page.count(">Belum dinilai</span>") == 1


def test_juror_home_shows_only_stages_the_juror_serves_in(juror_client, juror, assign, make_submission):
    assign(juror, make_submission(name="Milik Saya"))
    other_stage = StageFactory(competition=CompetitionFactory(), name="Presentasi Rahasia")
    other_juror = JurorFactory()
    from judging.models import Assignment, JuryMember

    JuryMember.objects.create(stage=other_stage, juror=other_juror)
    Assignment.objects.create(
        stage=other_stage,
        submission=make_submission(name="Bukan Milik Saya", competition=other_stage.competition, stage=other_stage),
        juror=other_juror,
    )

    page = juror_client.get(HOME).content.decode()

    assert "Milik Saya" in page
    assert "Bukan Milik Saya" not in page
    assert "Presentasi Rahasia" not in page


def test_juror_home_hides_voided_assignments(juror_client, juror, assign, make_submission):
    voided = assign(juror, make_submission(name="Dibatalkan"))
    voided.voided_at = timezone.now()
    voided.save()

    page = juror_client.get(HOME).content.decode()

    assert "Dibatalkan" not in page
    assert "Belum ada usulan yang ditugaskan kepada Anda pada tahap ini." in page


def test_juror_home_without_panel_explains(juror_client):
    page = juror_client.get(HOME).content.decode()

    assert "Anda belum menjadi anggota panel juri tahap mana pun." in page


@pytest.mark.parametrize(("role", "expected"), [("operator", 403), ("committee", 403), ("anonymous", 302)])
def test_juror_home_refused_for_non_jurors(client, committee, role, expected):
    if role == "operator":
        client.force_login(OperatorFactory())
    elif role == "committee":
        client.force_login(committee)

    response = client.get(HOME)

    assert response.status_code == expected
    if expected == 302:
        assert response.url == f"{reverse('login')}?next={HOME}"


@pytest.mark.parametrize("size", [1, 6])
def test_juror_home_query_count_is_constant(
    juror_client, juror, assign, make_submission, size, criteria, django_assert_num_queries
):
    for index in range(size):
        assignment = assign(juror, make_submission())
        if index % 2:
            scorecard_save(juror=juror, assignment=assignment, values={criteria[0].pk: 50})

    with django_assert_num_queries(5):
        response = juror_client.get(HOME)

    assert response.status_code == 200


# --- Scorecard page ----------------------------------------------------------------------------------


def scorecard_url(assignment):
    return reverse("judging:scorecard", args=[assignment.pk])


def test_scorecard_page_shows_proposal_sections_in_national_form_order(juror_client, juror, assign, make_submission):
    texts = {key: f"Isi bagian {key}." for key, _label, _limit in PROPOSAL_SECTIONS}
    assignment = assign(juror, make_submission(name="KOPI TUBRUK", **texts))

    page = juror_client.get(scorecard_url(assignment)).content.decode()

    positions = [page.index(f"Isi bagian {key}.") for key, _label, _limit in PROPOSAL_SECTIONS]
    assert positions == sorted(positions)
    labels = [str(label) for _key, label, _limit in PROPOSAL_SECTIONS]
    assert [page.index(label) for label in labels] == sorted(page.index(label) for label in labels)


def test_scorecard_page_lists_attachments(juror_client, assignment):
    Attachment.objects.create(
        submission=assignment.submission,
        kind="statement",
        file="attachments/ab/xyz.pdf",
        original_name="surat-pernyataan-implementasi.pdf",
        content_type="application/pdf",
        size=2048,
        sha256="0" * 64,
    )

    page = juror_client.get(scorecard_url(assignment)).content.decode()

    assert "surat-pernyataan-implementasi.pdf" in page
    assert "2,0\xa0KB" in page or "2.0\xa0KB" in page


def test_scorecard_page_shows_rubric_inputs_and_live_total_hooks(juror_client, assignment, criteria):
    novelty, impact = criteria

    page = juror_client.get(scorecard_url(assignment)).content.decode()

    assert f'id="id_score_{novelty.pk}"' in page
    assert 'inputmode="decimal"' in page
    assert f'<label class="form-label fw-semibold" for="id_score_{novelty.pk}">Nilai (0–100)</label>' in page
    assert 'data-weight="40.00" data-max="100"' in page
    assert 'data-weight="60.00" data-max="50"' in page
    assert 'data-min="60" data-max="79"' in page
    assert "Sangat baik" in page
    assert "data-total" in page
    assert "kipp-scorebar" in page
    assert "js/scorecard.js" in page
    assert "css/judging.css" in page
    assert "<script>" not in page
    assert " style=" not in page
    assert "onclick" not in page


def fieldset_openings(page):
    """Return, per <fieldset>, the tag of its first child element: 'legend' names the group."""
    return [match.group(1) for match in re.finditer(r"<fieldset[^>]*>\s*<([a-z0-9]+)", page)]


def test_scorecard_page_names_every_criterion_group_by_its_legend(juror_client, assignment, criteria):
    page = juror_client.get(scorecard_url(assignment)).content.decode()

    assert fieldset_openings(page) == ["legend", "legend"]
    assert f'<legend class="kipp-card-legend h6 mb-1">1. {criteria[0].name}</legend>' in page


def test_scorecard_page_shows_sdg_labels_not_numbers(juror_client, juror, assign, make_submission):
    assignment = assign(juror, make_submission(name="SDG", sdgs=[3, 16]))

    page = juror_client.get(scorecard_url(assignment)).content.decode()

    sdgs = "<li>3. Kehidupan Sehat dan Sejahtera</li><li>16. Perdamaian, Keadilan dan Kelembagaan yang Tangguh</li>"
    assert sdgs in page


def test_scorecard_page_prefills_saved_draft_with_decimal_comma(juror_client, juror, assignment, criteria):
    scorecard_save(juror=juror, assignment=assignment, values={criteria[0].pk: "72.5"}, overall_note="Menarik")

    page = juror_client.get(scorecard_url(assignment)).content.decode()

    assert 'value="72,5"' in page
    assert "Menarik" in page
    assert '<input type="hidden" name="version" value="1">' in page
    assert "29,00" in page  # 40 × 72.5 / 100


def test_scorecard_page_navigates_previous_and_next(juror_client, juror, assign, make_submission):
    first, middle, last = (assign(juror, make_submission(name=name)) for name in ("Alfa", "Bravo", "Charlie"))

    page = juror_client.get(scorecard_url(middle)).content.decode()

    assert f'href="{scorecard_url(first)}" rel="prev"' in page
    assert f'href="{scorecard_url(last)}" rel="next"' in page
    assert "2 dari 3" in page


def test_scorecard_page_is_blind_to_other_jurors(juror_client, juror, assign, make_submission, criteria):
    submission = make_submission(name="SEPAKAT 22")
    own = assign(juror, submission)
    other = JurorFactory(full_name="Juri Lain Rahasia")
    other_assignment = assign(other, submission)
    scorecard_save(
        juror=other,
        assignment=other_assignment,
        values={criteria[0].pk: "13.37", criteria[1].pk: 7},
        comments={criteria[0].pk: "Komentar juri lain"},
        final=True,
    )

    page = juror_client.get(scorecard_url(own)).content.decode()

    assert "Juri Lain Rahasia" not in page
    assert "13,37" not in page
    assert "13.37" not in page
    assert "Komentar juri lain" not in page
    assert "peringkat" not in page.lower()


def test_scorecard_page_read_only_after_deadline(juror_client, assignment):
    stage = assignment.stage
    stage.closes_at = timezone.now() - dt.timedelta(hours=1)
    stage.save()

    page = juror_client.get(scorecard_url(assignment)).content.decode()

    assert "Batas waktu penilaian tahap ini sudah lewat" in page
    assert 'name="action" value="draft"' not in page
    assert " disabled>" in page


@pytest.mark.parametrize("size", [1, 6])
def test_scorecard_page_query_count_is_constant(
    juror_client, juror, assign, make_submission, size, django_assert_num_queries
):
    assignments = [assign(juror, make_submission()) for _ in range(size)]
    for index in range(size):
        Attachment.objects.create(
            submission=assignments[0].submission,
            kind="document",
            file=f"attachments/ab/{index}.pdf",
            original_name=f"lampiran-{index}.pdf",
            content_type="application/pdf",
            size=100,
            sha256="0" * 64,
        )

    with django_assert_num_queries(11):
        response = juror_client.get(scorecard_url(assignments[0]))

    assert response.status_code == 200
