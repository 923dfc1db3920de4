"""The ranking, stated once: one selector that reads in the database and one pure function.

`ranking_data(competition)` reads everything the ranking needs in a fixed number of queries, whatever
the number of submissions: the scoring stages and their criteria, the submissions still in the running,
one row per active assignment with its scorecard's status and stored total (`Scorecard.total_e4`, the
juror's total in ten-thousandths written when the scorecard was sent final), the per-scorecard values of the
tie-break criterion, the recorded conflicts, the unit hierarchy and the committee's tie resolutions.
`compute_ranking(data, method=..., top_n=...)` is a pure function of those rows (4 decimal places, half-up)
that returns a `RankingResult`.

A final scorecard without a stored total (written around the service, or emptied by a database trigger
because a score or a criterion changed since) is summed from its scores in one more query, exactly, as an
integer number of ten-thousandths (`judging.totals.juror_total_e4_expression`): both databases give
identical results, and the ranking adds and divides those integers (half-up, exactly) and makes Decimals only
of what it shows: stage and final scores, and the jurors' totals when they are read.
"""

from __future__ import annotations

import bisect
import functools
import gc
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Context, Decimal
from operator import itemgetter
from typing import NamedTuple

from django.db.models import Q

from competitions.enums import RankingMethod, StageKind
from competitions.models import Competition, Criterion, Stage
from judging.enums import ScorecardStatus
from judging.models import Assignment, ConflictOfInterest, Score, TieResolution
from judging.totals import TOTAL_PLACES, decimal_from_db, from_e4, summed_totals_e4
from kipp.models import User
from kipp.selectors import raw_rows, unit_family_ids, unit_parent_map
from submissions.enums import SubmissionStatus
from submissions.models import Submission

# Statuses of submissions still in the running after screening.
RANKED_STATUSES = (SubmissionStatus.ELIGIBLE, SubmissionStatus.FINALIST, SubmissionStatus.WINNER)
FINAL_STATUSES = (SubmissionStatus.FINALIST, SubmissionStatus.WINNER)

# z-score normalisation only for jurors with at least this many scored entries in the stage.
ZSCORE_MIN_ENTRIES = 8
# Trimmed mean (drop the highest and the lowest total) from this many jurors on.
TRIM_MIN_JURORS = 5

HUNDRED = Decimal(100)
ONE = Decimal(1)
ZERO = Decimal(0)
MISSING = Decimal("-Infinity")  # sorts below every real score
_CONTEXT = Context(prec=28, rounding=ROUND_HALF_UP)


def without_gc(function):
    """Pause the cyclic garbage collector while `function` runs.

    The ranking allocates tens of thousands of small, acyclic objects (rows, tuples, Decimals) that reference
    counting frees on its own; left on, the collector would walk the whole heap again and again during the
    burst, which costs as much as the ranking's own Python work at national scale.
    """

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        if not gc.isenabled():
            return function(*args, **kwargs)
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            gc.enable()

    return wrapper


def quantize(value: Decimal) -> Decimal:
    return value.quantize(TOTAL_PLACES, ROUND_HALF_UP)


def _half_up_div(numerator: int, denominator: int) -> int:
    """numerator / denominator (denominator > 0) rounded half-up (away from zero) to an integer, exactly."""
    if numerator >= 0:
        return (2 * numerator + denominator) // (2 * denominator)
    return -((denominator - 2 * numerator) // (2 * denominator))


class ScaledTotals(Sequence):
    """`RankingData.totals` as read by `ranking_data()`: (stage, submission, juror, Decimal total) rows made,
    when someone reads them, from the integer rows of `RankingData.totals_e4` (which the ranking reads)."""

    __slots__ = ("rows",)

    def __init__(self, rows: list[tuple[int, int, int, int]]):
        self.rows = rows

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self.rows)))]
        stage_id, submission_id, juror_id, total = self.rows[index]
        return (stage_id, submission_id, juror_id, from_e4(total))

    def __eq__(self, other) -> bool:
        return list(self) == list(other)

    __hash__ = None


def _scaled_rows(totals) -> list[tuple[int, int, int, int]] | None:
    """Hand-built Decimal totals as ten-thousandths, or None when one has more than 4 places (kept as is)."""
    if isinstance(totals, ScaledTotals):
        return totals.rows
    rows = []
    for stage_id, submission_id, juror_id, total in totals:
        if not isinstance(total, Decimal) or not total.is_finite() or total.as_tuple().exponent < -4:
            return None
        rows.append((stage_id, submission_id, juror_id, int(total.scaleb(4))))
    return rows


class TieBreak:
    """What decided a submission's place (the levels of the chain, in order)."""

    SCORE = "score"  # its final score (or, before the final, its stage score) alone
    CRITERION = "criterion"  # the final stage's highest-weight criterion
    FINAL_STAGE = "final_stage"  # the final stage score
    EARLIER_STAGE = "earlier_stage"  # an earlier stage's score (latest first); see `decided_by_stage_id`
    COMMITTEE = "committee"  # a recorded committee vote or draw of lots
    SHARED = "shared"  # still tied: a shared rank, flagged for the committee


