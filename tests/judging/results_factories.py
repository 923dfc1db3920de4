"""Helpers for the results tests: a competition with scoring stages, and scorecards written in one call."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from competitions.models import AwardTier
from judging.enums import ScorecardStatus
from judging.models import Assignment, Score, Scorecard
from judging.services.scoring import refresh_stored_totals
from submissions.enums import AttachmentKind, SubmissionStatus
from submissions.models import Attachment
from tests.factories import (
    CompetitionFactory,
    CriterionFactory,
    JurorFactory,
    StageFactory,
    SubmissionFactory,
    UnitFactory,
)


def past_competition(**kwargs):
    """A competition whose registration closed a month ago."""
    now = timezone.now()
    kwargs.setdefault("submission_opens_at", now - dt.timedelta(days=90))
    kwargs.setdefault("submission_closes_at", now - dt.timedelta(days=60))
    kwargs.setdefault("signatory_name", "Drs. H. Wahyu Hidayat, M.M.")
    kwargs.setdefault("signatory_title", "Penjabat Wali Kota Malang")
    return CompetitionFactory(**kwargs)


def scoring_stage(competition, *, order, weight, criteria, closed=False, open_now=False, advance_count=None, name=""):
    """A scoring stage with `criteria` = [(weight, max_score), ...] (returned in order)."""
    now = timezone.now()
    if open_now:
        opens, closes = now - dt.timedelta(days=5), now + dt.timedelta(days=5)
    else:
        opens, closes = now - dt.timedelta(days=40 - order * 10), now - dt.timedelta(days=35 - order * 10)
    stage = StageFactory(
        competition=competition,
        order=order,
        name=name or f"Tahap {order}",
        weight=Decimal(weight),
        opens_at=opens,
        closes_at=closes,
        advance_count=advance_count,
        closed_at=now - dt.timedelta(days=1) if closed else None,
    )
    made = [
        CriterionFactory(stage=stage, order=index, name=f"K{order}.{index + 1}", weight=Decimal(w), max_score=m)
        for index, (w, m) in enumerate(criteria)
    ]
    return stage, made


def submission(competition, *, stage=None, status=SubmissionStatus.ELIGIBLE, **kwargs):
    return SubmissionFactory(competition=competition, stage=stage, status=status, **kwargs)


def scorecard(stage, sub, juror, values, *, criteria, status=ScorecardStatus.FINAL, comments=None, note=""):
    """An assignment and a scorecard of `juror` on `sub` with one value per criterion (None = no score)."""
    assignment = Assignment.objects.create(stage=stage, submission=sub, juror=juror)
    card = Scorecard.objects.create(
        assignment=assignment,
        status=status,
        overall_note=note,
        submitted_at=timezone.now() if status == ScorecardStatus.FINAL else None,
    )
    comments = comments or [""] * len(values)
    Score.objects.bulk_create(
        Score(scorecard=card, criterion=criterion, value=None if value is None else Decimal(str(value)), comment=text)
        for criterion, value, text in zip(criteria, values, comments, strict=True)
    )
    if status == ScorecardStatus.FINAL:
        refresh_stored_totals([stage.pk])  # stored as scorecard_save stores it
        card.refresh_from_db()
    return card


def bulk_scores(stage, criteria, rows):
    """Fast path for many scorecards: rows = [(submission, juror, [values...]), ...], all final."""
    assignments = Assignment.objects.bulk_create(
        Assignment(stage=stage, submission=sub, juror=juror) for sub, juror, _values in rows
    )
    now = timezone.now()
    cards = Scorecard.objects.bulk_create(
        Scorecard(assignment=assignment, status=ScorecardStatus.FINAL, submitted_at=now) for assignment in assignments
    )
    Score.objects.bulk_create(
        Score(scorecard=card, criterion=criterion, value=Decimal(str(value)))
        for card, (_s, _j, values) in zip(cards, rows, strict=True)
        for criterion, value in zip(criteria, values, strict=True)
    )
    refresh_stored_totals([stage.pk])


def jurors(count, **kwargs):
    return [JurorFactory(**kwargs) for _ in range(count)]


def malang_tiers(competition):
    """Malang 2023's bands: 1–3 Tiga Besar, 4–6 Terbaik, 7–10 Favorit."""
    return [
        AwardTier.objects.create(competition=competition, name="Tiga Besar", first_place=1, last_place=3),
        AwardTier.objects.create(competition=competition, name="Terbaik", first_place=4, last_place=6),
        AwardTier.objects.create(competition=competition, name="Favorit", first_place=7, last_place=10),
    ]


def one_stage_competition(*, scores, top_n=3, closed=True, **kwargs):
    """A single closed scoring stage (one 100-weight criterion out of 100) scored as `scores` says.

    `scores` maps a submission name to a list of juror totals; the same jurors score every submission in
    order (a None skips that juror). Returns (competition, stage, {name: submission}, [jurors]).
    """
    competition = past_competition(top_n=top_n, **kwargs)
    stage, (criterion,) = scoring_stage(competition, order=1, weight=100, criteria=[(100, 100)], closed=closed)
    panel = jurors(max(len(values) for values in scores.values()))
    subs = {}
    for name, values in scores.items():
        sub = submission(competition, stage=stage, name=name, unit=UnitFactory())
        subs[name] = sub
        for juror, value in zip(panel, values, strict=False):
            if value is not None:
                scorecard(stage, sub, juror, [value], criteria=[criterion])
    return competition, stage, subs, panel


def photo_attachment(sub, content: bytes = b"\x89PNG\r\n\x1a\n", name="foto.png"):
    """A stored photo attachment (the bytes are served as they are)."""
    from django.core.files.base import ContentFile

    attachment = Attachment(
        submission=sub,
        kind=AttachmentKind.PHOTO,
        original_name=name,
        content_type="image/png",
        size=len(content),
        sha256="0" * 64,
    )
    attachment.file.save(name, ContentFile(content), save=False)
    attachment.save()
    return attachment


def publish(competition, actor=None, **kwargs):
    """Publish through the service (without the pre-publication backup unless asked)."""
    from judging.services.publication import publication_publish
    from tests.factories import CommitteeFactory

    kwargs.setdefault("backup", False)
    return publication_publish(competition=competition, actor=actor or CommitteeFactory(), **kwargs)


def published_competition(count=4, *, top_n=3, year=None, **kwargs):
    """A one-stage competition with `count` submissions scored 90, 80, 70, ... by two jurors, published.

    Returns (competition, publication, [submissions in score order]).
    """
    scores = {f"INOVASI {chr(65 + index)}": [90 - 10 * index, 90 - 10 * index] for index in range(count)}
    if year is not None:
        kwargs["year"] = year
    competition, _stage, subs, _panel = one_stage_competition(scores=scores, top_n=top_n, **kwargs)
    malang_tiers(competition)
    publication = publish(competition)
    return competition, publication, [subs[name] for name in scores]
