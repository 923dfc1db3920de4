"""A juror scoring on a phone, and the committee's stage pages, in a real browser (Chromium).

Uses the browser fixtures of tests/browser (imported below); every page visited must pass the shared page
checks: no console or network errors, no CSP violation, the accessibility basics.
"""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from competitions.enums import StageKind
from judging.models import Assignment, JuryMember, Scorecard
from judging.services.assignment import assignment_auto
from judging.services.scoring import scorecard_save
from kipp.enums import UnitKind
from submissions.enums import SubmissionStatus
from tests.browser.checks import checks_for
from tests.browser.helpers import login, visit
from tests.factories import (
    CommitteeFactory,
    CompetitionFactory,
    CriterionFactory,
    JurorFactory,
    RubricLevelFactory,
    StageFactory,
    SubmissionFactory,
    UnitFactory,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def desk(transactional_db):
    now = timezone.now()
    competition = CompetitionFactory(
        year=2026,
        submission_opens_at=now - dt.timedelta(days=45),
        submission_closes_at=now - dt.timedelta(days=1),
    )
    stage = StageFactory(competition=competition, order=2, name="Penilaian Proposal", kind=StageKind.SCORING)
    novelty = CriterionFactory(stage=stage, order=1, name="Kebaruan", weight=Decimal("40"), max_score=100)
    impact = CriterionFactory(stage=stage, order=2, name="Signifikansi", weight=Decimal("60"), max_score=50)
    RubricLevelFactory(criterion=novelty, min_score=0, max_score=59, label="Kurang")
    RubricLevelFactory(criterion=novelty, min_score=60, max_score=79, label="Baik")
    RubricLevelFactory(criterion=novelty, min_score=80, max_score=100, label="Sangat baik")
    RubricLevelFactory(criterion=impact, min_score=0, max_score=50, label="Sesuai data")
    return stage


def submission(stage, name, unit=None):
    return SubmissionFactory(
        competition=stage.competition,
        stage=stage,
        status=SubmissionStatus.ELIGIBLE,
        name=name,
        unit=unit or UnitFactory(),
        background="Antrean panjang di loket pelayanan.",
        significance="Waktu layanan turun dari 3 hari menjadi 1 jam.",
    )


def test_juror_scores_on_a_phone(phone_page, desk):
    juror = JurorFactory(full_name="Dr. Siti Aminah")
    JuryMember.objects.create(stage=desk, juror=juror)
    first = Assignment.objects.create(stage=desk, submission=submission(desk, "SIAPEL"), juror=juror)
    Assignment.objects.create(stage=desk, submission=submission(desk, "SEPAKAT 22"), juror=juror)
    novelty, impact = desk.criteria.order_by("order")
    page = phone_page
    page.on("dialog", lambda dialog: dialog.accept())

    login(page, juror)
    expect(page).to_have_url(re.compile(r"/penilaian/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Penilaian saya")
    page.get_by_role("link", name="SIAPEL").click()

    score = page.get_by_label("Nilai (0–100)")
    assert score.bounding_box()["height"] >= 44
    bar = page.locator(".kipp-scorebar")
    box = bar.bounding_box()
    assert box["y"] + box["height"] <= 844 + 1
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390

    score.fill("120")
    expect(page.locator(f'[data-range-hint="{novelty.pk}"]')).to_be_visible()
    score.fill("85")
    expect(page.locator(f'[data-range-hint="{novelty.pk}"]')).to_be_hidden()
    expect(page.locator("[data-total]")).to_have_text("34,00")
    expect(page.locator(f'[data-rubric-for="{novelty.pk}"] .active')).to_contain_text("Sangat baik")
    page.get_by_role("button", name="Simpan draf").click()
    expect(page.locator(".alert-success")).to_contain_text("Draf tersimpan.")

    page.get_by_label("Nilai (0–50)").fill("40,5")
    expect(page.locator("[data-total]")).to_have_text("82,60")
    page.get_by_role("button", name="Kirim final").click()
    expect(page.locator(".alert-success").first).to_contain_text("Lembar nilai dikirim final")
    card = Scorecard.objects.get(assignment=first)
    assert (card.status, sorted(card.scores.values_list("value", flat=True))) == (
        "final",
        [Decimal("40.50"), Decimal("85.00")],
    )
    page.get_by_role("link", name="Sebelumnya").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("SEPAKAT 22")
    checks_for(page).assert_clean()


def test_typed_values_survive_a_reload_without_saving(phone_page, desk):
    juror = JurorFactory()
    JuryMember.objects.create(stage=desk, juror=juror)
    assignment = Assignment.objects.create(stage=desk, submission=submission(desk, "KOPI TUBRUK"), juror=juror)
    page = phone_page
    page.on("dialog", lambda dialog: dialog.accept())
    login(page, juror)

    visit(page, f"/penilaian/tugas/{assignment.pk}/")
    page.get_by_label("Nilai (0–100)").fill("66")
    page.reload()

    expect(page.get_by_label("Nilai (0–100)")).to_have_value("66")
    expect(page.locator("[data-restored]")).to_be_visible()
    assert Scorecard.objects.filter(assignment=assignment).count() == 0
    checks_for(page).assert_clean()


def test_committee_stage_pages_pass_page_checks(new_page, desk):
    committee = CommitteeFactory()
    dinas = UnitFactory(name="Dinas Pendidikan dan Kebudayaan")
    school = UnitFactory(name="SMP Negeri 5 Malang", kind=UnitKind.SEKOLAH, parent=dinas)
    jurors = [JurorFactory(unit=dinas, full_name="Drs. Agus Santoso")] + [JurorFactory() for _ in range(3)]
    for juror in jurors:
        JuryMember.objects.create(stage=desk, juror=juror)
    submissions = [submission(desk, "Si Kawan Duduk", unit=school)] + [
        submission(desk, f"Inovasi {i}") for i in range(4)
    ]
    assignment_auto(stage=desk, by=committee)
    novelty, impact = desk.criteria.order_by("order")
    for index, item in enumerate(Assignment.objects.filter(submission__in=submissions).order_by("pk")):
        scorecard_save(
            juror=item.juror,
            assignment=item,
            values={novelty.pk: 40 + 7 * (index % 8), impact.pk: 20 + index % 5},
            final=True,
        )
    page = new_page("desktop")
    login(page, committee)

    for path in ("", "juri/", "konflik/", "kalibrasi/"):
        visit(page, f"/penilaian/panitia/tahap/{desk.pk}/{path}")
    expect(page.locator("svg.kipp-hist")).to_have_count(4)
    visit(page, "/penilaian/panitia/")
    checks_for(page).assert_clean()
