"""The configuration rules of a competition, stated once and shared by the forms and the services.

Each function takes plain objects (model instances, saved or not, or anything with the same attributes)
and returns a list of `Problem`s instead of raising, so a form can put every message next to the field it
concerns while a service turns the same list into a `ValidationError`.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from competitions.enums import StageKind
from kipp.templatetags.kipp_format import wib

HUNDRED = Decimal("100")


@dataclass(frozen=True)
class Problem:
    """A rule broken by the field `field` of the row at `index` (None: the object itself)."""

    field: str | None
    message: str
    index: int | None = None


def raise_problems(problems: Sequence[Problem], *, rows: Sequence = ()) -> None:
    """Raise one ValidationError carrying every problem, keyed by field.

    A problem of a row is prefixed with the row's name (`rows` are the objects the indexes point to).
    """
    if not problems:
        return
    errors: dict[str, list[str]] = {}
    for problem in problems:
        if problem.index is not None and problem.index < len(rows):
            row = rows[problem.index]
            name = getattr(row, "name", None) or getattr(row, "label", None) or str(problem.index + 1)
            message = f"«{name}»: {problem.message}"
        else:
            message = problem.message
        errors.setdefault(problem.field or "__all__", []).append(message)
    raise ValidationError(errors)


def format_moment(value) -> str:
    """A date-time as every page shows it (the shared ``wib`` filter): "30 April 2023, 23.59 WIB"."""
    return wib(value)


def format_number(value) -> str:
    """A weight without needless decimals: 70.00 -> "70", 12.50 -> "12,5"."""
    value = Decimal(value)
    if value == value.to_integral_value():
        return str(value.to_integral_value())
    return format(value.normalize(), "f").replace(".", ",")


def is_scoring(stage) -> bool:
    return stage.kind == StageKind.SCORING


def competition_date_problems(*, opens, closes, revision_deadline=None, ceremony_date=None) -> list[Problem]:
    """Registration closes after it opens; the revision deadline and the ceremony come after the close."""
    problems = []
    if opens and closes and closes <= opens:
        problems.append(Problem("submission_closes_at", _("Penutupan pendaftaran harus setelah pembukaannya.")))
    if revision_deadline and closes and revision_deadline < closes:
        problems.append(Problem("revision_deadline", _("Batas perbaikan tidak boleh sebelum pendaftaran ditutup.")))
    if ceremony_date and closes and ceremony_date < timezone.localtime(closes).date():
        problems.append(Problem("ceremony_date", _("Tanggal penganugerahan tidak boleh sebelum pendaftaran ditutup.")))
    return problems


def stage_before_final(stages: Sequence) -> tuple[object | None, object | None]:
    """Return (the stage just before the final scoring stage, the final scoring stage), in order."""
    ordered = sorted(stages, key=lambda stage: stage.order)
    scoring = [stage for stage in ordered if is_scoring(stage)]
    if not scoring:
        return None, None
    final = scoring[-1]
    position = ordered.index(final)
    return (ordered[position - 1] if position > 0 else None), final


def top_n_capacity(stages: Sequence) -> tuple[int | None, object | None]:
    """How many submissions can reach the final scoring stage (None: no limit), and the stage that says so."""
    before, _final = stage_before_final(stages)
    if before is None or before.advance_count is None:
        return None, None
    return before.advance_count, before


def top_n_problems(*, top_n, stages: Sequence) -> list[Problem]:
    """Top N may not exceed the number of submissions that can reach the final scoring stage."""
    capacity, stage = top_n_capacity(stages)
    if top_n is None or capacity is None or top_n <= capacity:
        return []
    return [
        Problem(
            "top_n",
            _(
                "Top N (%(top_n)s) lebih besar daripada jumlah usulan yang dapat mencapai tahap akhir: "
                "hanya %(count)s usulan yang lolos dari tahap «%(stage)s»."
            )
            % {"top_n": top_n, "count": capacity, "stage": stage.name},
        )
    ]


def competition_window_problems(*, opens, closes, stages: Sequence) -> list[Problem]:
    """A change of the registration window must keep every existing stage inside the rules."""
    problems = []
    if opens is None or closes is None:
        return problems
    early = [stage for stage in stages if stage.opens_at < opens]
    if early:
        problems.append(
            Problem(
                "submission_opens_at",
                _("Tahap «%(stage)s» dibuka %(date)s, sebelum pendaftaran dibuka. Ubah jadwal tahap itu dahulu.")
                % {"stage": early[0].name, "date": format_moment(early[0].opens_at)},
            )
        )
    short = [stage for stage in stages if is_scoring(stage) and stage.closes_at < closes]
    if short:
        problems.append(
            Problem(
                "submission_closes_at",
                _(
                    "Tahap penilaian «%(stage)s» ditutup %(date)s, sebelum pendaftaran ditutup. "
                    "Ubah jadwal tahap itu dahulu."
                )
                % {"stage": short[0].name, "date": format_moment(short[0].closes_at)},
            )
        )
    return problems


def tier_cover_problems(*, top_n, tiers: Sequence) -> list[Problem]:
    """Top N may not shrink below a configured award tier."""
    if top_n is None:
        return []
    outside = [tier for tier in tiers if tier.last_place > top_n]
    if not outside:
        return []
    return [
        Problem(
            "top_n",
            _("Kategori penghargaan «%(tier)s» mencakup peringkat sampai %(last)s; ubah kategori itu dahulu.")
            % {"tier": outside[0].name, "last": outside[0].last_place},
        )
    ]


def stage_problems(*, competition, stages: Sequence) -> list[Problem]:
    """Every rule about the stages of `competition`; `stages` are the stages as they would be saved.

    - each window closes after it opens, and no stage opens before registration opens;
    - a scoring stage does not close before registration closes;
    - one screening stage at most, first in order, without weight (screening may run alongside the
      scoring stages, because proposals are screened as they arrive);
    - in order, no stage opens before an earlier stage, and a scoring stage opens only after the previous
      scoring stage has closed;
    - the weights of the scoring stages add up to 100;
    - Top N does not exceed what can reach the final scoring stage.
    """
    problems: list[Problem] = []
    index_of = {id(stage): index for index, stage in enumerate(stages)}
    seen_orders: dict[int, int] = {}
    for index, stage in enumerate(stages):
        if stage.order in seen_orders:
            problems.append(
                Problem("order", _("Urutan %(order)s sudah dipakai tahap lain.") % {"order": stage.order}, index)
            )
        seen_orders.setdefault(stage.order, index)
        if stage.opens_at and stage.closes_at and stage.closes_at <= stage.opens_at:
            problems.append(Problem("closes_at", _("Penutupan tahap harus setelah pembukaannya."), index))
        if stage.opens_at and stage.opens_at < competition.submission_opens_at:
            problems.append(
                Problem(
                    "opens_at",
                    _("Tahap tidak boleh dibuka sebelum pendaftaran dibuka (%(date)s).")
                    % {"date": format_moment(competition.submission_opens_at)},
                    index,
                )
            )
        if is_scoring(stage) and stage.closes_at and stage.closes_at < competition.submission_closes_at:
            problems.append(
                Problem(
                    "closes_at",
                    _("Tahap penilaian tidak boleh ditutup sebelum pendaftaran ditutup (%(date)s).")
                    % {"date": format_moment(competition.submission_closes_at)},
                    index,
                )
            )
        if not is_scoring(stage) and stage.weight:
            problems.append(Problem("weight", _("Tahap seleksi administrasi tidak diberi bobot; isi 0."), index))

    ordered = sorted(stages, key=lambda stage: stage.order)
    screening = [stage for stage in ordered if not is_scoring(stage)]
    if len(screening) > 1:
        for stage in screening[1:]:
            problems.append(Problem("kind", _("Hanya boleh ada satu tahap seleksi administrasi."), index_of[id(stage)]))
    if screening and ordered[0] is not screening[0]:
        problems.append(
            Problem("order", _("Tahap seleksi administrasi harus menjadi tahap pertama."), index_of[id(screening[0])])
        )

    previous = None
    previous_scoring = None
    for stage in ordered:
        index = index_of[id(stage)]
        if previous is not None and stage.opens_at and previous.opens_at and stage.opens_at < previous.opens_at:
            problems.append(
                Problem(
                    "opens_at",
                    _("Tahap ini dibuka sebelum tahap «%(stage)s» yang urutannya lebih awal.")
                    % {"stage": previous.name},
                    index,
                )
            )
        elif (
            is_scoring(stage)
            and previous_scoring is not None
            and stage.opens_at
            and previous_scoring.closes_at
            and stage.opens_at < previous_scoring.closes_at
        ):
            problems.append(
                Problem(
                    "opens_at",
                    _("Tahap ini tumpang tindih dengan tahap «%(stage)s» yang baru ditutup %(date)s.")
                    % {"stage": previous_scoring.name, "date": format_moment(previous_scoring.closes_at)},
                    index,
                )
            )
        previous = stage
        if is_scoring(stage):
            previous_scoring = stage

    scoring = [stage for stage in stages if is_scoring(stage)]
    total = sum((Decimal(stage.weight or 0) for stage in scoring), Decimal(0))
    if scoring and total != HUNDRED:
        message = _("Jumlah bobot tahap penilaian harus 100%% (sekarang %(total)s%%).") % {
            "total": format_number(total)
        }
        problems.extend(Problem("weight", message, index_of[id(stage)]) for stage in scoring)

    capacity, before = top_n_capacity(stages)
    if capacity is not None and competition.top_n and capacity < competition.top_n:
        problems.append(
            Problem(
                "advance_count",
                _(
                    "Jumlah yang lolos (%(count)s) lebih kecil daripada Top N (%(top_n)s): "
                    "tahap akhir tidak akan memiliki cukup usulan."
                )
                % {"count": capacity, "top_n": competition.top_n},
                index_of[id(before)],
            )
        )
    return problems


def tier_problems(*, top_n: int, tiers: Sequence) -> list[Problem]:
    """Tiers stay inside places 1..Top N, in order, without overlapping and with distinct names."""
    problems = []
    for index, tier in enumerate(tiers):
        if tier.first_place is None or tier.last_place is None:
            continue
        if tier.last_place < tier.first_place:
            problems.append(
                Problem("last_place", _("Peringkat akhir tidak boleh lebih kecil dari peringkat awal."), index)
            )
        if tier.first_place < 1 or tier.last_place > top_n:
            field = "first_place" if tier.first_place < 1 else "last_place"
            problems.append(
                Problem(field, _("Peringkat harus antara 1 dan Top N (%(top_n)s).") % {"top_n": top_n}, index)
            )
    names: set[str] = set()
    for index, tier in enumerate(tiers):
        key = (tier.name or "").strip().casefold()
        if key in names:
            problems.append(Problem("name", _("Nama kategori penghargaan ini sudah dipakai."), index))
        names.add(key)
    ordered = sorted(
        ((index, tier) for index, tier in enumerate(tiers) if tier.first_place and tier.last_place),
        key=lambda pair: pair[1].first_place,
    )
    for (_index, earlier), (index, later) in zip(ordered, ordered[1:], strict=False):
        if later.first_place <= earlier.last_place:
            problems.append(
                Problem(
                    "first_place",
                    _("Peringkat %(first)s–%(last)s tumpang tindih dengan «%(tier)s» (%(other_first)s–%(other_last)s).")
                    % {
                        "first": later.first_place,
                        "last": later.last_place,
                        "tier": earlier.name,
                        "other_first": earlier.first_place,
                        "other_last": earlier.last_place,
                    },
                    index,
                )
            )
    return problems


def criteria_problems(*, criteria: Sequence) -> list[Problem]:
    """A scoring stage has criteria, with distinct names, whose weights add up to exactly 100."""
    problems = []
    if not criteria:
        return [Problem(None, _("Tahap penilaian memerlukan paling sedikit satu kriteria."))]
    names: set[str] = set()
    for index, criterion in enumerate(criteria):
        key = (criterion.name or "").strip().casefold()
        if key in names:
            problems.append(Problem("name", _("Kriteria dengan nama ini sudah ada pada tahap ini."), index))
        names.add(key)
    total = sum((Decimal(criterion.weight or 0) for criterion in criteria), Decimal(0))
    if total != HUNDRED:
        message = _("Jumlah bobot kriteria harus 100 (sekarang %(total)s).") % {"total": format_number(total)}
        problems.extend(Problem("weight", message, index) for index in range(len(criteria)))
        problems.append(Problem(None, message))
    return problems


def rubric_problems(*, max_score: int, levels: Sequence) -> list[Problem]:
    """Rubric ranges lie within 0..max score and do not overlap."""
    problems = []
    for index, level in enumerate(levels):
        if level.min_score is None or level.max_score is None:
            continue
        if level.max_score < level.min_score:
            problems.append(
                Problem("max_score", _("Batas atas rubrik tidak boleh lebih kecil dari batas bawah."), index)
            )
        if level.max_score > max_score:
            problems.append(
                Problem(
                    "max_score",
                    _("Rentang nilai harus antara 0 dan nilai maksimal kriteria (%(max)s).") % {"max": max_score},
                    index,
                )
            )
    ordered = sorted(
        ((index, level) for index, level in enumerate(levels) if level.min_score is not None),
        key=lambda pair: pair[1].min_score,
    )
    for (_index, lower), (index, upper) in zip(ordered, ordered[1:], strict=False):
        if lower.max_score is not None and upper.min_score <= lower.max_score:
            problems.append(
                Problem(
                    "min_score",
                    _("Rentang ini tumpang tindih dengan tingkat «%(label)s» (%(low)s–%(high)s).")
                    % {"label": lower.label, "low": lower.min_score, "high": lower.max_score},
                    index,
                )
            )
    return problems


def max_score_rubric_problems(*, criterion_max: int, levels: Sequence) -> list[Problem]:
    """Lowering a criterion's maximum below its rubric would leave levels that cannot be scored."""
    highest = max((level.max_score for level in levels), default=None)
    if highest is None or highest <= criterion_max:
        return []
    return [
        Problem(
            "max_score",
            _("Rubrik kriteria ini sampai nilai %(high)s; ubah rubrik dahulu atau pakai nilai maksimal %(high)s.")
            % {"high": highest},
        )
    ]