# ---------------------------------------------------------------------------------------------------------
# Input rows (what the selector reads)


@dataclass(frozen=True)
class StageRow:
    id: int
    order: int
    name: str
    weight: Decimal
    advance_count: int | None
    closed: bool


@dataclass(frozen=True)
class CriterionRow:
    id: int
    stage_id: int
    name: str
    weight: Decimal
    max_score: int
    order: int


class SubmissionRow(NamedTuple):
    """A proposal in the running (a named tuple: thousands are made per ranking, each in one C call)."""

    id: int
    unit_id: int
    stage_id: int | None
    status: str
    name: str = ""
    acronym_meaning: str = ""
    unit_name: str = ""
    unit_kind: str = ""
    category_name: str = ""


@dataclass(frozen=True)
class ResolutionRow:
    id: int
    method: str
    ordered_submission_ids: tuple[int, ...]


@dataclass
class RankingData:
    """Everything `compute_ranking` reads; built by `ranking_data()` or by hand in tests.

    `totals` holds (stage_id, submission_id, juror_id, total) for FINAL scorecards of active assignments
    whose juror has no conflict with the submission; `tiebreak_values` holds (submission_id, juror_id,
    value on 0–100) of the final stage's tie-break criterion for the same scorecards. `ranking_data()` also
    fills `totals_e4`, the same rows with each total in ten-thousandths (an int), and makes `totals` a view
    of it (`ScaledTotals`).
    """

    stages: list[StageRow]
    criteria: list[CriterionRow]
    submissions: list[SubmissionRow]
    totals: list[tuple[int, int, int, Decimal]]
    tiebreak_values: list[tuple[int, int, Decimal]] = field(default_factory=list)
    resolutions: list[ResolutionRow] = field(default_factory=list)
    unfinished: list[tuple[int, int, int]] = field(default_factory=list)  # (stage, submission, juror)
    excluded_for_conflict: list[tuple[int, int, int]] = field(default_factory=list)
    totals_e4: list[tuple[int, int, int, int]] | None = None

    @property
    def final_stage(self) -> StageRow | None:
        return self.stages[-1] if self.stages else None

    @property
    def tiebreak_criterion(self) -> CriterionRow | None:
        """The final stage's highest-weight criterion (the first in order when weights are equal)."""
        final = self.final_stage
        if final is None:
            return None
        candidates = [criterion for criterion in self.criteria if criterion.stage_id == final.id]
        if not candidates:
            return None
        return sorted(candidates, key=lambda c: (-c.weight, c.order, c.id))[0]


# ---------------------------------------------------------------------------------------------------------
# Output


@dataclass(slots=True)
class RankedEntry:
    submission_id: int
    submission: SubmissionRow
    position: int  # 1-based position in the ordered list (never shown as the rank)
    rank: int  # shared by submissions still tied after the whole chain
    reached_final: bool
    reached_stage_id: int | None
    # stage id -> score; in ten-thousandths (ints) when `totals_scaled`: read `stage_scores`
    stored_stage_scores: dict[int, Decimal | int | None]
    # stage id -> [(juror id, raw total)]; in ten-thousandths (ints) when `totals_scaled`: read `juror_totals`
    stored_juror_totals: dict[int, list[tuple[int, Decimal | int]]]
    final_score: Decimal | None
    tiebreak_value: Decimal | None
    decided_by: str = TieBreak.SCORE
    decided_by_stage_id: int | None = None
    resolution_id: int | None = None
    shared: bool = False
    in_top_n: bool = False
    margin: Decimal | None = None  # to place N+1 (Top N only)
    gap_to_next: Decimal | None = None
    stability_stays: int | None = None  # leave-one-juror-out re-rankings in which it stays in the Top N
    stability_runs: int | None = None
    totals_scaled: bool = False
    _juror_totals: dict[int, list[tuple[int, Decimal]]] | None = field(default=None, repr=False, compare=False)
    _stage_scores: dict[int, Decimal | None] | None = field(default=None, repr=False, compare=False)

    @property
    def stage_scores(self) -> dict[int, Decimal | None]:
        """Stage id -> stage score as a Decimal with 4 places, or None (made on first read: most of the
        thousands of entries of a national ranking are never shown)."""
        if self._stage_scores is None:
            if self.totals_scaled:
                self._stage_scores = {
                    stage_id: None if score is None else from_e4(score)
                    for stage_id, score in self.stored_stage_scores.items()
                }
            else:
                self._stage_scores = self.stored_stage_scores
        return self._stage_scores

    @property
    def juror_totals(self) -> dict[int, list[tuple[int, Decimal]]]:
        """Stage id -> [(juror id, raw total)], totals as Decimals with 4 places (made on first read)."""
        if self._juror_totals is None:
            if self.totals_scaled:
                self._juror_totals = {
                    stage_id: [(juror_id, from_e4(total)) for juror_id, total in totals]
                    for stage_id, totals in self.stored_juror_totals.items()
                }
            else:
                self._juror_totals = self.stored_juror_totals
        return self._juror_totals

    @property
    def primary_score(self) -> Decimal | None:
        """The score its place is read from: the final score, or its last stage's score before the final."""
        if self.reached_final:
            return self.final_score
        return self.stage_scores.get(self.reached_stage_id)

    @property
    def stability(self) -> Decimal | None:
        """Share (0–1, 4 places) of leave-one-juror-out re-rankings in which it stays in the Top N."""
        if not self.stability_runs:
            return None
        return quantize(Decimal(self.stability_stays) / Decimal(self.stability_runs))

    @property
    def stability_percent(self) -> int | None:
        if not self.stability_runs:
            return None
        return round(100 * self.stability_stays / self.stability_runs)


