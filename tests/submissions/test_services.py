"""The rules of issue 4, enforced by the services whatever page or script calls them."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from competitions.enums import StageKind
from submissions import services
from submissions.enums import ScreeningDecision, SubmissionStatus
from submissions.models import Submission, SubmissionEvent
from submissions.proposal import latest_start_date, months_before
from tests.factories import CommitteeFactory, CompetitionFactory, JurorFactory, OperatorFactory, StageFactory
from tests.submissions.conftest import attach_statements, complete_data


def missing_messages(submission):
    with pytest.raises(services.IncompleteSubmissionError) as caught:
        services.submission_submit(submission=submission, user=submission.created_by, notify=False)
    return [item.message for item in caught.value.items]


# Window and quota ---------------------------------------------------------------------------------


def test_create_before_registration_opens_is_refused(operator):
    competition = CompetitionFactory(
        submission_opens_at=timezone.now() + dt.timedelta(days=1),
        submission_closes_at=timezone.now() + dt.timedelta(days=20),
    )
    with pytest.raises(ValidationError) as caught:
        services.submission_create(competition=competition, user=operator, data=complete_data())
    assert caught.value.messages == [f"Pendaftaran {competition} tidak sedang dibuka."]
    assert Submission.objects.count() == 0


def test_create_after_registration_closes_is_refused(operator):
    competition = CompetitionFactory(
        submission_opens_at=timezone.now() - dt.timedelta(days=20),
        submission_closes_at=timezone.now() - dt.timedelta(minutes=1),
    )
    with pytest.raises(ValidationError):
        services.submission_create(competition=competition, user=operator, data=complete_data())


def test_create_in_unannounced_competition_is_refused(operator):
    competition = CompetitionFactory(is_announced=False)
    with pytest.raises(ValidationError):
        services.submission_create(competition=competition, user=operator, data=complete_data())


def test_create_over_the_unit_quota_is_refused(competition, operator):
    competition.max_submissions_per_unit = 2
    competition.save()
    services.submission_create(competition=competition, user=operator, data=complete_data(name="SATU"))
    services.submission_create(competition=competition, user=operator, data=complete_data(name="DUA"))
    with pytest.raises(ValidationError) as caught:
        services.submission_create(competition=competition, user=operator, data=complete_data(name="TIGA"))
    assert caught.value.messages == [
        "Kuota unit Anda sudah penuh: 2 dari 2 usulan. Tarik usulan lain terlebih dahulu bila ingin mengganti."
    ]
    assert list(Submission.objects.order_by("name").values_list("name", flat=True)) == ["DUA", "SATU"]


def test_withdrawn_submission_frees_a_place_in_the_quota(competition, operator):
    competition.max_submissions_per_unit = 1
    competition.save()
    first = services.submission_create(competition=competition, user=operator, data=complete_data(name="SATU"))
    services.submission_withdraw(submission=first, user=operator, reason="Diganti inovasi lain.")
    second = services.submission_create(competition=competition, user=operator, data=complete_data(name="DUA"))
    assert second.status == SubmissionStatus.DRAFT


def test_only_operators_create(competition):
    with pytest.raises(PermissionDenied):
        services.submission_create(competition=competition, user=JurorFactory(), data=complete_data())


# Names ----------------------------------------------------------------------------------------------


def test_same_name_in_a_competition_is_refused_case_insensitively(competition, operator, other_operator):
    services.submission_create(competition=competition, user=operator, data=complete_data(name="SiAPEL"))
    with pytest.raises(ValidationError) as caught:
        services.submission_create(competition=competition, user=other_operator, data=complete_data(name="siapel"))
    assert caught.value.message_dict == {"name": ["Sudah ada inovasi dengan nama ini pada kompetisi ini."]}


def test_same_name_in_another_competition_is_accepted(competition, operator):
    services.submission_create(competition=competition, user=operator, data=complete_data(name="SIAPEL"))
    other = CompetitionFactory(year=2031)
    assert services.submission_create(competition=other, user=operator, data=complete_data(name="SIAPEL")).pk


# Drafts and the completeness check ----------------------------------------------------------------


def test_draft_accepts_incomplete_and_over_limit_content(competition, operator):
    submission = services.submission_create(
        competition=competition, user=operator, data={"name": "DRAF", "summary": "kata " * 250}
    )
    submission.refresh_from_db()
    assert (submission.status, submission.summary.count("kata"), submission.background) == ("draft", 250, "")


def test_submit_lists_every_missing_piece_at_once(competition, operator):
    submission = services.submission_create(
        competition=competition,
        user=operator,
        data={
            "name": "KOSONG",
            "summary": "kata " * 201,
            "is_application": True,
            "started_on": timezone.localdate() - dt.timedelta(days=30),
        },
    )
    assert missing_messages(submission) == [
        "Inovasi harus sudah beroperasi minimal 12 bulan sebelum pendaftaran ditutup (mulai paling lambat "
        f"{_date(latest_start_date(competition))}).",
        "Pilih minimal satu tujuan SDGs yang didukung.",
        "Inovasi berupa aplikasi: alamat aplikasi belum diisi.",
        "Bagian “Ringkasan” berisi 201 kata; batasnya 200 kata.",
        "Bagian “Latar Belakang dan Tujuan” belum diisi.",
        "Bagian “Kebaruan / Nilai Tambah” belum diisi.",
        "Bagian “Implementasi Inovasi” belum diisi.",
        "Bagian “Signifikansi” belum diisi.",
        "Bagian “Adaptabilitas: sudah direplikasi oleh” belum diisi.",
        "Bagian “Adaptabilitas: potensi replikasi” belum diisi.",
        "Bagian “Sumber Daya” belum diisi.",
        "Bagian “Strategi Keberlanjutan” belum diisi.",
        "Nama inovator atau tim belum diisi.",
        "Nama narahubung belum diisi.",
        "Telepon narahubung belum diisi.",
        "E-mail narahubung belum diisi.",
        "Dokumen wajib “Surat pernyataan implementasi inovasi” belum diunggah.",
        "Dokumen wajib “Surat pernyataan identitas inovator” belum diunggah.",
        "Dokumen wajib “Surat pernyataan kesediaan direplikasi” belum diunggah.",
    ]
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.DRAFT
    assert SubmissionEvent.objects.filter(submission=submission).count() == 1


def _date(value):
    from django.utils.formats import date_format

    return date_format(value, "j F Y")


def test_word_limits_come_from_the_competition(competition, operator):
    competition.word_limits = {"summary": 3, "background": 0, "novelty": 200}
    competition.save()
    submission = services.submission_create(
        competition=competition,
        user=operator,
        data=complete_data(summary="satu dua tiga empat", background="kata " * 900, novelty="baru"),
    )
    attach_statements(submission, operator)
    assert missing_messages(submission) == ["Bagian “Ringkasan” berisi 4 kata; batasnya 3 kata."]


def test_minimum_months_are_counted_back_from_the_close_of_registration(competition, operator):
    latest = latest_start_date(competition)
    closes_on = timezone.localtime(competition.submission_closes_at).date()
    assert latest == months_before(closes_on, 12)
    on_time = services.submission_create(competition=competition, user=operator, data=complete_data(started_on=latest))
    attach_statements(on_time, operator)
    assert services.submission_submit(submission=on_time, user=operator, notify=False).status == "submitted"
    too_young = services.submission_create(
        competition=competition,
        user=operator,
        data=complete_data(name="MUDA", started_on=latest + dt.timedelta(days=1)),
    )
    attach_statements(too_young, operator)
    assert missing_messages(too_young)[0].startswith("Inovasi harus sudah beroperasi minimal 12 bulan")


def test_months_before_clamps_to_the_end_of_the_month():
    assert months_before(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 28)
    assert months_before(dt.date(2026, 1, 15), 24) == dt.date(2024, 1, 15)


def test_category_is_required_when_the_competition_has_categories(competition, operator):
    from tests.factories import CategoryFactory

    CategoryFactory(competition=competition, name="Umum")
    submission = services.submission_create(competition=competition, user=operator, data=complete_data())
    attach_statements(submission, operator)
    assert missing_messages(submission) == ["Kategori belum dipilih."]


# Optimistic locking ----------------------------------------------------------------------------------


def test_second_save_of_a_stale_version_is_refused_and_keeps_the_first(draft, operator, colleague):
    opened_version = draft.version
    services.submission_update(
        submission=draft, user=operator, data={"summary": "Teks Fajar."}, expected_version=opened_version
    )
    with pytest.raises(services.StaleSubmissionError) as caught:
        services.submission_update(
            submission=draft, user=colleague, data={"summary": "Teks Sri."}, expected_version=opened_version
        )
    draft.refresh_from_db()
    assert draft.summary == "Teks Fajar."
    assert draft.version == opened_version + 1
    assert caught.value.current.summary == "Teks Fajar."
    assert "TIDAK disimpan" in caught.value.messages[0]


def test_save_without_a_version_is_refused(draft, operator):
    with pytest.raises(services.StaleSubmissionError):
        services.submission_update(submission=draft, user=operator, data={"summary": "x"}, expected_version=None)


# Status changes -------------------------------------------------------------------------------------


def test_submitted_proposal_is_read_only(submitted, operator):
    with pytest.raises(ValidationError) as caught:
        services.submission_update(
            submission=submitted, user=operator, data={"summary": "Ubah."}, expected_version=submitted.version
        )
    assert caught.value.messages == [
        "Usulan berstatus “Terkirim” dan hanya dapat dibaca; perubahan dibuka lagi bila dikembalikan."
    ]


def test_double_submit_creates_one_event(complete_draft, operator):
    services.submission_submit(submission=complete_draft, user=operator, notify=False)
    with pytest.raises(ValidationError) as caught:
        services.submission_submit(submission=complete_draft, user=operator, notify=False)
    assert caught.value.code == "already_submitted"
    assert list(SubmissionEvent.objects.filter(submission=complete_draft).values_list("from_status", "to_status")) == [
        ("", "draft"),
        ("draft", "submitted"),
    ]


def test_submit_after_registration_closes_is_refused(complete_draft, operator, competition):
    competition.submission_closes_at = timezone.now() - dt.timedelta(minutes=1)
    competition.save()
    with pytest.raises(ValidationError) as caught:
        services.submission_submit(submission=complete_draft, user=operator, notify=False)
    assert caught.value.messages == ["Batas waktu perubahan sudah lewat; usulan tidak dapat diubah lagi."]


def test_submit_by_another_unit_is_refused(complete_draft, other_operator):
    with pytest.raises(PermissionDenied):
        services.submission_submit(submission=complete_draft, user=other_operator, notify=False)


def test_submit_with_a_stale_preview_is_refused(complete_draft, operator):
    with pytest.raises(ValidationError) as caught:
        services.submission_submit(
            submission=complete_draft, user=operator, expected_version=complete_draft.version - 1, notify=False
        )
    assert caught.value.code == "stale"


def test_returned_proposal_can_be_resubmitted_until_the_revision_deadline(submitted, operator, competition):
    services.submission_screen(
        submission=submitted, user=CommitteeFactory(), decision="returned", note="Perbaiki data.", notify=False
    )
    competition.submission_closes_at = timezone.now() - dt.timedelta(hours=1)
    competition.submission_opens_at = timezone.now() - dt.timedelta(days=30)
    competition.revision_deadline = timezone.now() + dt.timedelta(days=2)
    competition.save()
    submitted.refresh_from_db()
    services.submission_update(
        submission=submitted, user=operator, data={"significance": "Data baru."}, expected_version=submitted.version
    )
    resent = services.submission_submit(submission=submitted, user=operator, notify=False)
    assert (resent.status, resent.significance) == ("submitted", "Data baru.")


def test_returned_proposal_after_the_revision_deadline_is_refused(submitted, operator, competition):
    services.submission_screen(
        submission=submitted, user=CommitteeFactory(), decision="returned", note="Perbaiki data.", notify=False
    )
    competition.submission_closes_at = timezone.now() - dt.timedelta(days=2)
    competition.submission_opens_at = timezone.now() - dt.timedelta(days=30)
    competition.revision_deadline = timezone.now() - dt.timedelta(minutes=1)
    competition.save()
    with pytest.raises(ValidationError):
        services.submission_submit(submission=submitted, user=operator, notify=False)


def test_withdraw_records_the_reason(submitted, operator):
    services.submission_withdraw(submission=submitted, user=operator, reason="Inovasi digabung.")
    submitted.refresh_from_db()
    event = submitted.events.order_by("-pk").first()
    assert (submitted.status, event.from_status, event.to_status, event.reason, event.actor) == (
        "withdrawn",
        "submitted",
        "withdrawn",
        "Inovasi digabung.",
        operator,
    )


def test_withdraw_after_screening_is_refused(submitted, operator):
    services.submission_screen(submission=submitted, user=CommitteeFactory(), decision="eligible", notify=False)
    with pytest.raises(ValidationError):
        services.submission_withdraw(submission=submitted, user=operator)


# Parent endorsement ------------------------------------------------------------------------------------


def _school_submission(setup, competition):
    operator = setup["school_operator"]
    submission = services.submission_create(competition=competition, user=operator, data=complete_data(name="RAPOR"))
    attach_statements(submission, operator)
    return services.submission_submit(submission=submission, user=operator, notify=False)


def test_school_proposal_waits_for_the_parent_unit(school_setup, competition):
    submission = _school_submission(school_setup, competition)
    assert submission.status == SubmissionStatus.AWAITING_ENDORSEMENT
    assert list(Submission.objects.visible_to(CommitteeFactory()).filter(status="submitted")) == []


def test_parent_operator_endorses_and_the_proposal_reaches_the_committee(school_setup, competition):
    submission = _school_submission(school_setup, competition)
    endorsed = services.submission_endorse(submission=submission, user=school_setup["dinas_operator"], notify=False)
    assert (endorsed.status, endorsed.endorsed_by, endorsed.endorsed_at is not None) == (
        "submitted",
        school_setup["dinas_operator"],
        True,
    )
    assert list(submission.events.values_list("from_status", "to_status", "actor__username")) == [
        ("", "draft", "op.smpn5"),
        ("draft", "awaiting_endorsement", "op.smpn5"),
        ("awaiting_endorsement", "submitted", "op.disdik"),
    ]


def test_parent_operator_returns_with_notes(school_setup, competition):
    submission = _school_submission(school_setup, competition)
    returned = services.submission_return_to_unit(
        submission=submission, user=school_setup["dinas_operator"], note="Tanda tangan kepala sekolah belum ada."
    )
    assert (returned.status, returned.screening_note) == ("returned", "Tanda tangan kepala sekolah belum ada.")


def test_parent_return_needs_a_note(school_setup, competition):
    submission = _school_submission(school_setup, competition)
    with pytest.raises(ValidationError) as caught:
        services.submission_return_to_unit(submission=submission, user=school_setup["dinas_operator"], note=" ")
    assert caught.value.message_dict == {"note": ["Tuliskan catatan perbaikan untuk unit pengusul."]}


@pytest.mark.parametrize("who", ["school_operator", "other_dinas", "committee"])
def test_only_the_parent_unit_endorses(school_setup, competition, who):
    submission = _school_submission(school_setup, competition)
    user = {
        "school_operator": school_setup["school_operator"],
        "other_dinas": OperatorFactory(),
        "committee": CommitteeFactory(),
    }[who]
    with pytest.raises(PermissionDenied):
        services.submission_endorse(submission=submission, user=user, notify=False)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.AWAITING_ENDORSEMENT


def test_unit_without_parent_skips_endorsement(competition, complete_draft, operator):
    competition.requires_parent_endorsement = True
    competition.save()
    assert services.submission_submit(submission=complete_draft, user=operator, notify=False).status == "submitted"


# Screening ------------------------------------------------------------------------------------------


def test_eligible_enters_the_first_scoring_stage(submitted):
    screening = services.submission_screen(
        submission=submitted, user=CommitteeFactory(), decision=ScreeningDecision.ELIGIBLE, notify=False
    )
    submitted.refresh_from_db()
    assert (screening.decision, submitted.status, submitted.stage.name, submitted.stage.kind) == (
        "eligible",
        "eligible",
        "Penilaian Proposal",
        StageKind.SCORING,
    )


def test_ineligible_needs_a_reason(submitted):
    with pytest.raises(ValidationError) as caught:
        services.submission_screen(submission=submitted, user=CommitteeFactory(), decision="ineligible", notify=False)
    assert caught.value.message_dict == {"note": ["Tuliskan alasan usulan tidak lolos."]}
    submitted.refresh_from_db()
    assert submitted.status == SubmissionStatus.SUBMITTED


def test_returned_needs_notes(submitted):
    with pytest.raises(ValidationError) as caught:
        services.submission_screen(submission=submitted, user=CommitteeFactory(), decision="returned", notify=False)
    assert caught.value.message_dict == {"note": ["Tuliskan catatan perbaikan untuk unit pengusul."]}


def test_ineligible_records_screening_event_and_note(submitted):
    committee = CommitteeFactory()
    services.submission_screen(
        submission=submitted, user=committee, decision="ineligible", note="Bukan inovasi baru.", notify=False
    )
    submitted.refresh_from_db()
    event = submitted.events.order_by("-pk").first()
    screening = submitted.screenings.get()
    assert (submitted.status, submitted.screening_note, submitted.stage) == ("ineligible", "Bukan inovasi baru.", None)
    assert (event.actor, event.from_status, event.to_status, event.reason) == (
        committee,
        "submitted",
        "ineligible",
        "Bukan inovasi baru.",
    )
    assert (screening.decided_by, screening.note) == (committee, "Bukan inovasi baru.")


def test_screening_a_draft_is_refused(complete_draft):
    with pytest.raises(ValidationError) as caught:
        services.submission_screen(
            submission=complete_draft, user=CommitteeFactory(), decision="eligible", notify=False
        )
    assert caught.value.code == "not_submitted"


def test_screening_twice_is_refused(submitted):
    committee = CommitteeFactory()
    services.submission_screen(submission=submitted, user=committee, decision="eligible", notify=False)
    with pytest.raises(ValidationError):
        services.submission_screen(submission=submitted, user=committee, decision="ineligible", note="x", notify=False)
    assert submitted.screenings.count() == 1


def test_only_the_committee_screens(submitted, operator):
    with pytest.raises(PermissionDenied):
        services.submission_screen(submission=submitted, user=operator, decision="eligible", notify=False)


def test_returning_after_the_revision_deadline_is_refused(submitted, competition):
    competition.submission_opens_at = timezone.now() - dt.timedelta(days=30)
    competition.submission_closes_at = timezone.now() - dt.timedelta(days=3)
    competition.revision_deadline = timezone.now() - dt.timedelta(days=1)
    competition.save()
    with pytest.raises(ValidationError) as caught:
        services.submission_screen(
            submission=submitted, user=CommitteeFactory(), decision="returned", note="x", notify=False
        )
    assert caught.value.message_dict == {"decision": ["Batas perbaikan sudah lewat: putuskan lolos atau tidak lolos."]}


def test_eligible_without_a_scoring_stage_keeps_no_stage(operator):
    competition = CompetitionFactory()
    StageFactory(competition=competition, kind=StageKind.SCREENING, order=1)
    submission = services.submission_create(competition=competition, user=operator, data=complete_data())
    services.submission_submit(submission=submission, user=operator, notify=False)
    services.submission_screen(submission=submission, user=CommitteeFactory(), decision="eligible", notify=False)
    submission.refresh_from_db()
    assert (submission.status, submission.stage) == ("eligible", None)
