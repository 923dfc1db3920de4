"""Permission predicates for competitions: who may configure and follow a competition year."""

import rules

from kipp.rules import is_committee


@rules.predicate
def is_announced(user, competition) -> bool:
    return competition is not None and competition.is_announced


@rules.predicate
def is_archived(user, competition) -> bool:
    return competition is not None and competition.archived_at is not None


rules.add_perm("competitions.manage_competition", is_committee)
# The public announcement page; the committee may preview it before announcing.
rules.add_perm("competitions.view_announcement", is_announced | is_committee)
rules.add_perm("competitions.archive_competition", is_committee & ~is_archived)
rules.add_perm("competitions.restore_competition", is_committee & is_archived)
