"""The committee's ranking exports: CSV and XLSX, with every juror's total named (committee only).

Both read one `RankingResult` plus the jurors' names: a constant number of queries whatever the size.
Scores are written with four decimals, as computed (raw totals; stage and final scores by the method).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from judging.ranking import RankingResult, StageRow, TieBreak
from kipp.models import User


def tie_break_label(entry, stages_by_id: dict[int, StageRow], criterion_name: str | None) -> str:
    """What decided the entry's place, in words."""
    if entry.decided_by == TieBreak.CRITERION:
        return _("kriteria %(name)s") % {"name": criterion_name or ""}
    if entry.decided_by == TieBreak.FINAL_STAGE:
        return _("nilai tahap akhir")
    if entry.decided_by == TieBreak.EARLIER_STAGE:
        stage = stages_by_id.get(entry.decided_by_stage_id)
        return _("nilai tahap %(name)s") % {"name": stage.name if stage else ""}
    if entry.decided_by == TieBreak.COMMITTEE:
        return _("keputusan panitia")
    if entry.decided_by == TieBreak.SHARED:
        return _("nilai sama (berbagi peringkat)")
    return _("nilai")


@dataclass
class ExportTable:
    header: list[str]
    rows: list[list]
    juror_header: list[str]
    juror_rows: list[list]


def export_table(ranking: RankingResult) -> ExportTable:
    """The ranking as rows: one per submission, then one column per (stage, juror) with the juror's total."""
    stages = ranking.stages
    stages_by_id = {stage.id: stage for stage in stages}
    criterion = ranking.tiebreak_criterion
    panels: dict[int, list[int]] = {stage.id: [] for stage in stages}
    for entry in ranking.entries:
        for stage_id, totals in entry.juror_totals.items():
            panels[stage_id].extend(juror_id for juror_id, _total in totals)
    panels = {stage_id: sorted(set(ids)) for stage_id, ids in panels.items()}
    names = {
        pk: (full_name or username)
        for pk, full_name, username in User.objects.filter(pk__in={j for ids in panels.values() for j in ids})
        .order_by()
        .values_list("pk", "full_name", "username")
    }
    for ids in panels.values():
        ids.sort(key=lambda pk: (names.get(pk, "").casefold(), pk))
    header = [
        _("Peringkat"),
        _("Berbagi peringkat"),
        _("Ditentukan oleh"),
        _("Nama inovasi"),
        _("Kepanjangan"),
        _("Unit"),
        _("Jenis unit"),
        _("Kategori"),
        _("Mencapai tahap akhir"),
        *[_("Nilai tahap: %(name)s") % {"name": stage.name} for stage in stages],
        _("Nilai akhir"),
        _("Nilai kriteria penentu"),
        _("Masuk %(n)d besar") % {"n": ranking.top_n},
        _("Selisih ke peringkat %(n)d") % {"n": ranking.top_n + 1},
        _("Stabilitas (tanpa satu juri)"),
    ]
    for stage in stages:
        header.extend(f"{stage.name} · {names.get(pk, pk)}" for pk in panels[stage.id])
    rows = []
    juror_rows = []
    yes, no = _("ya"), _("tidak")
    for entry in ranking.entries:
        row = [
            entry.rank,
            yes if entry.shared else no,
            tie_break_label(entry, stages_by_id, criterion.name if criterion else None),
            entry.submission.name,
            entry.submission.acronym_meaning,
            entry.submission.unit_name,
            entry.submission.unit_kind,
            entry.submission.category_name or "",
            yes if entry.reached_final else no,
            *[entry.stage_scores.get(stage.id) for stage in stages],
            entry.final_score,
            entry.tiebreak_value,
            yes if entry.in_top_n else no,
            entry.margin,
            entry.stability,
        ]
        for stage in stages:
            totals = dict(entry.juror_totals.get(stage.id, []))
            row.extend(totals.get(pk) for pk in panels[stage.id])
            for juror_id, total in entry.juror_totals.get(stage.id, []):
                juror_rows.append(
                    [
                        stage.name,
                        entry.submission.name,
                        entry.submission.unit_name,
                        names.get(juror_id, juror_id),
                        total,
                    ]
                )
        rows.append(row)
    juror_header = [_("Tahap"), _("Nama inovasi"), _("Unit"), _("Juri"), _("Nilai juri (0–100)")]
    return ExportTable(header=header, rows=rows, juror_header=juror_header, juror_rows=juror_rows)


def _plain(value) -> str:
    if value is None:
        return ""
    return str(value)


def ranking_csv(ranking: RankingResult) -> bytes:
    """UTF-8 CSV (with a byte-order mark so spreadsheet programs read the accents)."""
    table = export_table(ranking)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(table.header)
    for row in table.rows:
        writer.writerow([_plain(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def ranking_xlsx(ranking: RankingResult, *, title: str) -> bytes:
    """A workbook: the ranking with per-juror columns, then every juror's total on its own row."""
    table = export_table(ranking)
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    sheet = workbook.create_sheet(_("Peringkat"))
    sheet.append([_cell(sheet, title, bold)])
    sheet.append([_cell(sheet, value, bold) for value in table.header])
    for row in table.rows:
        sheet.append([_cell(sheet, value) for value in row])
    jurors = workbook.create_sheet(_("Nilai per juri"))
    jurors.append([_cell(jurors, value, bold) for value in table.juror_header])
    for row in table.juror_rows:
        jurors.append([_cell(jurors, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell(sheet, value, font=None):
    cell = WriteOnlyCell(sheet, value=value)
    if font is not None:
        cell.font = font
    if hasattr(value, "as_tuple"):  # Decimal
        cell.number_format = "0.0000"
    return cell
