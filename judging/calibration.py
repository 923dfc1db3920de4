"""Calibration of a stage's jury: how each juror scores compared with the rest of the panel.

Read before results are final, so the committee sees a too-harsh, too-lenient or erratic juror and the
submissions the panel disagrees on. Everything comes from one aggregate query over final scorecards of
active assignments (a juror's total per submission, `judging.totals`), then plain Python statistics.
"""

import math
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from competitions.models import Stage
from judging.enums import ScorecardStatus
from judging.models import JuryMember, Scorecard
from judging.totals import juror_total_expression
from kipp.models import User
from submissions.models import Submission

BINS = 10  # histogram bins of 10 points on the 0-100 scale
SEVERITY_GAP = 10.0  # mean distance from the panel (points) that marks a juror as much harsher/more lenient
LOW_AGREEMENT = 0.3  # Spearman correlation under which a juror's order differs from the panel's
MIN_PAIRS = 3  # submissions shared with the panel needed before a correlation means anything
DISAGREEMENT_GAP = 20.0  # spread (max - min) of juror totals that flags a submission for discussion
TOP_DISAGREEMENTS = 10

# Geometry of the per-juror histogram (SVG user units).
CHART_WIDTH = 260
CHART_HEIGHT = 96
PLOT_LEFT = 8
PLOT_RIGHT = 252
PLOT_TOP = 8
PLOT_BOTTOM = 72


def average_ranks(values: list[float]) -> list[float]:
    """Ranks from 1, ties sharing the mean of the ranks they span."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        rank = (start + end) / 2 + 1
        for position in range(start, end + 1):
            ranks[order[position]] = rank
        start = end + 1
    return ranks


def spearman(xs: list[float], ys: list[float]) -> float | None:
    """Spearman's rank correlation (Pearson on average ranks); None when undefined (few points or no spread)."""
    if len(xs) != len(ys) or len(xs) < 2:
        return None
    rx, ry = average_ranks(xs), average_ranks(ys)
    mean_x, mean_y = statistics.fmean(rx), statistics.fmean(ry)
    cov = sum((a - mean_x) * (b - mean_y) for a, b in zip(rx, ry, strict=True))
    var_x = sum((a - mean_x) ** 2 for a in rx)
    var_y = sum((b - mean_y) ** 2 for b in ry)
    if var_x == 0 or var_y == 0:
        return None
    return cov / math.sqrt(var_x * var_y)


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    count: int
    low: int
    high: int


@dataclass
class Histogram:
    bars: list[Bar]
    mean_x: float | None
    panel_mean_x: float | None
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT
    plot_left: int = PLOT_LEFT
    plot_right: int = PLOT_RIGHT
    plot_bottom: int = PLOT_BOTTOM
    label_y: int = PLOT_BOTTOM + 16
    mid_x: float = (PLOT_LEFT + PLOT_RIGHT) / 2


def _x(value: float) -> float:
    return round(PLOT_LEFT + (PLOT_RIGHT - PLOT_LEFT) * min(max(value, 0.0), 100.0) / 100.0, 1)


