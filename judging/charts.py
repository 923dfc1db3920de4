"""Server-rendered SVG charts for the committee's ranking page (no script, no external asset).

Markup is built from escaped parts only; colours come from classes in static/css/results.css, so the
strict Content-Security-Policy (no inline styles) holds.
"""

from __future__ import annotations

from decimal import Decimal
from math import ceil, floor

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from judging.ranking import RankedEntry

ROW = 26
LABEL_WIDTH = 250
BAR_LEFT = LABEL_WIDTH + 10
WIDTH = 860
BAR_RIGHT = WIDTH - 90
TOP = 34


def _number(value: Decimal, places: int = 2) -> str:
    return f"{value:.{places}f}".replace(".", ",")


def _short(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def final_scores_chart(entries: list[RankedEntry], *, top_n: int, extra: int = 10) -> SafeString:
    """Bars of the finalists' final scores (Top N plus `extra` places), the cut line under place N and,
    beside each Top-N bar, its margin to place N+1."""
    shown = [entry for entry in entries if entry.reached_final and entry.final_score is not None]
    shown = [entry for entry in shown if entry.in_top_n] + [entry for entry in shown if not entry.in_top_n][:extra]
    if not shown:
        return mark_safe("")
    scores = [entry.final_score for entry in shown]
    low = max(0, floor((min(scores) - 5) / 10) * 10)
    high = min(100, ceil((max(scores) + 1) / 10) * 10) or 100
    if high <= low:
        high = low + 10
    span = Decimal(high - low)

    def x(value: Decimal) -> float:
        return BAR_LEFT + float((value - low) / span) * (BAR_RIGHT - BAR_LEFT)

    height = TOP + ROW * len(shown) + 12
    title = _("Nilai akhir finalis dan batas %(n)d besar") % {"n": top_n}
    description = _(
        "Batang menunjukkan nilai akhir setiap finalis, berurutan dari peringkat teratas. Garis putus-putus "
        "adalah batas %(n)d besar; angka di ujung batang adalah selisih terhadap peringkat %(next)d."
    ) % {"n": top_n, "next": top_n + 1}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="kipp-chart" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-labelledby="chart-title chart-desc">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<desc id="chart-desc">{escape(description)}</desc>',
    ]
    for tick in range(low, high + 1, 10 if span > 20 else 5):
        position = x(Decimal(tick))
        parts.append(
            f'<line class="kipp-chart-grid" x1="{position:.1f}" y1="{TOP - 8}" x2="{position:.1f}" '
            f'y2="{TOP + ROW * len(shown)}"/>'
            f'<text class="kipp-chart-tick" x="{position:.1f}" y="{TOP - 14}" text-anchor="middle">{tick}</text>'
        )
    cut_drawn = False
    for index, entry in enumerate(shown):
        y = TOP + index * ROW
        if not entry.in_top_n and not cut_drawn:
            parts.append(_cut_line(y, top_n))
            cut_drawn = True
        bar_class = "kipp-chart-bar-top" if entry.in_top_n else "kipp-chart-bar"
        if entry.shared:
            bar_class += " kipp-chart-bar-tied"
        end = x(entry.final_score)
        label = f"{entry.rank}. {_short(entry.submission.name)}"
        parts.append(
            f'<text class="kipp-chart-label" x="{LABEL_WIDTH}" y="{y + 17}" text-anchor="end">{escape(label)}</text>'
            f'<rect class="{bar_class}" x="{BAR_LEFT}" y="{y + 4}" width="{max(end - BAR_LEFT, 1):.1f}" '
            f'height="{ROW - 8}" rx="3"><title>{escape(label)}: {_number(entry.final_score, 4)}</title></rect>'
            f'<text class="kipp-chart-value" x="{end + 6:.1f}" y="{y + 17}">{_number(entry.final_score)}'
        )
        if entry.in_top_n and entry.margin is not None:
            parts.append(f'<tspan class="kipp-chart-margin"> +{_number(entry.margin)}</tspan>')
        parts.append("</text>")
    if not cut_drawn:
        parts.append(_cut_line(TOP + ROW * len(shown), top_n))
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _cut_line(y: float, top_n: int) -> str:
    label = escape(_("batas %(n)d besar") % {"n": top_n})
    return (
        f'<line class="kipp-chart-cut" x1="8" y1="{y}" x2="{WIDTH - 8}" y2="{y}"/>'
        f'<text class="kipp-chart-cut-label" x="{WIDTH - 10}" y="{y - 4}" text-anchor="end">{label}</text>'
    )
