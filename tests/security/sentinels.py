"""What must never leak, planted in the world by conftest.py and looked for in every response."""

from decimal import Decimal

# Every secret title carries MARKER: no refused page (log-in, 403, 404, 405) may show it.
MARKER = "RAHASIA-7731"
SENTINEL_TITLE = f"SENTINEL-{MARKER}"
# Juror A's comment and score on the sentinel: only juror A, the committee and the superuser may read them.
JUROR_A_COMMENT = "KOMENTAR-JURI-A-9931"
JUROR_A_SCORE = Decimal("87.25")
JUROR_A_SCORE_TEXTS = ("87.25", "87,25")
# A comment on the published sentinel: its unit reads it after publication, never the juror's name.
PUBLISHED_COMMENT = "KOMENTAR-TERBIT-5521"
PUBLISHED_JUROR_NAME = "Prof. Penilai Tersembunyi"

# Secret -> the personas that may read it; everyone else must never get it, on any page, allowed or not.
BLIND = {
    JUROR_A_COMMENT: frozenset({"juror_assigned", "committee", "superuser"}),
    **{text: frozenset({"juror_assigned", "committee", "superuser"}) for text in JUROR_A_SCORE_TEXTS},
    PUBLISHED_COMMENT: frozenset({"operator_own", "committee", "superuser"}),
    PUBLISHED_JUROR_NAME: frozenset({"committee", "superuser"}),
}
# What a refused page must never carry, whoever asks.
NEVER_ON_REFUSED_PAGES = (MARKER, JUROR_A_COMMENT, PUBLISHED_COMMENT)
