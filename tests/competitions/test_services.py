"""The write actions on a competition's configuration and the rules they re-check."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from competitions import services
from competitions.enums import ChangeKind, RankingMethod, StageKind, default_word_limits
from competitions.models import (
    AttachmentRequirement,
    AwardTier,
    Category,
    Competition,
    CompetitionChange,
    Criterion,
    RubricLevel,
    Stage,
)
from tests.competitions.conftest import CLOSES, OPENS, at, make_national, stage
from tests.factories import ScoreFactory, SubmissionFactory

DAY = dt.timedelta(days=1)


def rows(queryset, fields):
    return [{"id": obj.pk, "delete": False, **{field: getattr(obj, field) for field in fields}} for obj in queryset]


def stage_rows(competition):
    return rows(competition.stages.order_by("order"), services.STAGE_FIELDS)


def criterion_rows(desk):
    return rows(desk.criteria.order_by("order"), services.CRITERION_FIELDS)


def messages_of(error: ValidationError) -> list[str]:
    return error.messages


# Creating a year --------------------------------------------------------------------------------------------


def test_competition_create_starts_from_the_national_2023_form(national):
    stages = list(national.stages.order_by("order"))
    assert [(s.order, s.name, s.kind, s.weight, s.advance_count, s.jurors_per_submission) for s in stages] == [
        (1, "Seleksi Administrasi", StageKind.SCREENING, Decimal("0"), None, 1),
        (2, "Penilaian Proposal", StageKind.SCORING, Decimal("70"), 20, 3),
        (3, "Presentasi dan Wawancara", StageKind.SCORING, Decimal("30"), None, 4),
    ]
    desk = stages[1]
    assert [(c.name, c.weight, c.max_score) for c in desk.criteria.order_by("order")] == [
        ("Latar Belakang dan Tujuan", Decimal("10"), 100),
        ("Kebaruan / Nilai Tambah", Decimal("15"), 100),
        ("Implementasi Inovasi", Decimal("5"), 100),
        ("Signifikansi", Decimal("30"), 100),
        ("Adaptabilitas", Decimal("20"), 100),
        ("Sumber Daya", Decimal("5"), 100),
        ("Strategi Keberlanjutan", Decimal("15"), 100),
    ]
    presentation = stages[2]
    assert sum(c.weight for c in presentation.criteria.all()) == Decimal("100")
    assert presentation.criteria.count() == 6
    assert stages[0].criteria.count() == 0


def test_competition_create_gives_every_criterion_a_four_level_rubric(national):
    criteria = Criterion.objects.filter(stage__competition=national)
    assert criteria.count() == 13
    for criterion in criteria:
        levels = [(level.min_score, level.max_score, level.label) for level in criterion.rubric_levels.all()]
        assert levels == [(0, 40, "Kurang"), (41, 60, "Cukup"), (61, 80, "Baik"), (81, 100, "Sangat baik")]
        assert all(level.description for level in criterion.rubric_levels.all())


def test_competition_create_adds_tiers_statement_letters_and_word_limits(national):
    assert [(t.name, t.first_place, t.last_place) for t in national.award_tiers.all()] == [
        ("Tiga Besar", 1, 3),
        ("Terbaik", 4, 6),
        ("Favorit", 7, 10),
    ]
    assert [r.code for r in national.attachment_requirements.all()] == [
        "surat-implementasi",
        "surat-identitas-inovator",
        "surat-kesediaan-replikasi",
    ]
    assert all("PDF" in r.description and r.is_required for r in national.attachment_requirements.all())
    assert national.word_limits == default_word_limits()
    assert national.word_limits["summary"] == 200
    assert national.eligibility
    assert national.how_to_submit
    assert national.rules


def test_competition_create_records_who_created_it(national, committee):
    assert list(national.changes.values_list("kind", "actor")) == [(ChangeKind.CREATED, committee.pk)]


def test_competition_create_empty_has_no_stages(db, committee):
    competition = services.competition_create(
        fields={"year": 2040, "title": "KIPP 2040", "submission_opens_at": OPENS, "submission_closes_at": CLOSES},
        actor=committee,
        with_defaults=False,
    )
    assert competition.stages.count() == 0
    assert competition.award_tiers.count() == 0


def test_competition_create_refuses_a_second_competition_for_the_same_year(national, committee):
    with pytest.raises(ValidationError) as error:
        make_national(actor=committee)
    assert error.value.message_dict == {"year": ["Sudah ada kompetisi untuk tahun ini."]}
    assert Competition.objects.filter(year=2031).count() == 1


def test_competition_create_refuses_registration_closing_before_it_opens(db, committee):
    with pytest.raises(ValidationError) as error:
        make_national(actor=committee, opens=CLOSES, closes=OPENS)
    assert error.value.message_dict == {"submission_closes_at": ["Penutupan pendaftaran harus setelah pembukaannya."]}
    assert not Competition.objects.exists()


def test_competition_create_with_a_large_top_n_lets_enough_submissions_reach_the_final(db, committee):
    competition = make_national(actor=committee, top_n=15)
    assert stage(competition, 2).advance_count == 30
    assert [(t.name, t.first_place, t.last_place) for t in competition.award_tiers.all()][-1] == ("Favorit", 7, 10)


@pytest.mark.parametrize(
    ("top_n", "tiers"),
    [(2, [("Juara", 1, 2)]), (5, [("Tiga Besar", 1, 3), ("Terbaik", 4, 5)])],
)
def test_competition_create_with_a_small_top_n_fits_the_award_tiers(db, committee, top_n, tiers):
    competition = make_national(actor=committee, top_n=top_n)
    assert list(competition.award_tiers.values_list("name", "first_place", "last_place")) == tiers


# General settings -------------------------------------------------------------------------------------------


def test_competition_update_saves_and_logs_the_changed_fields(national, committee):
    services.competition_update(
        competition=national, fields={"top_n": 12, "signatory_name": "Drs. Sutiaji"}, actor=committee
    )
    national.refresh_from_db()
    assert (national.top_n, national.signatory_name) == (12, "Drs. Sutiaji")
    change = national.changes.first()
    assert change.kind == ChangeKind.SETTINGS
    assert change.summary == "Diubah: jumlah pemenang (Top N), nama penandatangan piagam."


def test_competition_update_refuses_top_n_above_what_reaches_the_final_stage(national, committee):
    with pytest.raises(ValidationError) as error:
        services.competition_update(competition=national, fields={"top_n": 21}, actor=committee)
    assert error.value.message_dict == {
        "top_n": [
            "Top N (21) lebih besar daripada jumlah usulan yang dapat mencapai tahap akhir: hanya 20 usulan "
            "yang lolos dari tahap «Penilaian Proposal»."
        ]
    }
    national.refresh_from_db()
    assert national.top_n == 10


def test_competition_update_refuses_top_n_below_a_configured_award_tier(national, committee):
    with pytest.raises(ValidationError) as error:
        services.competition_update(competition=national, fields={"top_n": 8}, actor=committee)
    assert error.value.message_dict["top_n"] == [
        "Kategori penghargaan «Favorit» mencakup peringkat sampai 10; ubah kategori itu dahulu."
    ]


def test_competition_update_refuses_moving_registration_after_a_stage_opens(national, committee):
    with pytest.raises(ValidationError) as error:
        services.competition_update(competition=national, fields={"submission_opens_at": OPENS + DAY}, actor=committee)
    assert list(error.value.message_dict) == ["submission_opens_at"]
    assert "«Seleksi Administrasi»" in error.value.message_dict["submission_opens_at"][0]


def test_competition_update_refuses_revision_deadline_before_the_close(national, committee):
    with pytest.raises(ValidationError) as error:
        services.competition_update(competition=national, fields={"revision_deadline": CLOSES - DAY}, actor=committee)
    assert error.value.message_dict == {
        "revision_deadline": ["Batas perbaikan tidak boleh sebelum pendaftaran ditutup."]
    }


def test_competition_update_locks_the_ranking_method_once_scoring_started(national, committee):
    Stage.objects.filter(pk=stage(national, 2).pk).update(scoring_started_at=CLOSES + 20 * DAY)
    with pytest.raises(ValidationError) as error:
        services.competition_update(
            competition=national, fields={"ranking_method": RankingMethod.ZSCORE}, actor=committee
        )
    assert list(error.value.message_dict) == ["ranking_method"]
    national.refresh_from_db()
    assert national.ranking_method == RankingMethod.RAW_MEAN


def test_competition_update_changes_the_ranking_method_before_scoring(national, committee):
    services.competition_update(competition=national, fields={"ranking_method": RankingMethod.ZSCORE}, actor=committee)
    national.refresh_from_db()
    assert national.ranking_method == RankingMethod.ZSCORE


# Stages -----------------------------------------------------------------------------------------------------


def stages_error(national, committee, edit) -> dict:
    data = stage_rows(national)
    edit(data)
    with pytest.raises(ValidationError) as error:
        services.stages_save(competition=national, rows=data, actor=committee)
    return error.value.message_dict


def test_stages_save_refuses_a_stage_opening_before_registration(national, committee):
    def edit(data):
        data[0]["opens_at"] = OPENS - DAY

    assert stages_error(national, committee, edit) == {
        "opens_at": [
            "«Seleksi Administrasi»: Tahap tidak boleh dibuka sebelum pendaftaran dibuka (1 Februari 2031, 08.00 WIB)."
        ]
    }
    assert stage(national, 1).opens_at == OPENS


def test_stages_save_refuses_a_scoring_stage_closing_before_registration_closes(national, committee):
    def edit(data):
        data[1]["opens_at"] = CLOSES - 10 * DAY
        data[1]["closes_at"] = CLOSES - DAY

    errors = stages_error(national, committee, edit)
    assert errors["closes_at"] == [
        "«Penilaian Proposal»: Tahap penilaian tidak boleh ditutup sebelum pendaftaran ditutup "
        "(30 April 2031, 23.59 WIB)."
    ]


def test_stages_save_refuses_overlapping_scoring_stages(national, committee):
    desk = stage(national, 2)

    def edit(data):
        data[2]["opens_at"] = desk.closes_at - DAY

    errors = stages_error(national, committee, edit)
    assert errors == {
        "opens_at": [
            "«Presentasi dan Wawancara»: Tahap ini tumpang tindih dengan tahap «Penilaian Proposal» yang baru ditutup "
            "9 Juni 2031, 23.59 WIB."
        ]
    }


def test_stages_save_refuses_a_window_closing_before_it_opens(national, committee):
    def edit(data):
        data[2]["closes_at"] = data[2]["opens_at"] - DAY

    errors = stages_error(national, committee, edit)
    assert errors["closes_at"] == ["«Presentasi dan Wawancara»: Penutupan tahap harus setelah pembukaannya."]


def test_stages_save_refuses_stage_weights_not_adding_up_to_100(national, committee):
    def edit(data):
        data[2]["weight"] = Decimal("20")

    errors = stages_error(national, committee, edit)
    assert errors == {
        "weight": [
            "«Penilaian Proposal»: Jumlah bobot tahap penilaian harus 100% (sekarang 90%).",
            "«Presentasi dan Wawancara»: Jumlah bobot tahap penilaian harus 100% (sekarang 90%).",
        ]
    }
    assert stage(national, 3).weight == Decimal("30")


def test_stages_save_refuses_fewer_advancing_than_top_n(national, committee):
    def edit(data):
        data[1]["advance_count"] = 8

    assert stages_error(national, committee, edit) == {
        "advance_count": [
            "«Penilaian Proposal»: Jumlah yang lolos (8) lebih kecil daripada Top N (10): tahap akhir tidak "
            "akan memiliki cukup usulan."
        ]
    }


def test_stages_save_refuses_screening_after_a_scoring_stage(national, committee):
    def edit(data):
        data[0]["order"] = 5

    errors = stages_error(national, committee, edit)
    assert errors["order"] == ["«Seleksi Administrasi»: Tahap seleksi administrasi harus menjadi tahap pertama."]


def test_stages_save_swaps_the_order_of_two_stages(national, committee):
    desk, presentation = stage(national, 2), stage(national, 3)
    data = stage_rows(national)
    data[1].update(order=3, opens_at=presentation.opens_at, closes_at=presentation.closes_at, weight=Decimal("30"))
    data[2].update(order=2, opens_at=desk.opens_at, closes_at=desk.closes_at, weight=Decimal("70"))
    data[2]["advance_count"], data[1]["advance_count"] = 20, None
    services.stages_save(competition=national, rows=data, actor=committee)
    assert list(national.stages.order_by("order").values_list("name", flat=True)) == [
        "Seleksi Administrasi",
        "Presentasi dan Wawancara",
        "Penilaian Proposal",
    ]
    assert national.changes.first().summary == "Tahap: 0 ditambah, 2 diubah, 0 dihapus."


def test_stages_save_adds_a_field_verification_stage(national, committee):
    data = stage_rows(national)
    data[2]["weight"] = Decimal("20")
    data[2]["advance_count"] = 12
    presentation = stage(national, 3)
    data.append(
        {
            "id": None,
            "delete": False,
            "order": 4,
            "name": "Verifikasi Lapangan",
            "kind": StageKind.SCORING,
            "description": "",
            "opens_at": presentation.closes_at + DAY,
            "closes_at": presentation.closes_at + 5 * DAY,
            "advance_count": None,
            "weight": Decimal("10"),
            "jurors_per_submission": 2,
        }
    )
    services.stages_save(competition=national, rows=data, actor=committee)
    assert list(national.stages.values_list("name", "weight")) == [
        ("Seleksi Administrasi", Decimal("0")),
        ("Penilaian Proposal", Decimal("70")),
        ("Presentasi dan Wawancara", Decimal("20")),
        ("Verifikasi Lapangan", Decimal("10")),
    ]


def test_stages_save_refuses_deleting_a_stage_that_submissions_reached(national, committee):
    presentation = stage(national, 3)
    SubmissionFactory(competition=national, stage=presentation)
    data = stage_rows(national)
    data[1]["weight"] = Decimal("100")
    data[2]["delete"] = True
    with pytest.raises(ValidationError) as error:
        services.stages_save(competition=national, rows=data, actor=committee)
    assert error.value.messages == [
        "Tahap «3. Presentasi dan Wawancara» sudah dipakai usulan atau penilaian dan tidak dapat dihapus."
    ]
    assert national.stages.count() == 3


# Criteria and the weight rule -------------------------------------------------------------------------------


def test_criteria_save_refuses_weights_not_adding_up_to_100(national, committee):
    desk = stage(national, 2)
    data = criterion_rows(desk)
    data[0]["weight"] = Decimal("5")
    with pytest.raises(ValidationError) as error:
        services.criteria_save(stage=desk, rows=data, actor=committee)
    assert error.value.message_dict["__all__"] == ["Jumlah bobot kriteria harus 100 (sekarang 95)."]
    assert desk.criteria.get(order=1).weight == Decimal("10")


def test_criteria_save_moves_weight_between_criteria(national, committee):
    desk = stage(national, 2)
    data = criterion_rows(desk)
    data[0]["weight"] = Decimal("5")
    data[2]["weight"] = Decimal("10")
    services.criteria_save(stage=desk, rows=data, actor=committee)
    assert list(desk.criteria.order_by("order").values_list("weight", flat=True))[:3] == [
        Decimal("5"),
        Decimal("15"),
        Decimal("10"),
    ]
    change = national.changes.first()
    assert (change.kind, change.stage, change.is_lock_override) == (ChangeKind.CRITERIA, desk, False)


def test_criteria_save_refuses_a_screening_stage(national, committee):
    with pytest.raises(ValidationError) as error:
        services.criteria_save(
            stage=stage(national, 1),
            rows=[{"id": None, "order": 1, "name": "X", "guidance": "", "weight": Decimal("100"), "max_score": 10}],
            actor=committee,
        )
    assert error.value.messages == ["Tahap seleksi administrasi tidak memiliki kriteria penilaian."]


def test_criteria_save_refuses_a_maximum_below_the_rubric(national, committee):
    desk = stage(national, 2)
    data = criterion_rows(desk)
    data[0]["max_score"] = 10
    with pytest.raises(ValidationError) as error:
        services.criteria_save(stage=desk, rows=data, actor=committee)
    assert error.value.message_dict["max_score"] == [
        "«Latar Belakang dan Tujuan»: Rubrik kriteria ini sampai nilai 100; ubah rubrik dahulu atau pakai "
        "nilai maksimal 100."
    ]


# The lock once scoring has started --------------------------------------------------------------------------


@pytest.fixture
def scored_desk(national):
    desk = stage(national, 2)
    Stage.objects.filter(pk=desk.pk).update(scoring_started_at=at(2031, 5, 20, 9))
    desk.refresh_from_db()
    return desk


def test_criteria_save_refuses_changing_weights_once_scoring_started(scored_desk, committee):
    data = criterion_rows(scored_desk)
    data[0]["weight"], data[3]["weight"] = Decimal("20"), Decimal("20")
    with pytest.raises(ValidationError) as error:
        services.criteria_save(stage=scored_desk, rows=data, actor=committee)
    assert error.value.code == "locked"
    assert error.value.messages == [
        "Penilaian tahap «Penilaian Proposal» sudah dimulai pada 20 Mei 2031, 09.00 WIB. Mengubah kriteria, bobot, "
        "nilai maksimal atau rubrik sekarang akan mengubah nilai yang sudah diberikan juri tanpa disadari. Bila "
        "perubahan ini memang harus dilakukan, centang konfirmasi dan tuliskan alasannya; perubahan akan dicatat."
    ]
    assert list(scored_desk.criteria.order_by("order").values_list("weight", flat=True)) == [
        Decimal(w) for w in ["10", "15", "5", "30", "20", "5", "15"]
    ]
    assert not CompetitionChange.objects.filter(kind=ChangeKind.CRITERIA).exists()


def test_criteria_save_refuses_a_new_criterion_once_scoring_started(scored_desk, committee):
    data = criterion_rows(scored_desk)
    data[6]["weight"] = Decimal("10")
    data.append({"id": None, "order": 8, "name": "Baru", "guidance": "", "weight": Decimal("5"), "max_score": 100})
    with pytest.raises(ValidationError) as error:
        services.criteria_save(stage=scored_desk, rows=data, actor=committee)
    assert error.value.code == "locked"
    assert scored_desk.criteria.count() == 7


def test_criteria_save_with_a_reason_records_the_override(scored_desk, committee):
    data = criterion_rows(scored_desk)
    data[0]["weight"], data[3]["weight"] = Decimal("20"), Decimal("20")
    reason = "Rapat panitia 21 Mei 2031: bobot latar belakang disamakan dengan pedoman provinsi."
    services.criteria_save(stage=scored_desk, rows=data, actor=committee, override_reason=reason)
    criterion = scored_desk.criteria.get(order=1)
    assert criterion.weight == Decimal("20")
    assert criterion.history.first().history_change_reason == reason
    change = scored_desk.competition.changes.first()
    assert (change.kind, change.is_lock_override, change.reason, change.actor) == (
        ChangeKind.CRITERIA,
        True,
        reason,
        committee,
    )


def test_criteria_save_without_changes_is_allowed_on_a_scored_stage(scored_desk, committee):
    services.criteria_save(stage=scored_desk, rows=criterion_rows(scored_desk), actor=committee)
    assert not CompetitionChange.objects.filter(kind=ChangeKind.CRITERIA).exists()


def test_rubric_save_refuses_changes_once_scoring_started(scored_desk, committee):
    criterion = scored_desk.criteria.get(order=1)
    data = rows(criterion.rubric_levels.all(), services.RUBRIC_FIELDS)
    data[0]["description"] = "Lain"
    with pytest.raises(ValidationError) as error:
        services.rubric_save(criterion=criterion, rows=data, actor=committee)
    assert error.value.code == "locked"
    services.rubric_save(criterion=criterion, rows=data, actor=committee, override_reason="Salah ketik")
    assert criterion.rubric_levels.first().description == "Lain"
    assert criterion.rubric_levels.first().history.first().history_change_reason == "Salah ketik"


def test_stages_save_refuses_changing_the_weight_of_a_scored_stage(scored_desk, committee):
    competition = scored_desk.competition
    data = stage_rows(competition)
    data[1]["weight"], data[2]["weight"] = Decimal("60"), Decimal("40")
    with pytest.raises(ValidationError) as error:
        services.stages_save(competition=competition, rows=data, actor=committee)
    assert error.value.code == "locked"
    services.stages_save(competition=competition, rows=data, actor=committee, override_reason="Keputusan rapat")
    assert stage(competition, 2).weight == Decimal("60")
    assert competition.changes.first().is_lock_override is True


def test_stages_save_lets_a_scored_stage_be_extended_without_a_reason(scored_desk, committee):
    competition = scored_desk.competition
    data = stage_rows(competition)
    data[1]["closes_at"] = scored_desk.closes_at + DAY
    services.stages_save(competition=competition, rows=data, actor=committee)
    assert stage(competition, 2).closes_at == scored_desk.closes_at + DAY
    assert competition.changes.first().is_lock_override is False


def test_stages_save_never_deletes_a_scored_stage(scored_desk, committee):
    competition = scored_desk.competition
    data = stage_rows(competition)
    data[1]["delete"] = True
    data[2]["weight"] = Decimal("100")
    with pytest.raises(ValidationError) as error:
        services.stages_save(competition=competition, rows=data, actor=committee, override_reason="Alasan")
    assert error.value.messages == ["Tahap «Penilaian Proposal» sudah dinilai dan tidak dapat dihapus."]


def test_criteria_save_never_deletes_a_scored_criterion(scored_desk, committee):
    criterion = scored_desk.criteria.get(order=1)
    ScoreFactory(scorecard__assignment__stage=scored_desk, criterion=criterion)
    data = criterion_rows(scored_desk)
    data[0]["delete"] = True
    data[1]["weight"] = Decimal("25")
    with pytest.raises(ValidationError) as error:
        services.criteria_save(stage=scored_desk, rows=data, actor=committee, override_reason="Alasan")
    assert error.value.messages == ["Kriteria «Latar Belakang dan Tujuan» sudah dinilai juri dan tidak dapat dihapus."]
    assert scored_desk.criteria.count() == 7


# Rubric, tiers, categories, documents -----------------------------------------------------------------------


def test_rubric_save_refuses_overlapping_or_out_of_range_levels(national, committee):
    criterion = stage(national, 2).criteria.get(order=1)
    data = rows(criterion.rubric_levels.all(), services.RUBRIC_FIELDS)
    data[1]["min_score"] = 35
    data[3]["max_score"] = 120
    with pytest.raises(ValidationError) as error:
        services.rubric_save(criterion=criterion, rows=data, actor=committee)
    assert error.value.message_dict == {
        "max_score": ["«Sangat baik»: Rentang nilai harus antara 0 dan nilai maksimal kriteria (100)."],
        "min_score": ["«Cukup»: Rentang ini tumpang tindih dengan tingkat «Kurang» (0–40)."],
    }


def test_award_tiers_save_refuses_places_outside_top_n(national, committee):
    data = rows(national.award_tiers.all(), services.TIER_FIELDS)
    data[2]["last_place"] = 11
    with pytest.raises(ValidationError) as error:
        services.award_tiers_save(competition=national, rows=data, actor=committee)
    assert error.value.message_dict == {"last_place": ["«Favorit»: Peringkat harus antara 1 dan Top N (10)."]}


def test_award_tiers_save_refuses_overlapping_tiers(national, committee):
    data = rows(national.award_tiers.all(), services.TIER_FIELDS)
    data[1]["first_place"] = 3
    with pytest.raises(ValidationError) as error:
        services.award_tiers_save(competition=national, rows=data, actor=committee)
    assert error.value.message_dict == {
        "first_place": ["«Terbaik»: Peringkat 3–6 tumpang tindih dengan «Tiga Besar» (1–3)."]
    }


def test_award_tiers_save_replaces_the_tiers(national, committee):
    data = rows(national.award_tiers.all(), services.TIER_FIELDS)
    data[2]["delete"] = True
    data[1]["last_place"] = 10
    data[1]["name"] = "Harapan"
    services.award_tiers_save(competition=national, rows=data, actor=committee)
    assert list(national.award_tiers.values_list("name", "first_place", "last_place")) == [
        ("Tiga Besar", 1, 3),
        ("Harapan", 4, 10),
    ]


def test_categories_save_adds_and_refuses_duplicates(national, committee):
    new = {"id": None, "delete": False, "order": 1, "name": "Umum", "description": ""}
    services.categories_save(competition=national, rows=[new], actor=committee)
    assert list(national.categories.values_list("name", flat=True)) == ["Umum"]
    with pytest.raises(ValidationError) as error:
        services.categories_save(competition=national, rows=[dict(new, name="umum")], actor=committee)
    assert error.value.message_dict == {"name": ["Kategori dengan nama ini sudah ada."]}


def test_attachment_requirements_save_makes_a_code_from_the_name(national, committee):
    data = rows(national.attachment_requirements.all(), services.REQUIREMENT_FIELDS)
    data.append(
        {
            "id": None,
            "delete": False,
            "order": 4,
            "code": "",
            "name": "Foto Kegiatan Inovasi",
            "description": "",
            "is_required": False,
        }
    )
    services.attachment_requirements_save(competition=national, rows=data, actor=committee)
    assert national.attachment_requirements.get(order=4).code == "foto-kegiatan-inovasi"


# Copy and archive -------------------------------------------------------------------------------------------


def structure(competition):
    """Everything a copy must carry over, without ids and with dates as given."""
    return {
        "fields": {
            name: getattr(competition, name)
            for name in [
                "description",
                "rules",
                "eligibility",
                "how_to_submit",
                "min_months_in_operation",
                "max_submissions_per_unit",
                "top_n",
                "requires_parent_endorsement",
                "ranking_method",
                "word_limits",
                "signatory_name",
                "signatory_title",
            ]
        },
        "categories": list(
            Category.objects.filter(competition=competition).values_list("order", "name", "description")
        ),
        "tiers": list(
            AwardTier.objects.filter(competition=competition).values_list("name", "first_place", "last_place")
        ),
        "requirements": list(
            AttachmentRequirement.objects.filter(competition=competition).values_list(
                "order", "code", "name", "description", "is_required"
            )
        ),
        "stages": [
            (
                s.order,
                s.name,
                s.kind,
                s.description,
                s.advance_count,
                s.weight,
                s.jurors_per_submission,
                [
                    (
                        c.order,
                        c.name,
                        c.guidance,
                        c.weight,
                        c.max_score,
                        list(c.rubric_levels.values_list("min_score", "max_score", "label", "description")),
                    )
                    for c in s.criteria.order_by("order")
                ],
            )
            for s in competition.stages.order_by("order")
        ],
    }


def test_competition_copy_carries_the_whole_structure_with_dates_a_year_later(national, committee):
    services.categories_save(
        competition=national,
        rows=[{"id": None, "order": 1, "name": "Replikasi", "description": "Inovasi hasil replikasi"}],
        actor=committee,
    )
    services.competition_update(
        competition=national,
        fields={
            "word_limits": {**national.word_limits, "summary": 250},
            "revision_deadline": CLOSES + 10 * DAY,
            "ceremony_date": dt.date(2031, 7, 14),
            "signatory_name": "Drs. Sutiaji",
        },
        actor=committee,
    )
    Stage.objects.filter(pk=stage(national, 2).pk).update(scoring_started_at=CLOSES + 20 * DAY)
    national.refresh_from_db()

    copy = services.competition_copy(source=national, year=2032, actor=committee)

    assert structure(copy) == structure(national)
    assert (copy.year, copy.title, copy.is_announced, copy.published_at, copy.archived_at) == (
        2032,
        "KIPP Kota Malang 2032",
        False,
        None,
        None,
    )
    assert copy.submission_opens_at == at(2032, 2, 1, 8)
    assert copy.submission_closes_at == at(2032, 4, 30, 23, 59)
    assert copy.revision_deadline == at(2032, 5, 10, 23, 59)
    assert copy.ceremony_date == dt.date(2032, 7, 14)
    old = list(national.stages.order_by("order"))
    new = list(copy.stages.order_by("order"))
    assert [(s.opens_at, s.closes_at) for s in new] == [
        (s.opens_at.replace(year=2032), s.closes_at.replace(year=2032)) for s in old
    ]
    assert all(s.scoring_started_at is None and s.closed_at is None for s in new)
    assert copy.changes.first().summary == "Disalin dari KIPP Kota Malang 2031; tanggal digeser 1 tahun."
    assert RubricLevel.objects.filter(criterion__stage__competition=copy).count() == 52


def test_competition_copy_records_who_created_the_copied_categories(national, committee):
    services.categories_save(
        competition=national,
        rows=[{"id": None, "order": 1, "name": "Replikasi", "description": ""}],
        actor=committee,
    )

    copy = services.competition_copy(source=national, year=national.year + 1, actor=committee)

    [category] = copy.categories.all()
    assert list(category.history.values_list("history_type", "history_user_id")) == [("+", committee.pk)]


def test_competition_copy_moves_29_february_to_28_february(db, committee):
    source = make_national(year=2028, actor=committee, opens=at(2028, 2, 29, 8), closes=at(2028, 4, 30, 23, 59))
    copy = services.competition_copy(source=source, year=2029, actor=committee)
    assert copy.submission_opens_at == at(2029, 2, 28, 8)


def test_competition_copy_refuses_an_existing_year(national, committee):
    make_national(year=2032, actor=committee)
    with pytest.raises(ValidationError) as error:
        services.competition_copy(source=national, year=2032, actor=committee)
    assert error.value.message_dict == {"year": ["Sudah ada kompetisi untuk tahun ini."]}


def test_competition_archive_and_restore_are_logged(national, committee):
    services.competition_archive(competition=national, actor=committee)
    national.refresh_from_db()
    assert national.archived_at is not None
    with pytest.raises(ValidationError):
        services.competition_archive(competition=national, actor=committee)
    services.competition_restore(competition=national, actor=committee)
    national.refresh_from_db()
    assert national.archived_at is None
    assert list(national.changes.values_list("kind", flat=True)[:2]) == [ChangeKind.RESTORED, ChangeKind.ARCHIVED]