@dataclass
class TieGroup:
    rank: int
    submission_ids: list[int]
    reached_final: bool
    spans_cut: bool  # the group straddles place N: publishing needs a committee decision
    inside_top_n: bool
    resolution_id: int | None = None

    @property
    def resolved(self) -> bool:
        return self.resolution_id is not None


@dataclass
class RankingResult:
    method: str
    top_n: int
    stages: list[StageRow]
    tiebreak_criterion: CriterionRow | None
    entries: list[RankedEntry]
    ties: list[TieGroup]
    panel_juror_ids: list[int]
    unfinished: list[tuple[int, int, int]]
    normalised_jurors: dict[int, list[int]] = field(default_factory=dict)  # stage id -> juror ids normalised
    excluded_for_conflict: list[tuple[int, int, int]] = field(default_factory=list)

    @property
    def by_submission(self) -> dict[int, RankedEntry]:
        return {entry.submission_id: entry for entry in self.entries}

    @property
    def top(self) -> list[RankedEntry]:
        return [entry for entry in self.entries if entry.in_top_n]

    @property
    def finalists(self) -> list[RankedEntry]:
        return [entry for entry in self.entries if entry.reached_final]

    @property
    def tie_at_cut(self) -> TieGroup | None:
        """An unresolved tie straddling place N (blocks publication without a committee decision)."""
        for group in self.ties:
            if group.spans_cut and not group.resolved:
                return group
        return None


# ---------------------------------------------------------------------------------------------------------
# The pure function


def _mean(values: list[Decimal]) -> Decimal:
    return quantize(_CONTEXT.divide(sum(values, ZERO), Decimal(len(values))))


def _stage_score(values: list[Decimal], *, trim: bool) -> Decimal | None:
    """Mean of the jurors' totals; with `trim` and 5+ jurors, without the highest and the lowest."""
    if not values:
        return None
    if trim and len(values) >= TRIM_MIN_JURORS:
        values = sorted(values)[1:-1]
    return _mean(values)


def _population_sd(values: list[Decimal], mean: Decimal) -> Decimal:
    variance = _CONTEXT.divide(sum(((value - mean) ** 2 for value in values), ZERO), Decimal(len(values)))
    return variance.sqrt(_CONTEXT)


def _normalise(stage_totals: list[tuple[int, int, Decimal]]) -> tuple[dict[tuple[int, int], Decimal], list[int]]:
    """Per-juror z-scores mapped back onto 0–100 through the panel's mean and standard deviation.

    Only jurors with at least ZSCORE_MIN_ENTRIES scored entries (conflicted entries are never in
    `stage_totals`) are normalised; the others, and jurors who gave every entry the same total, keep raw.
    """
    result = {(submission_id, juror_id): total for submission_id, juror_id, total in stage_totals}
    if not stage_totals:
        return result, []
    all_values = [total for _s, _j, total in stage_totals]
    panel_mean = _CONTEXT.divide(sum(all_values, ZERO), Decimal(len(all_values)))
    panel_sd = _population_sd(all_values, panel_mean)
    by_juror: dict[int, list[tuple[int, Decimal]]] = defaultdict(list)
    for submission_id, juror_id, total in stage_totals:
        by_juror[juror_id].append((submission_id, total))
    normalised = []
    for juror_id, entries in sorted(by_juror.items()):
        if len(entries) < ZSCORE_MIN_ENTRIES:
            continue
        values = [total for _s, total in entries]
        mean = _CONTEXT.divide(sum(values, ZERO), Decimal(len(values)))
        sd = _population_sd(values, mean)
        if sd == 0:
            continue
        normalised.append(juror_id)
        # panel mean + (total − juror mean) / juror sd × panel sd, as one scale and one offset per juror.
        scale = _CONTEXT.divide(panel_sd, sd)
        offset = panel_mean - mean * scale
        for submission_id, total in entries:
            result[(submission_id, juror_id)] = (offset + total * scale).quantize(TOTAL_PLACES, ROUND_HALF_UP)
    return result, normalised


def _first_difference(a: tuple, b: tuple) -> int | None:
    if a[0] != b[0]:
        return 0
    if a[1] != b[1]:
        return 1  # the usual case: the primary score differs
    for index, (left, right) in enumerate(zip(a, b, strict=False)):
        if left != right:
            return index
    if len(a) != len(b):
        return min(len(a), len(b))
    return None


