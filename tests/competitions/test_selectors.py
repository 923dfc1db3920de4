"""Reads other apps rely on: the scoring stages, the methodology sentences, the current competition."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from competitions import selectors, services
from competitions.enums import RankingMethod
from competitions.models import Competition, Stage
from tests.competitions.conftest import CLOSES, make_national, stage


def test_scoring_stage_helpers_follow_the_order(national):
    assert [s.name for s in selectors.scoring_stages(national)] == ["Penilaian Proposal", "Presentasi dan Wawancara"]
    assert selectors.first_scoring_stage(national).name == "Penilaian Proposal"
    assert selectors.final_scoring_stage(national).name == "Presentasi dan Wawancara"


def test_scoring_stage_helpers_without_stages_return_none(db):
    competition = services.competition_create(
        fields={
            "year": 2040,
            "title": "KIPP 2040",
            "submission_opens_at": CLOSES,
            "submission_closes_at": CLOSES + dt.timedelta(days=1),
        },
        actor=None,
        with_defaults=False,
    )
    assert selectors.scoring_stages(competition) == []
    assert selectors.first_scoring_stage(competition) is None
    assert selectors.final_scoring_stage(competition) is None
    assert selectors.methodology_lines(competition) == ["Tahap penilaian belum ditetapkan."]


def test_methodology_lines_state_stages_method_and_tie_break_chain(national):
    assert selectors.methodology_lines(national) == [
        "Tahap 2 «Penilaian Proposal» berbobot 70% dari nilai akhir, dengan kriteria: Latar Belakang dan Tujuan "
        "(bobot 10%, nilai maksimal 100); Kebaruan / Nilai Tambah (bobot 15%, nilai maksimal 100); Implementasi "
        "Inovasi (bobot 5%, nilai maksimal 100); Signifikansi (bobot 30%, nilai maksimal 100); Adaptabilitas "
        "(bobot 20%, nilai maksimal 100); Sumber Daya (bobot 5%, nilai maksimal 100); Strategi Keberlanjutan "
        "(bobot 15%, nilai maksimal 100).",
        "Tahap 3 «Presentasi dan Wawancara» berbobot 30% dari nilai akhir, dengan kriteria: Kebaruan (bobot 20%, "
        "nilai maksimal 100); Efektivitas (bobot 20%, nilai maksimal 100); Kemanfaatan (bobot 25%, nilai maksimal "
        "100); Dapat Direplikasi (bobot 15%, nilai maksimal 100); Keberlanjutan (bobot 15%, nilai maksimal 100); "
        "Penyajian dan Penguasaan Materi (bobot 5%, nilai maksimal 100).",
        "Nilai seorang juri pada satu tahap adalah jumlah bobot × nilai ÷ nilai maksimal setiap kriteria, pada "
        "skala 0–100.",
        "Metode pemeringkatan: Rata-rata nilai juri (mentah). Nilai tahap adalah rata-rata nilai para juri yang "
        "tidak memiliki konflik kepentingan dengan usulan itu, sehingga juri yang mundur karena konflik tidak "
        "merugikan siapa pun.",
        "Nilai akhir adalah jumlah bobot tahap × nilai tahap, dihitung bagi usulan yang mencapai tahap "
        "«Presentasi dan Wawancara»; 10 usulan dengan nilai akhir tertinggi menjadi pemenang.",
        "Bila nilai akhir sama, urutan ditentukan berturut-turut oleh: (1) nilai kriteria «Kemanfaatan» pada "
        "tahap «Presentasi dan Wawancara» (kriteria berbobot terbesar); (2) nilai tahap «Presentasi dan "
        "Wawancara»; (3) nilai tahap «Penilaian Proposal».",
        "Bila masih sama, usulan-usulan itu berbagi peringkat dan panitia memutuskan urutannya melalui pemungutan "
        "suara atau undian yang dicatat dalam berita acara, tidak pernah berdasarkan urutan pendaftaran.",
    ]


def test_methodology_lines_name_the_ranking_method(national):
    Competition.objects.filter(pk=national.pk).update(ranking_method=RankingMethod.ZSCORE)
    national.refresh_from_db()
    method = selectors.methodology_lines(national)[3]
    assert method.startswith("Metode pemeringkatan: Normalisasi z-score per juri.")


def test_methodology_lines_show_decimal_weights_with_a_comma(national, committee):
    desk = stage(national, 2)
    rows = [
        {"id": c.pk, **{f: getattr(c, f) for f in services.CRITERION_FIELDS}} for c in desk.criteria.order_by("order")
    ]
    rows[0]["weight"], rows[1]["weight"] = Decimal("12.5"), Decimal("12.5")
    services.criteria_save(stage=desk, rows=rows, actor=committee)
    assert "Latar Belakang dan Tujuan (bobot 12,5%, nilai maksimal 100)" in selectors.methodology_lines(national)[0]


def test_tie_break_criterion_takes_the_first_of_equal_highest_weights(national):
    presentation = stage(national, 3)
    presentation.criteria.filter(name="Kemanfaatan").update(weight=Decimal("20"))
    presentation.criteria.filter(name="Penyajian dan Penguasaan Materi").update(weight=Decimal("10"))
    assert selectors.tie_break_criterion(presentation).name == "Kebaruan"


def test_current_competition_is_the_latest_announced_not_archived(db):
    make_national(year=2030)
    latest = make_national(year=2031)
    make_national(year=2032, is_announced=False)
    make_national(year=2033)
    Competition.objects.filter(year=2033).update(archived_at=timezone.now())
    assert selectors.current_competition() == latest


def test_current_competition_is_none_without_announced_competitions(db):
    make_national(year=2031, is_announced=False)
    assert selectors.current_competition() is None


def test_next_deadline_is_the_nearest_date_ahead(national):
    desk = stage(national, 2)
    assert selectors.next_deadline(national, now=CLOSES - dt.timedelta(days=1))["label"] == "Pendaftaran ditutup"
    assert selectors.next_deadline(national, now=desk.opens_at)["label"] == "«Penilaian Proposal» ditutup"
    Stage.objects.filter(pk=desk.pk).update(closed_at=desk.opens_at)
    national = Competition.objects.get(pk=national.pk)
    assert selectors.next_deadline(national, now=desk.opens_at)["label"] == "«Presentasi dan Wawancara» dibuka"
    assert selectors.next_deadline(national, now=CLOSES + dt.timedelta(days=365)) is None


def test_timeline_lists_registration_and_every_stage_in_time_order(national):
    labels = [entry["label"] for entry in selectors.timeline(national)]
    assert labels == [
        "Pendaftaran dan pengiriman usulan",
        "Seleksi Administrasi",
        "Penilaian Proposal",
        "Presentasi dan Wawancara",
    ]
