"""Reads about competitions that several pages and apps share."""

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from competitions.enums import RankingMethod, StageKind
from competitions.models import Competition, Criterion, Stage
from competitions.validation import format_moment, format_number


def _stages(competition: Competition) -> list[Stage]:
    """The competition's stages in order, from the prefetch cache when there is one."""
    return sorted(competition.stages.all(), key=lambda stage: stage.order)


def scoring_stages(competition: Competition) -> list[Stage]:
    """The scoring stages in order (the screening stage is not scored)."""
    return [stage for stage in _stages(competition) if stage.kind == StageKind.SCORING]


def first_scoring_stage(competition: Competition) -> Stage | None:
    """The stage a submission enters when it passes screening."""
    stages = scoring_stages(competition)
    return stages[0] if stages else None


def final_scoring_stage(competition: Competition) -> Stage | None:
    """The stage whose finalists make up the ranking."""
    stages = scoring_stages(competition)
    return stages[-1] if stages else None


def tie_break_criterion(stage: Stage | None) -> Criterion | None:
    """The first tie-break: the stage's highest-weight criterion (of equal weights, the first listed)."""
    if stage is None:
        return None
    criteria = sorted(stage.criteria.all(), key=lambda criterion: (-criterion.weight, criterion.order, criterion.pk))
    return criteria[0] if criteria else None


def current_competition() -> Competition | None:
    """The announced, not archived competition with the latest year (the one the home page shows)."""
    return (
        Competition.objects.filter(is_announced=True, archived_at__isnull=True)
        .prefetch_related("stages")
        .order_by("-year")
        .first()
    )


def competition_with_structure(queryset: QuerySet | None = None) -> QuerySet:
    """Competitions with stages, criteria, rubric, tiers, categories and documents loaded in a fixed number
    of queries."""
    queryset = Competition.objects.all() if queryset is None else queryset
    return queryset.prefetch_related(
        Prefetch(
            "stages",
            queryset=Stage.objects.order_by("order").prefetch_related(
                Prefetch("criteria", queryset=Criterion.objects.prefetch_related("rubric_levels"))
            ),
        ),
        "award_tiers",
        "categories",
        "attachment_requirements",
    )


def competitions_for_committee() -> QuerySet:
    """The committee's overview: every year, newest first, with what the phase needs."""
    return Competition.objects.prefetch_related("stages").order_by("-year")


def _method_sentence(method: str) -> str:
    if method == RankingMethod.ZSCORE:
        return _(
            "Metode pemeringkatan: %(method)s. Nilai juri yang menilai paling sedikit 8 usulan dinormalisasi "
            "terhadap rata-rata dan simpangan nilainya sendiri (tanpa usulan yang berkonflik dengannya) untuk "
            "meredam perbedaan kelonggaran antarjuri; nilai mentah tetap disimpan dan ditampilkan di sampingnya."
        ) % {"method": RankingMethod(method).label}
    if method == RankingMethod.TRIMMED_MEAN:
        return _(
            "Metode pemeringkatan: %(method)s. Bila sebuah usulan dinilai 5 juri atau lebih, nilai tertinggi dan "
            "terendah tidak dihitung dalam rata-rata; nilai mentah tetap disimpan."
        ) % {"method": RankingMethod(method).label}
    return _(
        "Metode pemeringkatan: %(method)s. Nilai tahap adalah rata-rata nilai para juri yang tidak memiliki "
        "konflik kepentingan dengan usulan itu, sehingga juri yang mundur karena konflik tidak merugikan siapa pun."
    ) % {"method": RankingMethod(RankingMethod.RAW_MEAN).label}