@without_gc
def compute_ranking(data: RankingData, *, method: str = RankingMethod.RAW_MEAN, top_n: int = 10) -> RankingResult:
    """Rank every submission still in the running, from the rows of `ranking_data()`.

    Stage score: the mean of the non-conflicted jurors' final totals (an average, never a sum, so a recusal
    penalises no one). With `method="zscore"` each juror with 8+ entries in the stage is normalised first;
    with `method="trimmed"` and 5+ jurors the highest and the lowest total are dropped. Final score:
    Σ stage weight / 100 × stage score, for the submissions that reached the last scoring stage; the others
    follow, ordered by the last stage they reached and that stage's score.

    Tie-break chain, in order, each level consulted only when every level before it is equal:
      1. the final score;
      2. the mean (over the same jurors) of the final stage's highest-weight criterion, on 0–100;
      3. the final stage score;
      4. the earlier stages' scores, the latest first.
    Submissions still equal share a rank and are flagged, unless a recorded committee decision
    (`TieResolution`, vote or draw of lots) orders exactly them; never by id. Each entry says which level
    decided its place (`decided_by`).

    For the Top N: `margin` (its final score minus that of place N+1), `gap_to_next`, and the number of
    leave-one-juror-out re-rankings (each juror of the panel dropped in turn; normalisation statistics held
    at the full panel's values) in which it stays in the Top N.
    """
    stages = data.stages
    if not stages:
        return RankingResult(method, top_n, [], None, [], [], [], list(data.unfinished))
    final_stage = stages[-1]
    stage_by_id = {stage.id: stage for stage in stages}
    tiebreak_criterion = data.tiebreak_criterion
    normalise = method == RankingMethod.ZSCORE
    trim = method == RankingMethod.TRIMMED_MEAN
    # Totals in ten-thousandths (ints), and then every score too, unless normalising (z-scores are computed
    # in Decimal) or a hand-built total has more than 4 places; Decimals are made only of what is shown.
    rows_e4 = None if normalise else data.totals_e4 if data.totals_e4 is not None else _scaled_rows(data.totals)
    in_e4 = rows_e4 is not None
    as_shown = from_e4 if in_e4 else None

    # Raw totals grouped per (stage, submission); with z-scores, the normalised value of each (stage, juror).
    raw: dict[tuple[int, int], list[tuple[int, Decimal | int]]] = defaultdict(list)
    panel: set[int] = set()
    for stage_id, submission_id, juror_id, total in rows_e4 if in_e4 else data.totals:
        if stage_id in stage_by_id:
            raw[(stage_id, submission_id)].append((juror_id, total))
            panel.add(juror_id)
    normalised_jurors: dict[int, list[int]] = {}
    scaled: dict[int, dict[tuple[int, int], Decimal]] = {}
    if normalise:
        per_stage: dict[int, list[tuple[int, int, Decimal]]] = defaultdict(list)
        for (stage_id, submission_id), jurors in raw.items():
            per_stage[stage_id].extend((submission_id, juror_id, total) for juror_id, total in jurors)
        for stage in stages:
            scaled[stage.id], normalised_jurors[stage.id] = _normalise(per_stage.get(stage.id, []))

    tiebreak_by_submission: dict[int, list[tuple[int, Decimal]]] = defaultdict(list)
    for submission_id, juror_id, value in data.tiebreak_values:
        tiebreak_by_submission[submission_id].append((juror_id, value))

    def stage_score(stage_id: int, submission_id: int, without: int | None = None) -> Decimal | None:
        jurors = raw.get((stage_id, submission_id))
        if not jurors:
            return None
        if without is not None:
            remaining = [item for item in jurors if item[0] != without]
            jurors = remaining or jurors  # dropping its only juror leaves it as it was
        if in_e4:
            if trim and len(jurors) >= TRIM_MIN_JURORS:
                values = sorted([total for _j, total in jurors])[1:-1]
                return _half_up_div(sum(values), len(values))
            total = 0
            for _juror_id, value in jurors:
                total += value
            return _half_up_div(total, len(jurors))
        if normalise:
            values = scaled[stage_id]
            return _stage_score([values[(submission_id, juror_id)] for juror_id, _t in jurors], trim=trim)
        if not trim or len(jurors) < TRIM_MIN_JURORS:
            total = ZERO
            for _juror_id, value in jurors:
                total += value
            return _CONTEXT.divide(total, len(jurors)).quantize(TOTAL_PLACES, ROUND_HALF_UP)
        return _stage_score([total for _j, total in jurors], trim=trim)

    def tiebreak_mean(submission_id: int, without: int | None = None) -> Decimal | None:
        values = [value for j, value in tiebreak_by_submission.get(submission_id, ()) if j != without]
        if not values:
            if without is not None and tiebreak_by_submission.get(submission_id):
                return tiebreak_mean(submission_id)
            return None
        return _mean(values)

    def reached_stage(row: SubmissionRow) -> StageRow:
        if row.status in FINAL_STATUSES:
            return final_stage
        return stage_by_id.get(row.stage_id, stages[0])

    earlier_ids = {stage.id: [s.id for s in reversed(stages) if s.order < stage.order] for stage in stages}
    weights = [(stage.id, stage.weight) for stage in stages]
    # In ten-thousandths with weights in hundredths: final = Σ weight × score / 100 = Σ w × s / 10,000.
    weights_e2 = None
    if in_e4 and all((stage.weight * 100) == (stage.weight * 100).to_integral_value() for stage in stages):
        weights_e2 = [(stage.id, int(stage.weight * 100)) for stage in stages]

    def sort_key(reached: StageRow, scores: dict[int, Decimal | None], tiebreak: Decimal | None):
        """(stage reached, primary score, then the tie-break levels in the chain's order)."""
        earlier = [MISSING if scores[stage_id] is None else scores[stage_id] for stage_id in earlier_ids[reached.id]]
        if reached.id == final_stage.id and scores[final_stage.id] is None:
            # No final-stage score yet: a sum of the earlier stages alone would pass for a final score.
            key = (reached.order, MISSING, MISSING if tiebreak is None else tiebreak, MISSING, *earlier)
            return key, None
        if reached.id == final_stage.id:
            if weights_e2 is not None:
                final = 0
                for stage_id, weight in weights_e2:
                    score = scores[stage_id]
                    if score is not None:
                        final += weight * score
                final = _half_up_div(final, 10000)
            else:
                final = ZERO
                for stage_id, weight in weights:
                    score = scores[stage_id]
                    if score is not None:
                        final += weight * score
                final = (final / HUNDRED).quantize(ONE, ROUND_HALF_UP) if in_e4 else quantize(final / HUNDRED)
                if in_e4:
                    final = int(final)
            final_score = scores[final_stage.id]
            key = (
                reached.order,
                final,
                MISSING if tiebreak is None else tiebreak,
                MISSING if final_score is None else final_score,
                *earlier,
            )
            return key, final
        primary = scores[reached.id]
        return (reached.order, MISSING if primary is None else primary, *earlier), None

    def levels_for(reached: StageRow) -> list[tuple[str, int | None]]:
        earlier = [(TieBreak.EARLIER_STAGE, s.id) for s in reversed(stages) if s.order < reached.order]
        if reached.id == final_stage.id:
            return [
                (TieBreak.SCORE, None),
                (TieBreak.SCORE, None),
                (TieBreak.CRITERION, None),
                (TieBreak.FINAL_STAGE, None),
                *earlier,
            ]
        return [(TieBreak.SCORE, None), (TieBreak.SCORE, None), *earlier]

    # Build one entry per submission (the hot loop at national scale: kept flat on purpose).
    stage_ids = [stage.id for stage in stages]
    final_id = final_stage.id
    first_stage = stages[0]
    empty: list[tuple[int, Decimal]] = []
    plain_e4 = in_e4 and not trim
    items = []
    for row in data.submissions:
        reached = final_stage if row.status in FINAL_STATUSES else stage_by_id.get(row.stage_id, first_stage)
        submission_id = row.id
        scores: dict[int, Decimal | None] = {}
        juror_totals: dict[int, list[tuple[int, Decimal]]] = {}
        for stage_id in stage_ids:
            jurors = raw.get((stage_id, submission_id))
            if jurors:
                jurors.sort()
                juror_totals[stage_id] = jurors
                if plain_e4:  # stage_score() in ten-thousandths without trimming, inlined for speed
                    total = 0
                    for item in jurors:
                        total += item[1]
                    scores[stage_id] = _half_up_div(total, len(jurors))
                else:
                    scores[stage_id] = stage_score(stage_id, submission_id)
            else:
                juror_totals[stage_id] = empty
                scores[stage_id] = None
        reached_final = reached.id == final_id
        tiebreak = tiebreak_mean(submission_id) if reached_final else None
        key, final = sort_key(reached, scores, tiebreak)
        if final is not None and as_shown is not None:
            final = as_shown(final)
        entry = RankedEntry(
            submission_id,
            row,
            0,
            0,
            reached_final,
            reached.id,
            scores,
            juror_totals,
            final,
            tiebreak,
            totals_scaled=in_e4,
        )
        items.append((key, entry))
    # Descending by key; equal keys are put in a neutral order (the submission's name) below, only for
    # display: they share their rank, so neither the name nor the id ever decides anything.
    items.sort(key=itemgetter(0), reverse=True)

    resolutions = sorted(data.resolutions, key=lambda r: r.id, reverse=True)
    ordered: list[tuple[tuple, RankedEntry]] = []
    ties: list[TieGroup] = []
    index = 0
    while index < len(items):
        end = index + 1
        while end < len(items) and items[end][0] == items[index][0]:
            end += 1
        group = items[index:end]
        if len(group) > 1:
            group.sort(key=lambda item: item[1].submission.name.casefold())
            ids = {entry.submission_id for _k, entry in group}
            resolution = next((r for r in resolutions if ids <= set(r.ordered_submission_ids)), None)
            if resolution is not None:
                place = {sid: i for i, sid in enumerate(resolution.ordered_submission_ids)}
                group.sort(key=lambda item: place[item[1].submission_id])
                for _k, entry in group:
                    entry.decided_by = TieBreak.COMMITTEE
                    entry.resolution_id = resolution.id
            else:
                for _k, entry in group:
                    entry.decided_by = TieBreak.SHARED
                    entry.shared = True
            ties.append(
                TieGroup(
                    rank=0,
                    submission_ids=[entry.submission_id for _k, entry in group],
                    reached_final=group[0][1].reached_final,
                    spans_cut=False,
                    inside_top_n=False,
                    resolution_id=resolution.id if resolution else None,
                )
            )
        ordered.extend(group)
        index = end

    # Ranks (shared within an unresolved group), and the tie-break level that decided each place.
    levels_cache: dict[int, list[tuple[str, int | None]]] = {}
    entries = [entry for _k, entry in ordered]
    keys = [key for key, _e in ordered]
    for position, entry in enumerate(entries, start=1):
        entry.position = position
        if position > 1 and entry.shared and entries[position - 2].shared and keys[position - 1] == keys[position - 2]:
            entry.rank = entries[position - 2].rank
        else:
            entry.rank = position
        if entry.decided_by in (TieBreak.SHARED, TieBreak.COMMITTEE):
            continue
        levels = levels_cache.get(entry.reached_stage_id)
        if levels is None:
            levels = levels_cache[entry.reached_stage_id] = levels_for(stage_by_id[entry.reached_stage_id])
        deciding = 0
        for neighbour in (position - 2, position):
            if 0 <= neighbour < len(entries):
                difference = _first_difference(keys[position - 1], keys[neighbour])
                if difference is not None:
                    deciding = max(deciding, difference)
        entry.decided_by, entry.decided_by_stage_id = levels[min(deciding, len(levels) - 1)]

    # The Top N (finalists only), margins and the tie groups' place relative to the cut.
    finalists = [entry for entry in entries if entry.reached_final]
    for entry in finalists:
        entry.in_top_n = entry.rank <= top_n
    cut_entry = next((entry for entry in finalists if not entry.in_top_n), None)
    for index, entry in enumerate(finalists):
        if not entry.in_top_n:
            continue
        if entry.final_score is None:
            continue
        if cut_entry is not None and cut_entry.final_score is not None:
            entry.margin = entry.final_score - cut_entry.final_score
        if index + 1 < len(finalists) and finalists[index + 1].final_score is not None:
            entry.gap_to_next = entry.final_score - finalists[index + 1].final_score
    by_id = {entry.submission_id: entry for entry in entries}
    for group in ties:
        members = [by_id[sid] for sid in group.submission_ids]
        group.rank = min(member.rank for member in members)
        last_position = max(member.position for member in members)
        group.inside_top_n = group.reached_final and group.rank <= top_n
        group.spans_cut = group.reached_final and group.rank <= top_n < last_position

    # Leave-one-juror-out stability of the Top N.
    top = [entry for entry in finalists if entry.in_top_n]
    if top and panel:
        _stability(
            top=top,
            top_n=top_n,
            keys=keys,
            entries=entries,
            panel=sorted(panel),
            raw=raw,
            tiebreak_by_submission=tiebreak_by_submission,
            stage_by_id=stage_by_id,
            stage_score=stage_score,
            tiebreak_mean=tiebreak_mean,
            sort_key=sort_key,
            final_stage=final_stage,
        )

    return RankingResult(
        method=method,
        top_n=top_n,
        stages=list(stages),
        tiebreak_criterion=tiebreak_criterion,
        entries=entries,
        ties=ties,
        panel_juror_ids=sorted(panel),
        unfinished=list(data.unfinished),
        normalised_jurors=normalised_jurors,
        excluded_for_conflict=list(data.excluded_for_conflict),
    )


