"""Permission predicates for competitions: who may configure and follow a competition year."""

import rules

from competitions.enums import StageKind
from kipp.rules import is_committee


@rules.predicate
def is_announced(user, competition) -> bool:
    return competition is not None and competition.is_announced


@rules.predicate
def scoring_started(user, stage) -> bool:
    """A stage whose first score is saved: its criteria and weights are locked."""
    return stage is not None and stage.scoring_started_at is not None


@rules.predicate
def is_scoring_stage(user, stage) -> bool:
    return stage is not None and stage.kind == StageKind.SCORING


@rules.predicate
def is_archived(user, competition) -> bool:
    return competition is not None and competition.archived_at is not None


rules.add_perm("competitions.manage_competition", is_committee)
# The public announcement page; the committee may preview it before announcing.
rules.add_perm("competitions.view_announcement", is_announced | is_committee)
# Criteria of a scoring stage change freely until the first score; after that only with a recorded reason.
rules.add_perm("competitions.change_criteria_freely", is_committee & is_scoring_stage & ~scoring_started)
rules.add_perm("competitions.archive_competition", is_committee & ~is_archived)
rules.add_perm("competitions.restore_competition", is_committee & is_archived)
