"""Small, valid worlds for the fuzz tests: built once per test, then every example is rolled back.

Each world is valid by the app's own rules (weights add up to 100, windows in order), so that valid
examples reach the services and hostile ones are refused by the real checks, not by a broken set-up.
"""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone

from competitions.enums import StageKind
from competitions.models import Competition
from judging.enums import ConflictSource, ScorecardStatus
from judging.models import Assignment, ConflictOfInterest, JuryMember, Score, Scorecard
from judging.services.publication import publication_publish
from kipp.enums import UnitKind
from submissions import services as submission_services
from submissions.enums import SubmissionStatus
from tests.factories import (
    AttachmentRequirementFactory,
    AwardTierFactory,
    CategoryFactory,
    CommitteeFactory,
    CompetitionFactory,
    CriterionFactory,
    JurorFactory,
    OperatorFactory,
    RubricLevelFactory,
    StageFactory,
    SubmissionFactory,
    UnitFactory,
)

DAY = dt.timedelta(days=1)


def complete_proposal(**overrides) -> dict:
    """Everything the completeness check asks for, as `submission_create` takes it."""
    data = {
        "name": "SIDAKEP",
        "acronym_meaning": "Sistem Antar Dokumen Kependudukan",
        "started_on": timezone.localdate() - 900 * DAY,
        "sdgs": [10, 16],
        "is_application": False,
        "video_url": "https://video.example.test/sidakep",
        "innovators": "Budi Santoso, Kepala Bidang",
        "contact_name": "Budi Santoso",
        "contact_phone": "0812-3456-7890",
        "contact_email": "budi@example.test",
        "summary": "Layanan antar dokumen kependudukan ke rumah warga lansia.",
        "background": "Warga lansia harus antre berjam-jam.",
        "novelty": "Petugas keliling dengan perekaman biometrik portabel.",
        "implementation": "Warga mendaftar lewat WhatsApp.",
        "significance": "Waktu layanan turun dari tiga hari menjadi satu hari.",
        "adaptability_replicated": "Belum ada.",
        "adaptability_potential": "Dapat ditiru kelurahan lain.",
        "resources": "Dua petugas dan satu mobil dinas.",
        "sustainability": "Diatur Peraturan Wali Kota.",
    }
    data.update(overrides)
    return data


def score_card(assignment: Assignment, values: dict, *, final: bool = True) -> Scorecard:
    """A scorecard with the given {criterion: value} written directly (the worlds' fixed past)."""
    card = Scorecard.objects.create(
        assignment=assignment,
        status=ScorecardStatus.FINAL if final else ScorecardStatus.DRAFT,
        submitted_at=timezone.now() - DAY if final else None,
        version=1,
    )
    Score.objects.bulk_create(
        Score(scorecard=card, criterion=criterion, value=Decimal(str(value))) for criterion, value in values.items()
    )
    return card


def seat(stage, *jurors) -> None:
    JuryMember.objects.bulk_create(JuryMember(stage=stage, juror=juror) for juror in jurors)


def submission_world() -> SimpleNamespace:
    """An open competition with a category; an operator's complete draft, a submitted proposal, and a
    school whose proposal awaits its dinas's endorsement."""
    now = timezone.now()
    competition = CompetitionFactory(
        year=2041,
        submission_opens_at=now - 20 * DAY,
        submission_closes_at=now + 20 * DAY,
        max_submissions_per_unit=3,
        requires_parent_endorsement=True,
    )
    category = CategoryFactory(competition=competition, name="Umum")
    StageFactory(competition=competition, order=1, kind=StageKind.SCORING, weight=Decimal(100))
    dinas = UnitFactory(name="Dinas Kependudukan", kind=UnitKind.DINAS)
    school = UnitFactory(name="SMP Negeri 5", kind=UnitKind.SEKOLAH, parent=dinas)
    operator = OperatorFactory(unit=dinas)
    school_operator = OperatorFactory(unit=school)
    draft = submission_services.submission_create(
        competition=competition, user=operator, data=complete_proposal(category=category)
    )
    sent = submission_services.submission_create(
        competition=competition, user=operator, data=complete_proposal(name="SI CEPAT", category=category)
    )
    sent = submission_services.submission_submit(submission=sent, user=operator, notify=False)
    awaiting = submission_services.submission_create(
        competition=competition, user=school_operator, data=complete_proposal(name="SEKOLAH RAMAH", category=category)
    )
    awaiting = submission_services.submission_submit(submission=awaiting, user=school_operator, notify=False)
    assert awaiting.status == SubmissionStatus.AWAITING_ENDORSEMENT
    other = SubmissionFactory(name="MILIK LAIN", status=SubmissionStatus.SUBMITTED)
    return SimpleNamespace(
        committee=CommitteeFactory(),
        competition=competition,
        category=category,
        operator=operator,
        school_operator=school_operator,
        draft=draft,
        sent=sent,
        awaiting=awaiting,
        other=other,
    )