def _stability(
    *,
    top,
    top_n,
    keys,
    entries,
    panel,
    raw,
    tiebreak_by_submission,
    stage_by_id,
    stage_score,
    tiebreak_mean,
    sort_key,
    final_stage,
):
    """Count, per Top-N entry, the leave-one-juror-out re-rankings in which it stays in the Top N.

    Dropping a juror changes only the submissions that juror scored, so each re-ranking costs
    O(changed · log n): the unchanged submissions are counted by bisecting the sorted original keys.
    """
    ascending = sorted(keys)
    total = len(ascending)
    for entry in top:
        entry.stability_stays, entry.stability_runs = 0, 0
    key_by_submission = {entry.submission_id: key for key, entry in zip(keys, entries, strict=True)}
    entry_by_submission = {entry.submission_id: entry for entry in entries}
    scored_by: dict[int, set[int]] = defaultdict(set)
    for (_stage_id, submission_id), jurors in raw.items():
        entry = entry_by_submission.get(submission_id)
        if entry is None or not entry.reached_final:
            continue  # a submission that did not reach the final can never overtake one that did
        for juror_id, _total in jurors:
            scored_by[juror_id].add(submission_id)
    for juror_id in panel:
        changed = scored_by.get(juror_id, set())
        new_keys = {}
        for submission_id in changed:
            entry = entry_by_submission[submission_id]
            reached = stage_by_id[entry.reached_stage_id]
            scores = {
                stage_id: stage_score(stage_id, submission_id, without=juror_id)
                for stage_id in entry.stored_stage_scores
            }
            tiebreak = tiebreak_mean(submission_id, without=juror_id) if reached.id == final_stage.id else None
            new_keys[submission_id], _final = sort_key(reached, scores, tiebreak)
        old_changed = sorted(key_by_submission[s] for s in new_keys)
        new_changed = sorted(new_keys.values())
        for entry in top:
            key = new_keys.get(entry.submission_id, key_by_submission[entry.submission_id])
            ahead = total - bisect.bisect_right(ascending, key)
            ahead -= len(old_changed) - bisect.bisect_right(old_changed, key)
            ahead += len(new_changed) - bisect.bisect_right(new_changed, key)
            entry.stability_runs += 1
            if ahead < top_n:
                entry.stability_stays += 1


