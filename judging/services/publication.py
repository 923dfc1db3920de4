"""Publishing the Top N: a frozen, fingerprinted snapshot that the public pages read instead of live scores.

`publication_preview` computes the ranking and lists what blocks publishing: a scoring stage still open,
active scorecards that are not final, and a tie straddling place N that the committee has neither decided
(`TieResolution`) nor explicitly accepted with a recorded note (then the tied submissions share the place).

`publication_publish` then, in one transaction: stores `Publication` version n+1 (the previous active
version is marked as superseded, and stays visible to the committee) with one `PublishedEntry` per place
(rank, award tier, score, innovation, acronym, unit, category, summary, as they are now), the method, the
methodology note and who published; the snapshot is canonical JSON (sorted keys, no spaces, UTF-8) and
its SHA-256 is the fingerprint shown on the public page. Winners get status `winner`, the other
submissions that reached the final stage `finalist` (each change a `SubmissionEvent`); the operators of
those units are e-mailed after the commit; `Competition.published_at` is set; the public pages' cache is
invalidated. A pre-publication backup runs first when `kipp.backup` provides one; if it fails, nothing is
published.

`publication_unpublish` withdraws the active version with a recorded reason; with no active version left,
`Competition.published_at` is cleared and winners are finalists again.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from competitions.enums import RankingMethod, StageKind
from competitions.models import AwardTier, Competition, Criterion, Stage
from judging.caching import bump_public_version
from judging.enums import TieResolutionMethod
from judging.models import Publication, PublishedEntry, TieResolution
from judging.ranking import RankedEntry, RankingResult, TieGroup, compute_ranking, ranking_data
from judging.services.stages import history_reason
from kipp.enums import Role
from kipp.models import User
from kipp.rules import is_committee
from submissions.enums import SubmissionStatus
from submissions.models import Submission, SubmissionEvent

try:  # The pre-publication backup lives in kipp.backup (another module may not ship it).
    from kipp.backup import backup_before_publication
except ImportError:  # pragma: no cover - depends on the deployment
    backup_before_publication = None

logger = logging.getLogger("kipp.publication")

SNAPSHOT_FORMAT = "kipp-publication"
SNAPSHOT_VERSION = 1
MAX_LISTED = 20  # blockers list at most this many items of one kind


def canonical_json(snapshot: dict) -> bytes:
    """The exact bytes the fingerprint covers: sorted keys, no spaces, UTF-8 (not ASCII-escaped)."""
    return json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def snapshot_fingerprint(snapshot: dict) -> str:
    return hashlib.sha256(canonical_json(snapshot)).hexdigest()


def methodology_lines(competition: Competition) -> list[str]:
    """The published method in sentences (competitions' wording; the competition's stages are re-read)."""
    from competitions.selectors import competition_with_structure
    from competitions.selectors import methodology_lines as competition_methodology

    structured = competition_with_structure(Competition.objects.filter(pk=competition.pk)).get()
    return competition_methodology(structured)


def tier_for(rank: int, tiers: list[AwardTier]) -> str:
    for tier in tiers:
        if tier.first_place <= rank <= tier.last_place:
            return tier.name
    return ""


@dataclass
class PreviewEntry:
    entry: RankedEntry
    rank: int
    tier_name: str


@dataclass
class PublicationPreview:
    competition: Competition
    ranking: RankingResult
    entries: list[PreviewEntry]
    blockers: list[str] = field(default_factory=list)
    tie_group: TieGroup | None = None  # an unresolved tie at place N
    active: Publication | None = None

    @property
    def can_publish(self) -> bool:
        return not self.blockers

    @property
    def blockers_without_tie(self) -> list[str]:
        return [blocker for blocker in self.blockers if blocker != self.tie_blocker]

    @property
    def tie_blocker(self) -> str | None:
        if self.tie_group is None:
            return None
        return _tie_message(self.tie_group, self.ranking)


def _tie_message(group: TieGroup, ranking: RankingResult) -> str:
    names = ranking.by_submission
    listed = ", ".join(names[submission_id].submission.name for submission_id in group.submission_ids)
    return _(
        "Nilai sama di peringkat %(rank)d melewati batas %(top_n)d besar: %(names)s. Catat keputusan panitia "
        "(pemungutan suara atau undian), atau umumkan dengan pengecualian tercatat sehingga mereka berbagi "
        "peringkat."
    ) % {"rank": group.rank, "top_n": ranking.top_n, "names": listed}


def active_publication(competition: Competition) -> Publication | None:
    return Publication.objects.filter(competition=competition, unpublished_at__isnull=True).order_by("-version").first()


def publication_preview(*, competition: Competition) -> PublicationPreview:
    """The ranking as it would be published now, with everything that blocks publishing."""
    data = ranking_data(competition)
    ranking = compute_ranking(data, method=competition.ranking_method, top_n=competition.top_n)
    tiers = list(AwardTier.objects.filter(competition=competition).order_by("first_place"))
    blockers: list[str] = []
    open_stages = [stage for stage in data.stages if not stage.closed]
    for stage in open_stages:
        blockers.append(_("Tahap «%(stage)s» belum ditutup.") % {"stage": stage.name})
    if not data.stages:
        blockers.append(_("Kompetisi ini belum mempunyai tahap penilaian."))
    elif not ranking.finalists:
        blockers.append(_("Belum ada usulan yang mencapai tahap akhir."))
    if data.unfinished:
        blockers.append(_unfinished_message(data.unfinished, ranking))
    unscored = [entry.submission.name for entry in ranking.finalists if entry.final_score is None]
    if unscored:
        blockers.append(
            _("Finalis berikut belum mempunyai nilai tahap akhir dari juri mana pun: %(names)s.")
            % {"names": ", ".join(unscored[:MAX_LISTED])}
        )
    tie_group = ranking.tie_at_cut
    if tie_group is not None:
        blockers.append(_tie_message(tie_group, ranking))
    entries = [
        PreviewEntry(entry=entry, rank=entry.rank, tier_name=tier_for(entry.rank, tiers)) for entry in ranking.top
    ]
    return PublicationPreview(
        competition=competition,
        ranking=ranking,
        entries=entries,
        blockers=blockers,
        tie_group=tie_group,
        active=active_publication(competition),
    )


def _unfinished_message(unfinished: list[tuple[int, int, int]], ranking: RankingResult) -> str:
    names = {entry.submission_id: entry.submission.name for entry in ranking.entries}
    stage_names = {stage.id: stage.name for stage in ranking.stages}
    jurors = dict(
        User.objects.filter(pk__in={juror_id for _s, _u, juror_id in unfinished}).values_list("pk", "full_name")
    )
    items = [
        _("%(juror)s – %(submission)s (%(stage)s)")
        % {
            "juror": jurors.get(juror_id) or _("juri #%(id)d") % {"id": juror_id},
            "submission": names.get(submission_id, f"#{submission_id}"),
            "stage": stage_names.get(stage_id, ""),
        }
        for stage_id, submission_id, juror_id in unfinished[:MAX_LISTED]
    ]
    more = len(unfinished) - len(items)
    text = _("%(count)d lembar nilai belum final: %(items)s") % {"count": len(unfinished), "items": "; ".join(items)}
    if more > 0:
        text += " " + _("(dan %(more)d lainnya)") % {"more": more}
    return text


def _snapshot(
    *,
    competition: Competition,
    version: int,
    method: str,
    methodology: list[str],
    rows: list[dict],
    published_at,
    published_by: User,
    override_note: str,
) -> dict:
    return {
        "format": SNAPSHOT_FORMAT,
        "format_version": SNAPSHOT_VERSION,
        "competition": {"year": competition.year, "title": competition.title, "top_n": competition.top_n},
        "version": version,
        "method": method,
        "method_label": str(RankingMethod(method).label),
        "methodology": methodology,
        "published_at": published_at.isoformat(),
        "published_by": published_by.get_full_name() or published_by.get_username(),
        "override_note": override_note,
        "entries": rows,
    }


def _entry_row(preview_entry: PreviewEntry) -> dict:
    submission = preview_entry.entry.submission
    return {
        "rank": preview_entry.rank,
        "tier": preview_entry.tier_name,
        "score": str(preview_entry.entry.final_score),
        "submission_id": submission.id,
        "innovation_name": submission.name,
        "acronym_meaning": submission.acronym_meaning,
        "unit_name": submission.unit_name,
        "unit_kind": submission.unit_kind,
        "category_name": submission.category_name or "",
    }


def _run_backup(competition: Competition) -> None:
    if backup_before_publication is None:
        return
    try:
        backup_before_publication(competition)
    except Exception as exc:  # noqa: BLE001 - whatever stops the backup stops the publication
        logger.exception("pre-publication backup of %s failed", competition.year)
        raise ValidationError(
            _("Cadangan data sebelum pengumuman gagal dibuat, jadi hasil belum diumumkan: %(error)s") % {"error": exc}
        ) from exc


def publication_publish(
    *,
    competition: Competition,
    actor: User,
    tie_override_note: str = "",
    backup: bool = True,
    notify: bool = True,
    now=None,
) -> Publication:
    """Publish the Top N now (version n+1); refused with the list of blockers.

    `backup=False` skips the pre-publication backup and `notify=False` the e-mails to the units (the demo,
    which has nothing to lose and no one to tell); `now` dates the publication (default: the current time;
    the demo backdates a past year with it).
    """
    if not is_committee(actor):
        raise ValidationError(_("Hanya panitia yang dapat mengumumkan hasil."))
    tie_override_note = (tie_override_note or "").strip()
    preview = publication_preview(competition=competition)
    blockers = preview.blockers if not tie_override_note else preview.blockers_without_tie
    if blockers:
        raise ValidationError(blockers)
    if backup:
        _run_backup(competition)
    with transaction.atomic():
        competition = Competition.objects.select_for_update().get(pk=competition.pk)
        # Re-read under the lock: nothing may have changed between the preview and now.
        preview = publication_preview(competition=competition)
        blockers = preview.blockers if not tie_override_note else preview.blockers_without_tie
        if blockers:
            raise ValidationError(blockers)
        publication = _store(
            competition=competition, preview=preview, actor=actor, override_note=tie_override_note, now=now
        )
        _update_statuses(competition=competition, preview=preview, actor=actor, version=publication.version)
        if notify:
            _notify_units(
                competition=competition,
                preview=preview,
                finalist_ids={entry.submission_id for entry in preview.ranking.finalists}
                | {item.entry.submission_id for item in preview.entries},
            )
    return publication


def _store(
    *, competition: Competition, preview: PublicationPreview, actor: User, override_note: str, now=None
) -> Publication:
    now = now or timezone.now()
    previous = (
        Publication.objects.filter(competition=competition).order_by("-version").values_list("version", flat=True)
    ).first() or 0
    version = previous + 1
    summaries = dict(
        Submission.objects.filter(pk__in=[item.entry.submission_id for item in preview.entries]).values_list(
            "pk", "summary"
        )
    )
    rows = []
    for item in preview.entries:
        row = _entry_row(item)
        row["summary"] = summaries.get(item.entry.submission_id, "")
        rows.append(row)
    with translation.override("id"):
        methodology = methodology_lines(competition)
        method_note = "\n".join(methodology)
        snapshot = _snapshot(
            competition=competition,
            version=version,
            method=competition.ranking_method,
            methodology=methodology,
            rows=rows,
            published_at=now,
            published_by=actor,
            override_note=override_note,
        )
        superseded_reason = _("Digantikan oleh versi %(version)d.") % {"version": version}
    for old in Publication.objects.select_for_update().filter(competition=competition, unpublished_at__isnull=True):
        old.unpublished_at = now
        old.unpublished_by = actor
        old.unpublish_reason = superseded_reason
        old._history_user = actor
        old.save(update_fields=["unpublished_at", "unpublished_by", "unpublish_reason"])
    publication = Publication(
        competition=competition,
        version=version,
        method=competition.ranking_method,
        methodology=method_note,
        fingerprint=snapshot_fingerprint(snapshot),
        snapshot=snapshot,
        override_note=override_note,
        published_by=actor,
    )
    publication.full_clean()
    publication._history_user = actor
    publication.save()
    # auto_now_add stamped its own time; keep the one the snapshot (and so the fingerprint) states.
    Publication.objects.filter(pk=publication.pk).update(published_at=now)
    publication.published_at = now
    entries = []
    for row in rows:
        entry = PublishedEntry(
            publication=publication,
            submission_id=row["submission_id"],
            rank=row["rank"],
            tier_name=row["tier"],
            score=Decimal(row["score"]),
            innovation_name=row["innovation_name"],
            acronym_meaning=row["acronym_meaning"],
            unit_name=row["unit_name"],
            unit_kind=row["unit_kind"],
            category_name=row["category_name"],
            summary=row["summary"],
        )
        entry.full_clean(exclude=["publication", "submission"], validate_unique=False, validate_constraints=False)
        entries.append(entry)
    PublishedEntry.objects.bulk_create(entries)
    competition.published_at = now
    competition._history_user = actor
    competition._change_reason = history_reason(_("Hasil diumumkan (versi %(version)d)") % {"version": version})
    competition.save(update_fields=["published_at", "updated_at"])
    _invalidate(competition.year)
    return publication


def _set_status(*, submission: Submission, to_status: str, actor: User, reason: str, events: list) -> None:
    if submission.status == to_status:
        return
    events.append(
        SubmissionEvent(
            submission=submission, actor=actor, from_status=submission.status, to_status=to_status, reason=reason
        )
    )
    submission.status = to_status
    submission.version += 1
    submission._history_user = actor
    submission._change_reason = history_reason(reason)
    submission.save(update_fields=["status", "version", "updated_at"])


def _update_statuses(*, competition: Competition, preview: PublicationPreview, actor: User, version: int) -> None:
    winners = {item.entry.submission_id: item for item in preview.entries}
    finalists = {entry.submission_id for entry in preview.ranking.finalists}
    events: list[SubmissionEvent] = []
    with translation.override("id"):
        for submission in (
            Submission.objects.select_for_update()
            .filter(competition=competition, pk__in=finalists | set(winners))
            .order_by("pk")
        ):
            if submission.pk in winners:
                item = winners[submission.pk]
                reason = _("Peringkat %(rank)d%(tier)s pada pengumuman versi %(version)d") % {
                    "rank": item.rank,
                    "tier": f" ({item.tier_name})" if item.tier_name else "",
                    "version": version,
                }
                _set_status(
                    submission=submission, to_status=SubmissionStatus.WINNER, actor=actor, reason=reason, events=events
                )
            else:
                reason = _("Finalis pada pengumuman versi %(version)d") % {"version": version}
                _set_status(
                    submission=submission,
                    to_status=SubmissionStatus.FINALIST,
                    actor=actor,
                    reason=reason,
                    events=events,
                )
        # A winner of an earlier version that is not in this one is a finalist again.
        for submission in (
            Submission.objects.select_for_update()
            .filter(competition=competition, status=SubmissionStatus.WINNER)
            .exclude(pk__in=list(winners))
        ):
            reason = _("Tidak termasuk pemenang pada pengumuman versi %(version)d") % {"version": version}
            _set_status(
                submission=submission, to_status=SubmissionStatus.FINALIST, actor=actor, reason=reason, events=events
            )
    SubmissionEvent.objects.bulk_create(events)


def _notify_units(*, competition: Competition, preview: PublicationPreview, finalist_ids: set[int]) -> None:
    """E-mail the operators of every unit with a finalist, after the commit; failures are only logged."""
    by_submission = preview.ranking.by_submission
    winners = {item.entry.submission_id: item for item in preview.entries}
    units: dict[int, list] = {}
    for submission_id in sorted(finalist_ids):
        entry = by_submission.get(submission_id)
        if entry is not None:
            units.setdefault(entry.submission.unit_id, []).append((entry, winners.get(submission_id)))
    if not units:
        return
    recipients: dict[int, list[str]] = {}
    for unit_id, email in (
        User.objects.filter(unit_id__in=list(units), is_active=True, groups__name=Role.OPERATOR)
        .exclude(email="")
        .order_by("pk")
        .values_list("unit_id", "email")
    ):
        recipients.setdefault(unit_id, []).append(email)
    site = getattr(settings, "KIPP_SITE_URL", "").rstrip("/")
    results_url = site + reverse("judging_public:results", kwargs={"year": competition.year})
    messages = []
    with translation.override("id"):
        for unit_id, items in units.items():
            to = recipients.get(unit_id)
            if not to:
                continue
            context = {
                "competition": competition,
                "unit_name": items[0][0].submission.unit_name,
                "items": [
                    {
                        "name": entry.submission.name,
                        "rank": item.rank if item else None,
                        "tier": item.tier_name if item else "",
                        "feedback_url": site + reverse("results:feedback", kwargs={"pk": entry.submission_id}),
                    }
                    for entry, item in items
                ],
                "results_url": results_url,
            }
            subject = " ".join(render_to_string("judging/results/email/published_subject.txt", context).split())
            body = render_to_string("judging/results/email/published_body.txt", context)
            messages.append(EmailMessage(subject=subject, body=body, to=to))
    transaction.on_commit(lambda: _deliver(messages))


def _deliver(messages: list[EmailMessage]) -> None:
    try:
        get_connection().send_messages(messages)
    except Exception:  # noqa: BLE001 - a mail failure is logged; the publication already happened
        logger.exception("could not send %d publication e-mails", len(messages))


def _invalidate(year: int) -> None:
    bump_public_version(year)
    transaction.on_commit(lambda: bump_public_version(year))


@transaction.atomic
def publication_unpublish(*, publication: Publication, actor: User, reason: str) -> Publication:
    """Withdraw `publication` (recorded with the reason); the public pages then show nothing of it."""
    if not is_committee(actor):
        raise ValidationError(_("Hanya panitia yang dapat menarik pengumuman."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Tuliskan alasan penarikan pengumuman.")})
    publication = Publication.objects.select_for_update().select_related("competition").get(pk=publication.pk)
    if publication.unpublished_at is not None:
        raise ValidationError(_("Pengumuman versi ini sudah tidak aktif."))
    now = timezone.now()
    publication.unpublished_at = now
    publication.unpublished_by = actor
    publication.unpublish_reason = reason
    publication._history_user = actor
    publication._change_reason = history_reason(reason)
    publication.full_clean()
    publication.save(update_fields=["unpublished_at", "unpublished_by", "unpublish_reason"])
    competition = Competition.objects.select_for_update().get(pk=publication.competition_id)
    if not Publication.objects.filter(competition=competition, unpublished_at__isnull=True).exists():
        competition.published_at = None
        competition._history_user = actor
        competition._change_reason = history_reason(_("Pengumuman ditarik: %(reason)s") % {"reason": reason})
        competition.save(update_fields=["published_at", "updated_at"])
        events: list[SubmissionEvent] = []
        note = _("Pengumuman ditarik: %(reason)s") % {"reason": reason}
        for submission in Submission.objects.select_for_update().filter(
            competition=competition, status=SubmissionStatus.WINNER
        ):
            _set_status(
                submission=submission, to_status=SubmissionStatus.FINALIST, actor=actor, reason=note, events=events
            )
        SubmissionEvent.objects.bulk_create(events)
    _invalidate(competition.year)
    return publication


@transaction.atomic
def tie_resolution_record(
    *, competition: Competition, actor: User, method: str, ordered_submission_ids: list[int], note: str
) -> TieResolution:
    """Record the committee's vote or draw of lots that orders submissions still tied after every tie-break."""
    if not is_committee(actor):
        raise ValidationError(_("Hanya panitia yang dapat mencatat keputusan ini."))
    errors: dict[str, list[str]] = {}
    if method not in TieResolutionMethod.values:
        errors.setdefault("method", []).append(_("Pilih pemungutan suara atau undian."))
    note = (note or "").strip()
    if not note:
        errors.setdefault("note", []).append(_("Tuliskan berita acara: siapa yang hadir, bagaimana diputuskan."))
    ids = [int(pk) for pk in ordered_submission_ids]
    ranking = compute_ranking(ranking_data(competition), method=competition.ranking_method, top_n=competition.top_n)
    group = next((g for g in ranking.ties if set(g.submission_ids) == set(ids) and not g.resolved), None)
    if len(set(ids)) != len(ids) or group is None:
        errors.setdefault("order", []).append(
            _("Urutan harus memuat tepat satu kali setiap usulan yang bernilai sama, tidak lebih dan tidak kurang.")
        )
    if errors:
        raise ValidationError(errors)
    resolution = TieResolution(
        competition=competition, method=method, ordered_submission_ids=ids, note=note, decided_by=actor
    )
    resolution.full_clean()
    resolution._history_user = actor
    resolution.save()
    return resolution


def scoring_structure(competition: Competition) -> tuple[list[Stage], dict[int, list[Criterion]]]:
    """The scoring stages and their criteria in order (two queries), for breakdowns and exports."""
    stages = list(Stage.objects.filter(competition=competition, kind=StageKind.SCORING).order_by("order"))
    criteria: dict[int, list[Criterion]] = {stage.pk: [] for stage in stages}
    for criterion in Criterion.objects.filter(stage__in=stages).order_by("order", "pk"):
        criteria[criterion.stage_id].append(criterion)
    return stages, criteria
