"""KIPP 2023 (past, to be published by the results part) and KIPP 2026 (in progress): the competitions part
of `load_demo`. Idempotent: a year that exists is left exactly as it is.
"""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from competitions import services
from competitions.models import Competition
from competitions.validation import stage_problems


def _at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, hour, minute))


def _retime(competition: Competition, windows: dict[str, dict]) -> None:
    """Give the default stages the demo's dates (by stage name), checking the result against the rules."""
    stages = list(competition.stages.all())
    for stage in stages:
        for name, value in windows.get(stage.name, {}).items():
            setattr(stage, name, value)
    problems = stage_problems(competition=competition, stages=stages)
    if problems:
        raise ValueError(f"demo stages break the rules: {problems}")
    for stage in stages:
        stage.full_clean()
        stage.save()


def _kipp_2023(actor) -> Competition:
    competition = services.competition_create(
        fields={
            "year": 2023,
            "title": "KIPP Kota Malang 2023",
            "is_announced": True,
            "submission_opens_at": _at(2023, 2, 1, 8),
            "submission_closes_at": _at(2023, 4, 30, 23, 59),
            "revision_deadline": _at(2023, 5, 10, 23, 59),
            "min_months_in_operation": 12,
            "max_submissions_per_unit": 3,
            "top_n": 10,
            "ceremony_date": dt.date(2023, 7, 10),
            "signatory_name": "Drs. Sutiaji",
            "signatory_title": "Wali Kota Malang",
        },
        actor=actor,
    )
    _retime(
        competition,
        {
            "Seleksi Administrasi": {"opens_at": _at(2023, 5, 2, 8), "closes_at": _at(2023, 5, 12, 16)},
            "Penilaian Proposal": {
                "opens_at": _at(2023, 5, 15, 8),
                "closes_at": _at(2023, 6, 10, 23, 59),
                "advance_count": 20,
                "weight": Decimal("70"),
            },
            "Presentasi dan Wawancara": {
                "opens_at": _at(2023, 6, 20, 8),
                "closes_at": _at(2023, 6, 21, 17),
                "jurors_per_submission": 4,
                "weight": Decimal("30"),
            },
        },
    )
    return competition


def _kipp_2026(actor) -> Competition:
    """Registration open for ten more days, the desk stage scoring on a rolling basis, presentations ahead."""
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    day = dt.timedelta(days=1)
    opens = today - 45 * day + dt.timedelta(hours=8)
    closes = today + 10 * day + dt.timedelta(hours=23, minutes=59)
    ceremony = (today + 45 * day).date()
    ceremony += dt.timedelta(days=(7 - ceremony.weekday()) % 7)  # the Monday assembly
    competition = services.competition_create(
        fields={
            "year": 2026,
            "title": "KIPP Kota Malang 2026",
            "is_announced": True,
            "submission_opens_at": opens,
            "submission_closes_at": closes,
            "revision_deadline": today + 17 * day + dt.timedelta(hours=23, minutes=59),
            "min_months_in_operation": 12,
            "max_submissions_per_unit": 3,
            "top_n": 10,
            "ceremony_date": ceremony,
            "signatory_name": "Dr. Ir. Wahyu Hidayat, M.M.",
            "signatory_title": "Wali Kota Malang",
        },
        actor=actor,
    )
    _retime(
        competition,
        {
            "Seleksi Administrasi": {
                "opens_at": opens,
                "closes_at": today + 21 * day + dt.timedelta(hours=16),
                "description": "Usulan diperiksa begitu dikirim: lolos, tidak lolos, atau dikembalikan untuk "
                "perbaikan sampai batas perbaikan.",
            },
            "Penilaian Proposal": {
                "opens_at": today - 14 * day + dt.timedelta(hours=8),
                "closes_at": today + 24 * day + dt.timedelta(hours=23, minutes=59),
                "advance_count": 20,
                "jurors_per_submission": 3,
                "weight": Decimal("70"),
                "description": "Juri menilai proposal yang lolos seleksi secara bergulir, sejak usulan dinyatakan "
                "lolos sampai tahap ditutup.",
            },
            "Presentasi dan Wawancara": {
                "opens_at": today + 30 * day + dt.timedelta(hours=8),
                "closes_at": today + 37 * day + dt.timedelta(hours=16),
                "jurors_per_submission": 4,
                "weight": Decimal("30"),
            },
        },
    )
    return competition


def load(context: dict) -> dict:
    actor = (context.get("people") or {}).get("panitia")
    competitions = {}
    for year, build in [(2023, _kipp_2023), (2026, _kipp_2026)]:
        competition = Competition.objects.filter(year=year).first()
        competitions[year] = competition if competition is not None else build(actor)
    return {"competitions": competitions}
