"""Scorecards: drafts, final, reopen, the deadline lock and every bad input (service and page)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from judging.enums import ConflictSource, ScorecardStatus
from judging.models import ConflictOfInterest, Score, Scorecard
from judging.services.scoring import scorecard_reopen, scorecard_save
from tests.factories import CriterionFactory, JurorFactory, OperatorFactory, StageFactory

pytestmark = pytest.mark.django_db


def stored(assignment):
    """What is stored for the assignment: (status, version, {criterion name: (value, comment)})."""
    card = Scorecard.objects.filter(assignment=assignment).first()
    if card is None:
        return None
    scores = {s.criterion.name: (s.value, s.comment) for s in Score.objects.filter(scorecard=card)}
    return card.status, card.version, scores


def save(juror, assignment, values, **kwargs):
    return scorecard_save(juror=juror, assignment=assignment, values=values, **kwargs)


def test_scorecard_save_draft_with_partial_scores(juror, assignment, criteria):
    novelty, _impact = criteria

    card = save(juror, assignment, {novelty.pk: "85,5"}, comments={novelty.pk: "Baru di Jawa Timur"})

    assert card.status == ScorecardStatus.DRAFT
    assert stored(assignment) == (ScorecardStatus.DRAFT, 1, {"Kebaruan": (Decimal("85.50"), "Baru di Jawa Timur")})


def test_scorecard_save_draft_keeps_comment_without_score(juror, assignment, criteria):
    _novelty, impact = criteria

    save(juror, assignment, {}, comments={impact.pk: "Data dampak belum dibaca"})

    assert stored(assignment) == (ScorecardStatus.DRAFT, 1, {"Signifikansi": (None, "Data dampak belum dibaca")})


def test_scorecard_save_final_with_every_criterion(juror, assignment, criteria):
    novelty, impact = criteria

    card = save(juror, assignment, {novelty.pk: 80, impact.pk: Decimal("40")}, overall_note="Bagus", final=True)

    assert (card.status, card.submitted_at is not None, card.overall_note) == (ScorecardStatus.FINAL, True, "Bagus")
    assert stored(assignment)[2] == {"Kebaruan": (Decimal("80.00"), ""), "Signifikansi": (Decimal("40.00"), "")}


def test_scorecard_save_final_refuses_missing_criterion(juror, assignment, criteria):
    novelty, impact = criteria

    with pytest.raises(ValidationError) as error:
        save(juror, assignment, {novelty.pk: 80}, final=True)

    assert error.value.message_dict == {f"score_{impact.pk}": ["Wajib diisi sebelum lembar nilai dikirim final."]}
    assert stored(assignment) is None


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("101", "Nilai harus antara 0 dan 100 untuk kriteria ini."),
        ("-1", "Nilai harus antara 0 dan 100 untuk kriteria ini."),
        ("delapan puluh", "Masukkan angka, misalnya 85 atau 85,5."),
        ("NaN", "Masukkan angka, misalnya 85 atau 85,5."),
        ("80.125", "Paling banyak 2 angka di belakang koma."),
    ],
)
def test_scorecard_save_refuses_bad_value_and_changes_nothing(juror, assignment, criteria, typed, message):
    novelty, impact = criteria
    save(juror, assignment, {novelty.pk: 70})

    with pytest.raises(ValidationError) as error:
        save(juror, assignment, {novelty.pk: typed, impact.pk: 10}, expected_version=1)

    assert error.value.message_dict == {f"score_{novelty.pk}": [message]}
    assert stored(assignment) == (ScorecardStatus.DRAFT, 1, {"Kebaruan": (Decimal("70.00"), "")})


def test_scorecard_save_refuses_score_over_smaller_criterion_maximum(juror, assignment, criteria):
    _novelty, impact = criteria

    with pytest.raises(ValidationError) as error:
        save(juror, assignment, {impact.pk: "50.5"})

    assert error.value.message_dict == {f"score_{impact.pk}": ["Nilai harus antara 0 dan 50 untuk kriteria ini."]}


def test_scorecard_save_refuses_criterion_of_another_stage(juror, assignment, criteria):
    other = CriterionFactory(stage=StageFactory(competition=assignment.stage.competition, order=3))

    with pytest.raises(ValidationError) as error:
        save(juror, assignment, {criteria[0].pk: 80, other.pk: 90})

    assert error.value.messages == [
        f"Kriteria yang dikirim bukan bagian dari tahap ini (#{other.pk}); tidak ada nilai yang disimpan."
    ]
    assert stored(assignment) is None


def test_scorecard_save_refuses_after_deadline(juror, assignment, criteria):
    stage = assignment.stage
    stage.closes_at = timezone.now() - dt.timedelta(minutes=1)
    stage.save()

    with pytest.raises(ValidationError) as error:
        save(juror, assignment, {criteria[0].pk: 80})

    assert error.value.messages[0].startswith("Batas waktu penilaian tahap ini sudah lewat (")
    assert stored(assignment) is None


def test_scorecard_save_refuses_before_stage_opens(juror, assignment, criteria):
    stage = assignment.stage
    stage.opens_at = timezone.now() + dt.timedelta(days=1)
    stage.save()

    with pytest.raises(ValidationError) as error:
        save(juror, assignment, {criteria[0].pk: 80})

    assert error.value.messages[0].startswith("Penilaian tahap ini belum dibuka (dibuka ")


def test_scorecard_save_refuses_when_stage_closed_by_committee(juror, assignment, criteria):
    stage = assignment.stage
    stage.closed_at = timezone.now()
    stage.save()

    with pytest.raises(ValidationError) as error:
        save(juror, assignment, {criteria[0].pk: 80})

    assert error.value.messages == ["Tahap ini sudah ditutup panitia; nilai tidak dapat diubah lagi."]


def test_scorecard_save_refuses_another_jurors_assignment(assignment, criteria):
    with pytest.raises(ValidationError) as error:
        save(JurorFactory(), assignment, {criteria[0].pk: 80})

    assert error.value.messages == ["Penugasan ini bukan milik Anda."]
    assert stored(assignment) is None


def test_scorecard_save_refuses_second_final_submission(juror, assignment, criteria):
    novelty, impact = criteria
    save(juror, assignment, {novelty.pk: 80, impact.pk: 40}, final=True)

    with pytest.raises(ValidationError) as error:
        save(juror, assignment, {novelty.pk: 10, impact.pk: 10}, final=True)

    assert error.value.messages == [
        "Lembar nilai ini sudah dikirim final; hanya panitia yang dapat membukanya kembali."
    ]
    assert stored(assignment)[2] == {"Kebaruan": (Decimal("80.00"), ""), "Signifikansi": (Decimal("40.00"), "")}


def test_scorecard_save_refuses_conflicted_submission(juror, assignment, criteria):
    ConflictOfInterest.objects.create(
        juror=juror, unit=assignment.submission.unit, reason="Mantan kepala unit", source=ConflictSource.COMMITTEE
    )

    with pytest.raises(ValidationError) as error:
        save(juror, assignment, {criteria[0].pk: 80})

    assert error.value.messages == [
        "Anda berkonflik kepentingan dengan usulan ini (Dicatat panitia); penilaian tidak dapat disimpan."
    ]
    assert stored(assignment) is None


def test_scorecard_save_refuses_when_juror_unit_conflicts_after_assignment(juror, assignment, criteria):
    juror.unit = assignment.submission.unit
    juror.save()

    with pytest.raises(ValidationError) as error:
        save(juror, assignment, {criteria[0].pk: 80})

    assert error.value.messages == [
        "Anda berkonflik kepentingan dengan usulan ini (Struktur organisasi); penilaian tidak dapat disimpan."
    ]


def test_scorecard_save_refuses_voided_assignment(juror, assignment, criteria):
    assignment.voided_at = timezone.now()
    assignment.save()

    with pytest.raises(ValidationError) as error:
        save(juror, assignment, {criteria[0].pk: 80})

    assert error.value.messages == ["Penugasan ini sudah dibatalkan; lembar nilai tidak dapat diubah."]


def test_scorecard_save_refuses_stale_version(juror, assignment, criteria):
    save(juror, assignment, {criteria[0].pk: 60}, expected_version=0)

    with pytest.raises(ValidationError) as error:
        save(juror, assignment, {criteria[0].pk: 90}, expected_version=0)

    assert "baru saja disimpan dari jendela atau perangkat lain" in error.value.messages[0]
    assert stored(assignment) == (ScorecardStatus.DRAFT, 1, {"Kebaruan": (Decimal("60.00"), "")})


def test_scorecard_save_clearing_a_value_removes_the_score(juror, assignment, criteria):
    novelty, impact = criteria
    save(juror, assignment, {novelty.pk: 60, impact.pk: 30})

    save(juror, assignment, {novelty.pk: "", impact.pk: 31}, expected_version=1)

    assert stored(assignment) == (ScorecardStatus.DRAFT, 2, {"Signifikansi": (Decimal("31.00"), "")})


def test_scorecard_save_sets_stage_scoring_started_once(juror, assignment, criteria):
    first = timezone.now() - dt.timedelta(hours=2)
    save(juror, assignment, {criteria[0].pk: 60}, now=first)

    save(juror, assignment, {criteria[0].pk: 61}, now=first + dt.timedelta(hours=1))

    assignment.stage.refresh_from_db()
    assert assignment.stage.scoring_started_at == first


def test_scorecard_save_comment_only_does_not_start_scoring(juror, assignment, criteria):
    save(juror, assignment, {}, comments={criteria[0].pk: "Catatan"})

    assignment.stage.refresh_from_db()
    assert assignment.stage.scoring_started_at is None


def test_scorecard_save_is_a_bounded_number_of_queries(juror, assignment, criteria, django_assert_max_num_queries):
    novelty, impact = criteria
    save(juror, assignment, {novelty.pk: 50})

    # 20 on SQLite, 21 on PostgreSQL (the stage's shared lock), with the stored total written after the
    # scores (whose writes empty it).
    with django_assert_max_num_queries(21):
        save(juror, assignment, {novelty.pk: 80, impact.pk: 40}, comments={impact.pk: "ok"}, final=True)


def test_scorecard_reopen_lets_the_juror_change_and_records_reason(juror, assignment, criteria, committee):
    novelty, impact = criteria
    card = save(juror, assignment, {novelty.pk: 80, impact.pk: 40}, final=True)

    scorecard_reopen(scorecard=card, by=committee, reason="Nilai signifikansi tertukar")
    save(juror, assignment, {novelty.pk: 80, impact.pk: 20}, final=True, expected_version=2)

    card.refresh_from_db()
    assert (card.status, card.reopen_reason, card.reopened_by) == (
        ScorecardStatus.FINAL,
        "Nilai signifikansi tertukar",
        committee,
    )
    reasons = list(card.history.order_by("history_id").values_list("history_change_reason", flat=True))
    assert reasons == [
        "Dikirim final",
        "Dibuka kembali oleh panitia: Nilai signifikansi tertukar",
        "Dikirim final",
    ]


def test_scorecard_reopen_requires_reason(juror, assignment, criteria, committee):
    card = save(juror, assignment, {criteria[0].pk: 80, criteria[1].pk: 40}, final=True)

    with pytest.raises(ValidationError) as error:
        scorecard_reopen(scorecard=card, by=committee, reason="  ")

    assert error.value.message_dict == {"reason": ["Tuliskan alasan membuka kembali lembar nilai ini."]}


def test_scorecard_reopen_refused_for_non_committee(juror, assignment, criteria):
    card = save(juror, assignment, {criteria[0].pk: 80, criteria[1].pk: 40}, final=True)

    with pytest.raises(ValidationError) as error:
        scorecard_reopen(scorecard=card, by=juror, reason="Saya ingin mengubah")

    assert error.value.messages == ["Hanya panitia yang dapat membuka kembali lembar nilai."]
    card.refresh_from_db()
    assert card.status == ScorecardStatus.FINAL


def test_scorecard_reopen_refuses_draft(juror, assignment, criteria, committee):
    card = save(juror, assignment, {criteria[0].pk: 80})

    with pytest.raises(ValidationError) as error:
        scorecard_reopen(scorecard=card, by=committee, reason="Cek")

    assert error.value.messages == ["Lembar nilai ini belum final, jadi tidak perlu dibuka kembali."]


# --- The scorecard page ------------------------------------------------------------------------------


def post(client, assignment, data):
    return client.post(reverse("judging:scorecard", args=[assignment.pk]), data)


def test_scorecard_page_saves_draft_and_redirects(juror_client, assignment, criteria):
    novelty, impact = criteria

    response = post(
        juror_client,
        assignment,
        {f"score_{novelty.pk}": "72,5", f"comment_{novelty.pk}": "Cukup baru", "version": "0", "action": "draft"},
    )

    assert response.status_code == 302
    assert response.url == reverse("judging:scorecard", args=[assignment.pk])
    assert stored(assignment) == (ScorecardStatus.DRAFT, 1, {"Kebaruan": (Decimal("72.50"), "Cukup baru")})


def test_scorecard_page_submits_final(juror_client, assignment, criteria):
    novelty, impact = criteria

    response = post(
        juror_client,
        assignment,
        {f"score_{novelty.pk}": "80", f"score_{impact.pk}": "45", "version": "0", "action": "final"},
    )
    page = juror_client.get(response.url).content.decode()

    assert stored(assignment)[0] == ScorecardStatus.FINAL
    assert "Lembar nilai dikirim final. Terima kasih!" in page
    assert "Lembar nilai ini sudah dikirim final pada" in page
    assert 'name="action" value="final"' not in page


def test_scorecard_page_rerenders_bad_value_with_message_and_typed_values(juror_client, assignment, criteria):
    novelty, impact = criteria

    response = post(
        juror_client,
        assignment,
        {
            f"score_{novelty.pk}": "120",
            f"score_{impact.pk}": "33",
            f"comment_{impact.pk}": "Dampak terukur",
            "overall_note": "Catatan saya",
            "version": "0",
            "action": "draft",
        },
    )
    page = response.content.decode()

    assert response.status_code == 200
    assert "Nilai harus antara 0 dan 100 untuk kriteria ini." in page
    assert 'value="120"' in page
    assert 'value="33"' in page
    assert "Dampak terukur" in page
    assert "Catatan saya" in page
    assert stored(assignment) is None


def test_scorecard_page_rerenders_non_number(juror_client, assignment, criteria):
    response = post(juror_client, assignment, {f"score_{criteria[0].pk}": "sembilan", "version": "0"})

    assert response.status_code == 200
    assert "Masukkan angka, misalnya 85 atau 85,5." in response.content.decode()
    assert 'value="sembilan"' in response.content.decode()
    assert stored(assignment) is None


def test_scorecard_page_refuses_criterion_of_another_stage(juror_client, assignment, criteria):
    other = CriterionFactory(stage=StageFactory(competition=assignment.stage.competition, order=3))

    response = post(
        juror_client, assignment, {f"score_{criteria[0].pk}": "80", f"score_{other.pk}": "90", "version": "0"}
    )

    assert response.status_code == 200
    assert (
        f"Kriteria yang dikirim bukan bagian dari tahap ini (#{other.pk}); tidak ada nilai yang disimpan."
        in response.content.decode()
    )
    assert stored(assignment) is None


def test_scorecard_page_final_without_every_score_shows_message_beside_field(juror_client, assignment, criteria):
    novelty, impact = criteria

    response = post(juror_client, assignment, {f"score_{novelty.pk}": "80", "version": "0", "action": "final"})
    page = response.content.decode()

    assert f'<div class="invalid-feedback d-block" id="error-{impact.pk}">Wajib diisi sebelum lembar nilai' in page
    assert stored(assignment) is None


def test_scorecard_page_after_deadline_keeps_typed_values(juror_client, assignment, criteria):
    stage = assignment.stage
    stage.closes_at = timezone.now() - dt.timedelta(minutes=1)
    stage.save()

    response = post(juror_client, assignment, {f"score_{criteria[0].pk}": "77", "version": "0", "action": "draft"})
    page = response.content.decode()

    assert response.status_code == 200
    assert "Batas waktu penilaian tahap ini sudah lewat" in page
    assert 'value="77"' in page
    assert stored(assignment) is None


def test_scorecard_page_second_final_is_refused_with_message(juror_client, juror, assignment, criteria):
    novelty, impact = criteria
    save(juror, assignment, {novelty.pk: 80, impact.pk: 40}, final=True)

    response = post(
        juror_client,
        assignment,
        {f"score_{novelty.pk}": "1", f"score_{impact.pk}": "1", "version": "1", "action": "final"},
    )

    assert response.status_code == 200
    assert "Lembar nilai ini sudah dikirim final; hanya panitia yang dapat membukanya kembali." in (
        response.content.decode()
    )
    assert stored(assignment)[2]["Kebaruan"] == (Decimal("80.00"), "")


def test_scorecard_page_stale_version_shows_warning_and_carries_stored_version(
    juror_client, juror, assignment, criteria
):
    save(juror, assignment, {criteria[0].pk: 60})

    response = post(juror_client, assignment, {f"score_{criteria[0].pk}": "90", "version": "0", "action": "draft"})
    page = response.content.decode()

    assert "baru saja disimpan dari jendela atau perangkat lain" in page
    assert '<input type="hidden" name="version" value="1">' in page
    assert 'value="90"' in page


def test_scorecard_page_conflicted_submission_is_refused_with_message(juror_client, juror, assignment, criteria):
    ConflictOfInterest.objects.create(
        juror=juror, submission=assignment.submission, reason="Saudara", source=ConflictSource.COMMITTEE
    )

    response = post(juror_client, assignment, {f"score_{criteria[0].pk}": "80", "version": "0"})

    assert response.status_code == 200
    assert "Anda berkonflik kepentingan dengan usulan ini (Dicatat panitia)" in response.content.decode()
    assert stored(assignment) is None


def test_scorecard_page_of_another_juror_is_404(client, assignment, seat):
    other = seat(JurorFactory())
    client.force_login(other)

    assert client.get(reverse("judging:scorecard", args=[assignment.pk])).status_code == 404
    assert post(client, assignment, {"version": "0"}).status_code == 404
    assert stored(assignment) is None


def test_scorecard_page_anonymous_redirects_to_login(client, assignment):
    response = client.get(reverse("judging:scorecard", args=[assignment.pk]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_scorecard_page_operator_is_forbidden(client, assignment):
    client.force_login(OperatorFactory(unit=assignment.submission.unit))

    assert client.get(reverse("judging:scorecard", args=[assignment.pk])).status_code == 403


def test_scorecard_page_committee_is_forbidden_as_juror(committee_client, assignment):
    assert committee_client.get(reverse("judging:scorecard", args=[assignment.pk])).status_code == 403


def test_scorecard_page_shows_reopen_note_to_juror(juror_client, juror, assignment, criteria, committee):
    card = save(juror, assignment, {criteria[0].pk: 80, criteria[1].pk: 40}, final=True)
    scorecard_reopen(scorecard=card, by=committee, reason="Periksa kembali kriteria Signifikansi")

    page = juror_client.get(reverse("judging:scorecard", args=[assignment.pk])).content.decode()

    assert "Dibuka kembali oleh panitia pada" in page
    assert "Periksa kembali kriteria Signifikansi" in page
    assert 'name="action" value="final"' in page


def test_scorecard_review_committee_reopens_final(committee_client, juror, assignment, criteria):
    card = save(juror, assignment, {criteria[0].pk: 80, criteria[1].pk: 40}, final=True)
    url = reverse("judging:scorecard_review", args=[card.pk])

    response = committee_client.post(url, {"reason": "Juri salah ketik"})

    card.refresh_from_db()
    assert response.status_code == 302
    assert (card.status, card.reopen_reason) == (ScorecardStatus.DRAFT, "Juri salah ketik")


def test_scorecard_review_reopen_without_reason_shows_message(committee_client, juror, assignment, criteria):
    card = save(juror, assignment, {criteria[0].pk: 80, criteria[1].pk: 40}, final=True)

    response = committee_client.post(reverse("judging:scorecard_review", args=[card.pk]), {"reason": ""})

    card.refresh_from_db()
    assert response.status_code == 200
    assert "Tuliskan alasan membuka kembali lembar nilai ini." in response.content.decode()
    assert card.status == ScorecardStatus.FINAL


@pytest.mark.parametrize(("role", "expected"), [("juror", 403), ("operator", 403), ("anonymous", 302)])
def test_scorecard_review_refused_for_non_committee(client, juror, assignment, criteria, role, expected):
    card = save(juror, assignment, {criteria[0].pk: 80, criteria[1].pk: 40}, final=True)
    if role == "juror":
        client.force_login(juror)
    elif role == "operator":
        client.force_login(OperatorFactory())

    response = client.post(reverse("judging:scorecard_review", args=[card.pk]), {"reason": "x"})

    card.refresh_from_db()
    assert (response.status_code, card.status) == (expected, ScorecardStatus.FINAL)


def test_scorecard_reopen_keeps_a_long_reason_whole(juror, assignment, criteria, committee):
    card = save(juror, assignment, {criteria[0].pk: 80, criteria[1].pk: 40}, final=True)
    reason = "Juri salah memasukkan nilai pada kriteria signifikansi, mohon diperiksa ulang. " * 3

    scorecard_reopen(scorecard=card, by=committee, reason=reason)

    card.refresh_from_db()
    assert card.reopen_reason == reason.strip()


def test_scorecard_page_save_is_a_bounded_number_of_queries(
    juror_client, assignment, criteria, django_assert_max_num_queries
):
    novelty, impact = criteria
    data = {f"score_{novelty.pk}": "80", f"score_{impact.pk}": "40", "version": "0", "action": "final"}

    # 24 on SQLite, 25 on PostgreSQL: the page's 5 reads and the final save with its score writes.
    with django_assert_max_num_queries(25):
        response = post(juror_client, assignment, data)

    assert response.status_code == 302