def _configured_competition(year: int, now) -> Competition:
    """A year configured as the committee would: screening and two scoring stages whose windows follow
    each other, criteria whose weights add up to 100 with rubrics, two award tiers, one category and one
    required document (small, so that each re-rendered page stays cheap)."""
    opens, closes = now - 10 * DAY, now + 20 * DAY
    competition = CompetitionFactory(year=year, submission_opens_at=opens, submission_closes_at=closes, top_n=10)
    StageFactory(competition=competition, order=1, kind=StageKind.SCREENING, weight=0, opens_at=opens, closes_at=closes)
    desk = StageFactory(
        competition=competition,
        order=2,
        name="Penilaian Proposal",
        weight=Decimal(60),
        opens_at=closes + DAY,
        closes_at=closes + 15 * DAY,
        advance_count=20,
    )
    final = StageFactory(
        competition=competition,
        order=3,
        name="Presentasi",
        weight=Decimal(40),
        opens_at=closes + 16 * DAY,
        closes_at=closes + 25 * DAY,
    )
    plan = {desk: [("Kebaruan", 40, 100), ("Signifikansi", 60, 50)], final: [("Paparan", 70, 100), ("Tanya", 30, 10)]}
    for stage, rows in plan.items():
        for order, (name, weight, max_score) in enumerate(rows, start=1):
            criterion = CriterionFactory(
                stage=stage, order=order, name=name, weight=Decimal(weight), max_score=max_score
            )
            RubricLevelFactory(criterion=criterion, min_score=0, max_score=max_score // 2, label="Kurang")
            RubricLevelFactory(criterion=criterion, min_score=max_score // 2 + 1, max_score=max_score, label="Baik")
    AwardTierFactory(competition=competition, name="Tiga Besar", first_place=1, last_place=3)
    AwardTierFactory(competition=competition, name="Terbaik", first_place=4, last_place=10)
    CategoryFactory(competition=competition, name="Umum")
    AttachmentRequirementFactory(competition=competition, code="surat-implementasi", name="Surat implementasi")
    return competition


def config_world() -> SimpleNamespace:
    """A configured competition, plus another year whose objects must never be reachable from the first
    one's pages."""
    now = timezone.now().replace(second=0, microsecond=0)
    competition = _configured_competition(2040, now)
    other = _configured_competition(2039, now)
    stages = list(competition.stages.order_by("order"))
    scoring = [stage for stage in stages if stage.kind == StageKind.SCORING]
    return SimpleNamespace(
        committee=CommitteeFactory(),
        competition=competition,
        other=other,
        stages=stages,
        scoring=scoring,
        criterion=scoring[0].criteria.order_by("order").first(),
        now=now,
    )


def jury_world() -> SimpleNamespace:
    """An open desk stage with three criteria (one with an odd maximum), four jurors on the panel and
    assignments in every state: none yet, a draft, a final scorecard; one recorded conflict and one
    juror from the parent unit of a submission (a conflict by the organisation chart)."""
    now = timezone.now()
    competition = CompetitionFactory(
        year=2042, submission_opens_at=now - 40 * DAY, submission_closes_at=now - 5 * DAY, top_n=3
    )
    stage = StageFactory(
        competition=competition,
        order=1,
        kind=StageKind.SCORING,
        weight=Decimal(100),
        opens_at=now - 2 * DAY,
        closes_at=now + 10 * DAY,
        jurors_per_submission=2,
    )
    criteria = [
        CriterionFactory(stage=stage, order=1, name="Kebaruan", weight=Decimal("20"), max_score=100),
        CriterionFactory(stage=stage, order=2, name="Signifikansi", weight=Decimal("50.5"), max_score=50),
        CriterionFactory(stage=stage, order=3, name="Keberlanjutan", weight=Decimal("29.5"), max_score=7),
    ]
    dinas = UnitFactory(name="Dinas Pendidikan")
    school = UnitFactory(name="SMP Negeri 10", kind=UnitKind.SEKOLAH, parent=dinas)
    units = [UnitFactory() for _ in range(3)] + [school]
    submissions = [
        SubmissionFactory(competition=competition, unit=unit, stage=stage, status=SubmissionStatus.ELIGIBLE)
        for unit in units
    ]
    jurors = [JurorFactory() for _ in range(3)] + [JurorFactory(unit=dinas)]
    seat(stage, *jurors)
    juror = jurors[0]
    assignments = [Assignment.objects.create(stage=stage, submission=s, juror=juror) for s in submissions[:3]]
    Assignment.objects.create(stage=stage, submission=submissions[0], juror=jurors[1])
    score_card(assignments[1], {criteria[0]: 40}, final=False)
    score_card(assignments[2], {criteria[0]: 80, criteria[1]: 25.5, criteria[2]: 7})
    ConflictOfInterest.objects.create(
        juror=jurors[2], submission=submissions[1], reason="Keluarga", source=ConflictSource.DECLARED
    )
    other_stage = StageFactory(kind=StageKind.SCORING)
    foreign = CriterionFactory(stage=other_stage, weight=Decimal(100))
    return SimpleNamespace(
        committee=CommitteeFactory(),
        competition=competition,
        stage=stage,
        criteria=criteria,
        units=units,
        submissions=submissions,
        jurors=jurors,
        juror=juror,
        assignments=assignments,
        other_stage=other_stage,
        foreign_criterion=foreign,
    )


def _scored_stage(competition, *, order, weight, opens_at, closes_at, closed=False, advance_count=None):
    stage = StageFactory(
        competition=competition,
        order=order,
        kind=StageKind.SCORING,
        weight=Decimal(weight),
        opens_at=opens_at,
        closes_at=closes_at,
        advance_count=advance_count,
        closed_at=closes_at if closed else None,
    )
    criteria = [
        CriterionFactory(stage=stage, order=1, name=f"Dampak {order}", weight=Decimal(60), max_score=100),
        CriterionFactory(stage=stage, order=2, name=f"Kebaruan {order}", weight=Decimal(40), max_score=100),
    ]
    return stage, criteria


def close_world() -> SimpleNamespace:
    """The desk stage's deadline has passed; four submissions scored by three jurors, one scorecard still
    a draft (closing then needs a confirmation); two may advance to the presentation stage."""
    now = timezone.now()
    competition = CompetitionFactory(
        year=2043, submission_opens_at=now - 60 * DAY, submission_closes_at=now - 30 * DAY, top_n=2
    )
    stage, criteria = _scored_stage(
        competition, order=1, weight=50, opens_at=now - 20 * DAY, closes_at=now - DAY, advance_count=2
    )
    _scored_stage(competition, order=2, weight=50, opens_at=now + DAY, closes_at=now + 5 * DAY)
    submissions = [
        SubmissionFactory(competition=competition, stage=stage, status=SubmissionStatus.ELIGIBLE, name=f"USULAN {i}")
        for i in range(4)
    ]
    jurors = [JurorFactory() for _ in range(3)]
    seat(stage, *jurors)
    for index, submission in enumerate(submissions):
        for number, juror in enumerate(jurors):
            assignment = Assignment.objects.create(stage=stage, submission=submission, juror=juror)
            final = not (index == 3 and number == 2)
            score_card(assignment, {criteria[0]: 50 + 10 * index, criteria[1]: 70 - number}, final=final)
    return SimpleNamespace(committee=CommitteeFactory(), competition=competition, stage=stage, submissions=submissions)


def publish_world() -> SimpleNamespace:
    """Every stage closed; five finalists of which places 2 and 3 tie exactly across Top 2, and a first
    publication (with the tie accepted by a recorded note) that can be withdrawn."""
    now = timezone.now()
    competition = CompetitionFactory(
        year=2044, submission_opens_at=now - 90 * DAY, submission_closes_at=now - 60 * DAY, top_n=2
    )
    stage, criteria = _scored_stage(
        competition, order=1, weight=100, opens_at=now - 30 * DAY, closes_at=now - 2 * DAY, closed=True
    )
    submissions = [
        SubmissionFactory(competition=competition, stage=stage, status=SubmissionStatus.FINALIST, name=f"FINALIS {i}")
        for i in range(5)
    ]
    jurors = [JurorFactory() for _ in range(3)]
    seat(stage, *jurors)
    points = [90, 80, 80, 70, 60]
    for submission, value in zip(submissions, points, strict=True):
        for juror in jurors:
            assignment = Assignment.objects.create(stage=stage, submission=submission, juror=juror)
            score_card(assignment, {criteria[0]: value, criteria[1]: value})
    committee = CommitteeFactory()
    publication = publication_publish(
        competition=competition, actor=committee, tie_override_note="Berbagi peringkat 2.", backup=False
    )
    return SimpleNamespace(
        committee=committee,
        competition=competition,
        stage=stage,
        submissions=submissions,
        tied=submissions[1:3],
        publication=publication,
    )