def histogram(totals: list[float], *, scale_max: int, panel_mean: float | None) -> Histogram:
    """Bars of the juror's totals in bins of 10 points, on a scale shared by the whole panel."""
    counts = [0] * BINS
    for total in totals:
        counts[min(int(total // (100 / BINS)), BINS - 1)] += 1
    slot = (PLOT_RIGHT - PLOT_LEFT) / BINS
    bars = []
    for index, count in enumerate(counts):
        height = (PLOT_BOTTOM - PLOT_TOP) * count / scale_max if scale_max else 0
        bars.append(
            Bar(
                x=round(PLOT_LEFT + index * slot + 1, 1),
                y=round(PLOT_BOTTOM - height, 1),
                width=round(slot - 2, 1),
                height=round(height, 1),
                count=count,
                low=index * 10,
                high=index * 10 + 10,
            )
        )
    return Histogram(
        bars=bars,
        mean_x=_x(statistics.fmean(totals)) if totals else None,
        panel_mean_x=_x(panel_mean) if panel_mean is not None else None,
    )


@dataclass
class JurorCalibration:
    juror: User
    totals: dict[int, float] = field(default_factory=dict)
    count: int = 0
    mean: float | None = None
    spread: float | None = None
    lowest: float | None = None
    highest: float | None = None
    agreement: float | None = None
    shared: int = 0
    gap: float | None = None
    chart: Histogram | None = None

    @property
    def flags(self) -> list[str]:
        from django.utils.translation import gettext as _

        flags = []
        if self.gap is not None and self.gap <= -SEVERITY_GAP:
            flags.append(_("Jauh lebih keras dari panel"))
        if self.gap is not None and self.gap >= SEVERITY_GAP:
            flags.append(_("Jauh lebih murah dari panel"))
        if self.agreement is not None and self.shared >= MIN_PAIRS and self.agreement < LOW_AGREEMENT:
            flags.append(_("Urutan nilainya berbeda dari panel"))
        return flags


@dataclass
class JurorTotal:
    juror: User
    total: float
    scorecard_id: int


@dataclass
class Disagreement:
    submission: Submission
    totals: list[JurorTotal]
    mean: float
    spread: float
    stdev: float

    @property
    def flagged(self) -> bool:
        return self.spread >= DISAGREEMENT_GAP


@dataclass
class Calibration:
    stage: Stage
    jurors: list[JurorCalibration]
    disagreements: list[Disagreement]
    final_count: int
    panel_mean: float | None
    disagreement_gap: float = DISAGREEMENT_GAP
    severity_gap: float = SEVERITY_GAP
    low_agreement: float = LOW_AGREEMENT


def final_totals(stage: Stage) -> list[dict]:
    """Each final scorecard of an active assignment with its juror's total: the one aggregate query."""
    return list(
        Scorecard.objects.filter(
            assignment__stage=stage, status=ScorecardStatus.FINAL, assignment__voided_at__isnull=True
        )
        .values("pk", "assignment__juror_id", "assignment__submission_id")
        .annotate(total=juror_total_expression("scores__"))
        .order_by("assignment__submission_id", "assignment__juror_id")
    )


def stage_calibration(stage: Stage) -> Calibration:
    """Per-juror statistics, charts and the most disputed submissions of `stage` (four queries)."""
    rows = final_totals(stage)
    by_submission: dict[int, dict[int, float]] = defaultdict(dict)
    scorecard_of: dict[tuple[int, int], int] = {}
    for row in rows:
        total = float(Decimal(row["total"] or 0))
        by_submission[row["assignment__submission_id"]][row["assignment__juror_id"]] = total
        scorecard_of[(row["assignment__submission_id"], row["assignment__juror_id"])] = row["pk"]

    panel_ids = set(JuryMember.objects.filter(stage=stage).values_list("juror_id", flat=True))
    juror_ids = sorted(panel_ids | {juror_id for totals in by_submission.values() for juror_id in totals})
    jurors = {user.pk: user for user in User.objects.filter(pk__in=juror_ids).select_related("unit")}
    submissions = Submission.objects.filter(pk__in=list(by_submission)).select_related("unit").in_bulk()

    per_juror: dict[int, JurorCalibration] = {pk: JurorCalibration(juror=jurors[pk]) for pk in juror_ids}
    for submission_id, totals in by_submission.items():
        for juror_id, total in totals.items():
            per_juror[juror_id].totals[submission_id] = total

    all_totals = [total for totals in by_submission.values() for total in totals.values()]
    panel_mean = statistics.fmean(all_totals) if all_totals else None
    scale_max = 1
    for item in per_juror.values():
        values = list(item.totals.values())
        item.count = len(values)
        if not values:
            continue
        item.mean = statistics.fmean(values)
        item.spread = statistics.stdev(values) if len(values) >= 2 else None
        item.lowest, item.highest = min(values), max(values)
        own, panel = [], []
        for submission_id, total in sorted(item.totals.items()):
            others = [t for j, t in by_submission[submission_id].items() if j != item.juror.pk]
            if others:
                own.append(total)
                panel.append(statistics.fmean(others))
        item.shared = len(own)
        item.gap = statistics.fmean(a - b for a, b in zip(own, panel, strict=True)) if own else None
        item.agreement = spearman(own, panel) if len(own) >= MIN_PAIRS else None
        counts = [0] * BINS
        for total in values:
            counts[min(int(total // (100 / BINS)), BINS - 1)] += 1
        scale_max = max(scale_max, *counts)
    for item in per_juror.values():
        if item.count:
            item.chart = histogram(list(item.totals.values()), scale_max=scale_max, panel_mean=panel_mean)

    disagreements = []
    for submission_id, totals in by_submission.items():
        if len(totals) < 2:
            continue
        values = list(totals.values())
        disagreements.append(
            Disagreement(
                submission=submissions[submission_id],
                totals=sorted(
                    (
                        JurorTotal(juror=jurors[j], total=t, scorecard_id=scorecard_of[(submission_id, j)])
                        for j, t in totals.items()
                    ),
                    key=lambda item: (-item.total, item.juror.pk),
                ),
                mean=statistics.fmean(values),
                spread=max(values) - min(values),
                stdev=statistics.stdev(values),
            )
        )
    disagreements.sort(key=lambda d: (-d.spread, d.submission.name, d.submission.pk))
    ordered_jurors = sorted(per_juror.values(), key=lambda item: (str(item.juror).lower(), item.juror.pk))
    return Calibration(
        stage=stage,
        jurors=ordered_jurors,
        disagreements=disagreements[:TOP_DISAGREEMENTS],
        final_count=len(rows),
        panel_mean=panel_mean,
    )