def methodology_lines(competition: Competition) -> list[str]:
    """The published method in plain Indonesian sentences, one per line.

    It states each scoring stage with its weight and criteria, the ranking method and the tie-break chain
    (final stage's highest-weight criterion, then the final stage score, then earlier stages' scores, then a
    recorded committee vote or draw of lots, never the order of entry). The results pages and the
    publication's methodology note print these lines as they are.
    """
    stages = scoring_stages(competition)
    lines: list[str] = []
    if not stages:
        return [_("Tahap penilaian belum ditetapkan.")]
    for stage in stages:
        criteria = sorted(stage.criteria.all(), key=lambda criterion: (criterion.order, criterion.pk))
        criteria_text = "; ".join(
            _("%(name)s (bobot %(weight)s%%, nilai maksimal %(max)s)")
            % {"name": criterion.name, "weight": format_number(criterion.weight), "max": criterion.max_score}
            for criterion in criteria
        )
        lines.append(
            _("Tahap %(order)s «%(stage)s» berbobot %(weight)s%% dari nilai akhir, dengan kriteria: %(criteria)s.")
            % {
                "order": stage.order,
                "stage": stage.name,
                "weight": format_number(stage.weight),
                "criteria": criteria_text or _("belum ditetapkan"),
            }
        )
    lines.append(
        _(
            "Nilai seorang juri pada satu tahap adalah jumlah bobot × nilai ÷ nilai maksimal setiap kriteria, "
            "pada skala 0–100."
        )
    )
    lines.append(_method_sentence(competition.ranking_method))
    final = stages[-1]
    lines.append(
        _(
            "Nilai akhir adalah jumlah bobot tahap × nilai tahap, dihitung bagi usulan yang mencapai tahap "
            "«%(stage)s»; %(top_n)s usulan dengan nilai akhir tertinggi menjadi pemenang."
        )
        % {"stage": final.name, "top_n": competition.top_n}
    )
    chain = []
    criterion = tie_break_criterion(final)
    if criterion is not None:
        chain.append(
            _("nilai kriteria «%(criterion)s» pada tahap «%(stage)s» (kriteria berbobot terbesar)")
            % {"criterion": criterion.name, "stage": final.name}
        )
    chain.append(_("nilai tahap «%(stage)s»") % {"stage": final.name})
    chain.extend(_("nilai tahap «%(stage)s»") % {"stage": stage.name} for stage in reversed(stages[:-1]))
    numbered = "; ".join(f"({position}) {step}" for position, step in enumerate(chain, start=1))
    lines.append(_("Bila nilai akhir sama, urutan ditentukan berturut-turut oleh: %(chain)s.") % {"chain": numbered})
    lines.append(
        _(
            "Bila masih sama, usulan-usulan itu berbagi peringkat dan panitia memutuskan urutannya melalui "
            "pemungutan suara atau undian yang dicatat dalam berita acara, tidak pernah berdasarkan urutan "
            "pendaftaran."
        )
    )
    return lines


def timeline(competition: Competition) -> list[dict]:
    """The dates the public and the committee follow, in time order, each with whether it is past."""
    now = timezone.now()
    entries = [
        {
            "label": _("Pendaftaran dan pengiriman usulan"),
            "starts": competition.submission_opens_at,
            "ends": competition.submission_closes_at,
            "kind": "registration",
        }
    ]
    if competition.revision_deadline:
        entries.append(
            {
                "label": _("Batas perbaikan usulan yang dikembalikan"),
                "starts": None,
                "ends": competition.revision_deadline,
                "kind": "deadline",
            }
        )
    for stage in _stages(competition):
        entries.append(
            {
                "label": stage.name,
                "starts": stage.opens_at,
                "ends": stage.closes_at,
                "kind": stage.kind,
                "description": stage.description,
                "stage": stage,
            }
        )
    entries.sort(key=lambda entry: entry["starts"] or entry["ends"])
    if competition.ceremony_date:
        entries.append(
            {
                "label": _("Penganugerahan"),
                "starts": None,
                "ends": None,
                "date": competition.ceremony_date,
                "kind": "ceremony",
            }
        )
    for entry in entries:
        end = entry.get("ends")
        if end is not None:
            entry["is_past"] = end <= now
            entry["is_current"] = (entry["starts"] or end) <= now < end
        else:
            entry["is_past"] = entry["date"] < timezone.localdate()
            entry["is_current"] = entry["date"] == timezone.localdate()
    return entries


def next_deadline(competition: Competition, now=None) -> dict | None:
    """The nearest date still ahead: a window opening or closing, the revision deadline."""
    now = now or timezone.now()
    candidates = [
        (competition.submission_opens_at, _("Pendaftaran dibuka")),
        (competition.submission_closes_at, _("Pendaftaran ditutup")),
    ]
    if competition.revision_deadline:
        candidates.append((competition.revision_deadline, _("Batas perbaikan usulan")))
    for stage in _stages(competition):
        candidates.append((stage.opens_at, _("«%(stage)s» dibuka") % {"stage": stage.name}))
        if stage.closed_at is None:
            candidates.append((stage.closes_at, _("«%(stage)s» ditutup") % {"stage": stage.name}))
    ahead = sorted((moment, label) for moment, label in candidates if moment > now)
    if not ahead:
        return None
    moment, label = ahead[0]
    return {"at": moment, "label": label, "text": format_moment(moment)}