# ---------------------------------------------------------------------------------------------------------
# The selector


def _summed_totals(active, criteria) -> dict[tuple[int, int, int], int]:
    """(stage, submission, juror) -> total in ten-thousandths summed from the scores, for the final scorecards
    without a stored total (one aggregate query)."""
    per_stage: dict[int, int] = defaultdict(int)
    for criterion in criteria:
        per_stage[criterion.stage_id] += 1
    return summed_totals_e4(
        active.filter(scorecard__status=ScorecardStatus.FINAL, scorecard__total_e4__isnull=True),
        prefix="scorecard__scores__",
        criteria=[(criterion.id, criterion.weight, criterion.max_score) for criterion in criteria],
        criteria_per_stage=max(per_stage.values(), default=1),
        keys=("stage_id", "submission_id", "juror_id"),
    )


@without_gc
def ranking_data(competition: Competition) -> RankingData:
    """Read the rows `compute_ranking` needs, in a fixed number of queries whatever the size."""
    stages = [
        StageRow(id=pk, order=order, name=name, weight=weight, advance_count=advance, closed=closed_at is not None)
        for pk, order, name, weight, advance, closed_at in Stage.objects.filter(
            competition=competition, kind=StageKind.SCORING
        )
        .order_by("order")
        .values_list("id", "order", "name", "weight", "advance_count", "closed_at")
    ]
    stage_ids = [stage.id for stage in stages]
    if not stage_ids:
        return RankingData(stages=[], criteria=[], submissions=[], totals=[], totals_e4=[])
    criteria = [
        CriterionRow(*row)
        for row in Criterion.objects.filter(stage__competition=competition, stage__kind=StageKind.SCORING)
        .order_by("stage__order", "order", "pk")
        .values_list("id", "stage_id", "name", "weight", "max_score", "order")
    ]
    submissions = list(
        map(
            SubmissionRow._make,
            raw_rows(
                Submission.objects.filter(competition=competition, status__in=RANKED_STATUSES)
                .order_by()
                .values_list(
                    "id",
                    "unit_id",
                    "stage_id",
                    "status",
                    "name",
                    "acronym_meaning",
                    "unit__name",
                    "unit__kind",
                    "category__name",
                )
            ),
        )
    )
    unit_of = {row.id: row.unit_id for row in submissions}
    tiebreak = RankingData(stages, criteria, [], []).tiebreak_criterion
    active = Assignment.objects.filter(stage_id__in=stage_ids, voided_at__isnull=True).order_by()
    # One row per active assignment with its scorecard's status and the total it stored when it was sent
    # final (judging.totals), read through the cursor: plain values, without the ORM's per-row converter
    # machinery, which would cost as much as the query at national scale.
    rows = raw_rows(
        active.values_list("stage_id", "submission_id", "juror_id", "scorecard__status", "scorecard__total_e4")
    )
    final = ScorecardStatus.FINAL
    total_rows = [
        (stage, submission, juror, total) for stage, submission, juror, status, total in rows if status == final
    ]
    unfinished_rows = [(stage, submission, juror) for stage, submission, juror, status, _t in rows if status != final]
    juror_ids = {row[2] for row in rows}
    if any(row[3] is None for row in total_rows):
        # Written around scorecard_save, or emptied by a trigger since: sum those scorecards' scores.
        fresh = _summed_totals(active, criteria)
        total_rows = [row if row[3] is not None else (*row[:3], fresh.get(row[:3])) for row in total_rows]
    tiebreak_rows = []
    if tiebreak is not None:
        tiebreak_rows = list(
            Score.objects.filter(
                criterion_id=tiebreak.id,
                value__isnull=False,
                scorecard__status=ScorecardStatus.FINAL,
                scorecard__assignment__voided_at__isnull=True,
            )
            .order_by()
            .values_list("scorecard__assignment__submission_id", "scorecard__assignment__juror_id", "value")
        )
    juror_units = dict(
        User.objects.filter(unit__isnull=False, pk__in=sorted(juror_ids)).order_by().values_list("pk", "unit_id")
    )
    conflict_rows = list(
        ConflictOfInterest.objects.filter(Q(submission__competition=competition) | Q(unit__isnull=False))
        .order_by()
        .values_list("juror_id", "submission_id", "unit_id")
    )
    parents = unit_parent_map()
    resolutions = [
        ResolutionRow(pk, method, tuple(int(i) for i in ids))
        for pk, method, ids in TieResolution.objects.filter(competition=competition)
        .order_by("pk")
        .values_list("id", "method", "ordered_submission_ids")
    ]

    # Conflicts: recorded on a submission, recorded on a unit (and its family), or the juror's own unit's family.
    conflicted_submissions: dict[int, set[int]] = defaultdict(set)
    conflicted_units: dict[int, set[int]] = defaultdict(set)
    for juror_id, submission_id, unit_id in conflict_rows:
        if submission_id is not None:
            conflicted_submissions[juror_id].add(submission_id)
        if unit_id is not None:
            conflicted_units[juror_id] |= unit_family_ids(unit_id, parent_by_id=parents)
    families: dict[int, set[int]] = {
        unit_id: unit_family_ids(unit_id, parent_by_id=parents) for unit_id in set(juror_units.values())
    }
    own_family = {juror_id: families[unit_id] for juror_id, unit_id in juror_units.items()}
    totals: list[tuple[int, int, int, int]] = []
    excluded: list[tuple[int, int, int]] = []
    if not (own_family or conflicted_submissions or conflicted_units):
        # No juror can be in conflict: keep every total of a submission in the running (the usual case).
        totals = [row for row in total_rows if row[1] in unit_of and row[3] is not None]
        total_rows = ()
    for stage_id, submission_id, juror_id, total in total_rows:
        unit_id = unit_of.get(submission_id)
        if unit_id is None or total is None:
            continue
        if (juror_id in own_family or juror_id in conflicted_submissions or juror_id in conflicted_units) and (
            submission_id in conflicted_submissions.get(juror_id, ())
            or unit_id in conflicted_units.get(juror_id, ())
            or unit_id in own_family.get(juror_id, ())
        ):
            excluded.append((stage_id, submission_id, juror_id))
            continue
        totals.append((stage_id, submission_id, juror_id, total))
    tiebreak_values: list[tuple[int, int, Decimal]] = []
    if tiebreak is not None:
        # The same jurors as the final stage score, on 0-100.
        counted = {(s, j) for stage_id, s, j, _t in totals if stage_id == tiebreak.stage_id}
        max_score = Decimal(tiebreak.max_score)
        tiebreak_values = [
            (submission_id, juror_id, quantize(_CONTEXT.divide(decimal_from_db(value) * HUNDRED, max_score)))
            for submission_id, juror_id, value in tiebreak_rows
            if (submission_id, juror_id) in counted
        ]
    order = {stage.id: stage.order for stage in stages}
    unfinished = sorted(
        (row for row in unfinished_rows if row[1] in unit_of), key=lambda row: (order[row[0]], row[1], row[2])
    )
    return RankingData(
        stages=stages,
        criteria=criteria,
        submissions=submissions,
        totals=ScaledTotals(totals),
        totals_e4=totals,
        tiebreak_values=tiebreak_values,
        resolutions=resolutions,
        unfinished=unfinished,
        excluded_for_conflict=excluded,
    )


