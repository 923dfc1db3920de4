"""The competition's phase, derived from its dates, its stages and the explicit publish/archive steps."""

from competitions.enums import Phase, StageKind


def competition_phase(competition, stages, now) -> Phase:
    """Return the phase of `competition` at `now`.

    Order of precedence: archived, published (explicit steps) > draft (not announced or before opening)
    > open (inside the submission window) > ranking (every scoring stage finished) > judging (a scoring
    stage has opened) > screening (registration closed, no scoring stage opened yet).
    """
    if competition.archived_at is not None:
        return Phase.ARCHIVED
    if competition.published_at is not None:
        return Phase.PUBLISHED
    if not competition.is_announced or now < competition.submission_opens_at:
        return Phase.DRAFT
    if now < competition.submission_closes_at:
        return Phase.OPEN
    scoring = [stage for stage in stages if stage.kind == StageKind.SCORING]
    if scoring and all(stage.is_finished_at(now) for stage in scoring):
        return Phase.RANKING
    if any(stage.opens_at <= now for stage in scoring):
        return Phase.JUDGING
    return Phase.SCREENING