@without_gc
def competition_ranking(competition: Competition, *, method: str | None = None) -> RankingResult:
    """The ranking of `competition` with its own method (or `method`), read and computed in one call."""
    return compute_ranking(
        ranking_data(competition), method=method or competition.ranking_method, top_n=competition.top_n
    )


def moved_places(official: RankingResult, other: RankingResult) -> dict[int, int]:
    """Per submission id, how many places it moves in `other` compared with `official` (+ = up)."""
    other_ranks = {entry.submission_id: entry.rank for entry in other.entries}
    return {
        entry.submission_id: entry.rank - other_ranks[entry.submission_id]
        for entry in official.entries
        if entry.submission_id in other_ranks and other_ranks[entry.submission_id] != entry.rank
    }


def criterion_breakdown(ranking: RankingResult, submission_ids: list[int]) -> dict[int, dict[int, Decimal]]:
    """Per submission and criterion, the mean score on the criterion's own scale over the jurors whose
    totals count in the ranking (one query, only for `submission_ids`, e.g. one page of the list)."""
    counted: dict[tuple[int, int], set[int]] = {}
    by_id = ranking.by_submission
    for submission_id in submission_ids:
        entry = by_id.get(submission_id)
        if entry is None:
            continue
        for stage_id, totals in entry.juror_totals.items():
            counted[(stage_id, submission_id)] = {juror_id for juror_id, _t in totals}
    values: dict[tuple[int, int], list[Decimal]] = defaultdict(list)
    rows = (
        Score.objects.filter(
            scorecard__assignment__submission_id__in=submission_ids,
            scorecard__assignment__stage_id__in=[stage.id for stage in ranking.stages],
            scorecard__assignment__voided_at__isnull=True,
            scorecard__status=ScorecardStatus.FINAL,
            value__isnull=False,
        )
        .order_by()
        .values_list(
            "scorecard__assignment__stage_id",
            "scorecard__assignment__submission_id",
            "scorecard__assignment__juror_id",
            "criterion_id",
            "value",
        )
    )
    for stage_id, submission_id, juror_id, criterion_id, value in rows:
        if juror_id in counted.get((stage_id, submission_id), ()):
            values[(submission_id, criterion_id)].append(Decimal(value))
    result: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for (submission_id, criterion_id), scores in values.items():
        result[submission_id][criterion_id] = _mean(scores)
    return dict(result)
