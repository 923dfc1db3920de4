"""Write actions on submissions: one function per action, each checking who, when and from which state.

Every status change locks the submission row, re-reads its state, and records a SubmissionEvent in the
same transaction, so a double-clicked button produces one change and one event. E-mails go out after the
commit (`transaction.on_commit`) and a failing mail server never undoes the action.
"""

import logging
from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from competitions.enums import PROPOSAL_SECTIONS, StageKind
from competitions.models import AttachmentRequirement, Category, Competition, Stage
from kipp.models import Unit, User
from kipp.rules import is_committee, is_operator
from submissions import emails, windows
from submissions.enums import AttachmentKind, ScreeningDecision, SubmissionStatus
from submissions.models import Attachment, Screening, Submission, SubmissionEvent
from submissions.proposal import MissingItem, missing_items
from submissions.validation import check_upload

logger = logging.getLogger("kipp.submissions")

# The fields an operator writes; anything else in `data` is ignored.
EDITABLE_FIELDS = (
    "name",
    "acronym_meaning",
    "category",
    *(key for key, _label, _limit in PROPOSAL_SECTIONS),
    "started_on",
    "sdgs",
    "is_application",
    "application_url",
    "video_url",
    "innovators",
    "contact_name",
    "contact_phone",
    "contact_email",
)


class StaleSubmissionError(ValidationError):
    """Someone saved the proposal since this form was opened; carries the version now stored."""

    def __init__(self, current: Submission):
        last_change = current.history.select_related("history_user").order_by("-history_date").first()
        editor = last_change.history_user if last_change and last_change.history_user_id else None
        super().__init__(
            _(
                "Usulan ini sudah diubah oleh %(who)s setelah Anda membukanya. Perubahan Anda TIDAK disimpan "
                "agar tulisan tersebut tidak tertimpa. Teks Anda ditampilkan di bawah untuk disalin; "
                "gabungkan lalu simpan lagi."
            )
            % {"who": editor or _("pengguna lain")},
            code="stale",
        )
        self.current = current


class IncompleteSubmissionError(ValidationError):
    """The completeness check failed; `items` lists every missing piece."""

    def __init__(self, items: list[MissingItem]):
        super().__init__([item.message for item in items], code="incomplete")
        self.items = items


# Helpers -------------------------------------------------------------------------------------------


def _lock(submission: Submission) -> Submission:
    """Lock the row and return a fresh copy with its competition and unit loaded.

    Only the submission row is locked (related rows are read separately) so PostgreSQL does not lock the
    competition for everyone else.
    """
    locked = Submission.objects.select_for_update().get(pk=submission.pk)
    locked.competition = Competition.objects.get(pk=locked.competition_id)
    locked.unit = Unit.objects.get(pk=locked.unit_id)
    return locked


def _require_unit_operator(user: User, submission: Submission) -> None:
    if not is_operator(user) or user.unit_id != submission.unit_id:
        raise PermissionDenied(_("Hanya operator unit pengusul yang dapat melakukan ini."))


def _record_event(*, submission: Submission, actor: User | None, from_status: str, to_status: str, reason: str = ""):
    event = SubmissionEvent(
        submission=submission, actor=actor, from_status=from_status, to_status=to_status, reason=reason
    )
    event.full_clean()
    event.save()
    return event


def _change_status(*, submission: Submission, actor: User | None, to_status: str, reason: str = "") -> None:
    from_status = submission.status
    submission.status = to_status
    submission.full_clean()
    submission.save()
    _record_event(submission=submission, actor=actor, from_status=from_status, to_status=to_status, reason=reason)


def _name_constraint_message() -> str:
    for constraint in Submission._meta.constraints:
        if constraint.name == "submission_name_unique_per_competition":
            return str(constraint.violation_error_message)
    return _("Sudah ada inovasi dengan nama ini pada kompetisi ini.")


def _clean_and_save(submission: Submission) -> None:
    """full_clean() and save, reporting the unique-name constraint on the name field (also after a race)."""
    name_message = _name_constraint_message()
    try:
        submission.full_clean()
    except ValidationError as exc:
        errors = exc.update_error_dict({})
        general = errors.pop(NON_FIELD_ERRORS, [])
        for error in general:
            messages = error.messages if isinstance(error, ValidationError) else [str(error)]
            target = "name" if name_message in messages else NON_FIELD_ERRORS
            errors.setdefault(target, []).extend(messages)
        raise ValidationError(errors) from exc
    try:
        with transaction.atomic():
            submission.save()
    except IntegrityError as exc:
        raise ValidationError({"name": [name_message]}) from exc


def _apply(submission: Submission, data: Mapping) -> None:
    for field in EDITABLE_FIELDS:
        if field not in data:
            continue
        value = data[field]
        if field == "category":
            if value is not None and getattr(value, "competition_id", None) != submission.competition_id:
                raise ValidationError({"category": [_("Kategori ini bukan milik kompetisi ini.")]})
            submission.category = value
        elif field == "sdgs":
            submission.sdgs = sorted({int(goal) for goal in value or [] if 1 <= int(goal) <= 17})
        elif field in {"started_on", "is_application"}:
            setattr(submission, field, value)
        else:
            setattr(submission, field, (value or "").strip() if isinstance(value, str) or value is None else value)


def _completeness(submission: Submission) -> list[MissingItem]:
    competition = submission.competition
    return missing_items(
        submission,
        attachments=list(submission.attachments.all()),
        requirements=list(AttachmentRequirement.objects.filter(competition=competition)),
        categories_exist=Category.objects.filter(competition=competition).exists(),
    )


def first_scoring_stage(competition: Competition) -> Stage | None:
    """The stage an eligible proposal enters: the scoring stage with the lowest order."""
    return competition.stages.filter(kind=StageKind.SCORING).order_by("order").first()


# Drafts --------------------------------------------------------------------------------------------


def submission_create(*, competition: Competition, user: User, data: Mapping) -> Submission:
    """Start a draft for the user's unit; incomplete content is fine, the window and quota are not."""
    if not is_operator(user):
        raise PermissionDenied(_("Hanya operator unit yang dapat membuat usulan."))
    now = timezone.now()
    if not windows.registration_open_at(competition, now):
        raise ValidationError(_("Pendaftaran %(competition)s tidak sedang dibuka.") % {"competition": competition})
    with transaction.atomic():
        # Serialise creations per unit so two tabs cannot both take the last free place.
        unit = Unit.objects.select_for_update().get(pk=user.unit_id)
        used = Submission.objects.filter(
            competition=competition, unit=unit, status__in=windows.COUNTED_STATUSES
        ).count()
        if used >= competition.max_submissions_per_unit:
            raise ValidationError(
                _(
                    "Kuota unit Anda sudah penuh: %(used)d dari %(max)d usulan. Tarik usulan lain terlebih dahulu "
                    "bila ingin mengganti."
                )
                % {"used": used, "max": competition.max_submissions_per_unit}
            )
        submission = Submission(competition=competition, unit=unit, created_by=user)
        _apply(submission, data)
        _clean_and_save(submission)
        _record_event(
            submission=submission,
            actor=user,
            from_status="",
            to_status=SubmissionStatus.DRAFT,
            reason=_("Draf dibuat."),
        )
    return submission


def submission_update(*, submission: Submission, user: User, data: Mapping, expected_version: int | None) -> Submission:
    """Save the draft if nobody else saved it since `expected_version` was read (optimistic locking)."""
    _require_unit_operator(user, submission)
    with transaction.atomic():
        locked = _lock(submission)
        if expected_version is None or locked.version != expected_version:
            raise StaleSubmissionError(current=locked)
        if not windows.editable_at(locked, timezone.now()):
            raise ValidationError(_read_only_message(locked))
        _apply(locked, data)
        locked.version += 1
        _clean_and_save(locked)
    return locked


def _read_only_message(submission: Submission) -> str:
    if submission.status in windows.EDITABLE_STATUSES:
        return _("Batas waktu perubahan sudah lewat; usulan tidak dapat diubah lagi.")
    return _(
        "Usulan berstatus “%(status)s” dan hanya dapat dibaca; perubahan dibuka lagi bila dikembalikan."
    ) % {"status": submission.get_status_display()}


# Status changes -----------------------------------------------------------------------------------


def submission_submit(
    *, submission: Submission, user: User, expected_version: int | None = None, notify: bool = True
) -> Submission:
    """Send the proposal on: to the parent unit first when the competition asks for endorsement."""
    _require_unit_operator(user, submission)
    with transaction.atomic():
        locked = _lock(submission)
        if locked.status not in windows.EDITABLE_STATUSES:
            raise ValidationError(
                _("Usulan ini sudah dikirim (status: %(status)s).") % {"status": locked.get_status_display()},
                code="already_submitted",
            )
        if not windows.submittable_at(locked, timezone.now()):
            raise ValidationError(_read_only_message(locked), code="closed")
        if expected_version is not None and locked.version != expected_version:
            raise ValidationError(
                _("Usulan diubah sejak pratinjau dibuka. Periksa lagi isinya sebelum mengirim."), code="stale"
            )
        items = _completeness(locked)
        if items:
            raise IncompleteSubmissionError(items)
        others = (
            Submission.objects.filter(competition=locked.competition, unit_id=locked.unit_id)
            .exclude(pk=locked.pk)
            .exclude(status__in=[SubmissionStatus.DRAFT, SubmissionStatus.WITHDRAWN])
            .count()
        )
        if others >= locked.competition.max_submissions_per_unit:
            raise ValidationError(
                _("Kuota unit Anda sudah penuh: %(max)d usulan sudah dikirim.")
                % {"max": locked.competition.max_submissions_per_unit}
            )
        was_returned = locked.status == SubmissionStatus.RETURNED
        locked.submitted_at = timezone.now()
        locked.endorsed_by = None
        locked.endorsed_at = None
        if windows.needs_endorsement(locked):
            _change_status(
                submission=locked,
                actor=user,
                to_status=SubmissionStatus.AWAITING_ENDORSEMENT,
                reason=_("Dikirim ulang setelah perbaikan; menunggu persetujuan unit induk.")
                if was_returned
                else _("Dikirim; menunggu persetujuan unit induk."),
            )
            if notify:
                emails.notify_endorsement_requested(locked)
        else:
            _change_status(
                submission=locked,
                actor=user,
                to_status=SubmissionStatus.SUBMITTED,
                reason=_("Dikirim ulang setelah perbaikan.") if was_returned else "",
            )
            if notify:
                emails.notify_received(locked)
    return locked


def submission_withdraw(*, submission: Submission, user: User, reason: str = "") -> Submission:
    _require_unit_operator(user, submission)
    with transaction.atomic():
        locked = _lock(submission)
        if locked.status not in windows.WITHDRAWABLE_STATUSES:
            raise ValidationError(
                _("Usulan berstatus “%(status)s” tidak dapat ditarik.")
                % {"status": locked.get_status_display()}
            )
        if not windows.withdrawable_at(locked, timezone.now()):
            raise ValidationError(_("Batas waktu menarik usulan sudah lewat."))
        _change_status(submission=locked, actor=user, to_status=SubmissionStatus.WITHDRAWN, reason=reason.strip())
    return locked


def _require_parent_operator(user: User, submission: Submission) -> None:
    if not is_operator(user) or submission.unit.parent_id is None or user.unit_id != submission.unit.parent_id:
        raise PermissionDenied(_("Hanya operator unit induk yang dapat menyetujui usulan ini."))


def submission_endorse(*, submission: Submission, user: User, note: str = "", notify: bool = True) -> Submission:
    """The parent unit's operator sends the proposal on to the committee (as SINOVIK's Admin Lokal does)."""
    with transaction.atomic():
        locked = _lock(submission)
        _require_parent_operator(user, locked)
        if locked.status != SubmissionStatus.AWAITING_ENDORSEMENT:
            raise ValidationError(
                _("Usulan ini tidak sedang menunggu persetujuan (status: %(status)s).")
                % {"status": locked.get_status_display()}
            )
        if not windows.endorsable_at(locked, timezone.now()):
            raise ValidationError(_("Batas waktu persetujuan sudah lewat."))
        locked.endorsed_by = user
        locked.endorsed_at = timezone.now()
        _change_status(
            submission=locked,
            actor=user,
            to_status=SubmissionStatus.SUBMITTED,
            reason=note.strip() or _("Disetujui unit induk."),
        )
        if notify:
            emails.notify_received(locked)
    return locked


def submission_return_to_unit(*, submission: Submission, user: User, note: str, notify: bool = True) -> Submission:
    """The parent unit sends the proposal back to its unit for revision, with notes."""
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": [_("Tuliskan catatan perbaikan untuk unit pengusul.")]})
    with transaction.atomic():
        locked = _lock(submission)
        _require_parent_operator(user, locked)
        if locked.status != SubmissionStatus.AWAITING_ENDORSEMENT:
            raise ValidationError(
                _("Usulan ini tidak sedang menunggu persetujuan (status: %(status)s).")
                % {"status": locked.get_status_display()}
            )
        if not windows.endorsable_at(locked, timezone.now()):
            raise ValidationError(_("Batas waktu persetujuan sudah lewat."))
        locked.screening_note = note
        _change_status(submission=locked, actor=user, to_status=SubmissionStatus.RETURNED, reason=note)
        if notify:
            emails.notify_returned(locked, note=note, by_parent=True)
    return locked


def submission_screen(
    *, submission: Submission, user: User, decision: str, note: str = "", notify: bool = True
) -> Screening:
    """Record the committee's administrative-screening decision on a submitted proposal."""
    if not is_committee(user):
        raise PermissionDenied(_("Hanya panitia yang dapat memutuskan seleksi administrasi."))
    note = (note or "").strip()
    if decision not in ScreeningDecision.values:
        raise ValidationError({"decision": [_("Pilih keputusan seleksi.")]})
    if decision == ScreeningDecision.INELIGIBLE and not note:
        raise ValidationError({"note": [_("Tuliskan alasan usulan tidak lolos.")]})
    if decision == ScreeningDecision.RETURNED and not note:
        raise ValidationError({"note": [_("Tuliskan catatan perbaikan untuk unit pengusul.")]})
    with transaction.atomic():
        locked = _lock(submission)
        if locked.status != SubmissionStatus.SUBMITTED:
            raise ValidationError(
                _("Usulan ini tidak sedang menunggu seleksi (status: %(status)s).")
                % {"status": locked.get_status_display()},
                code="not_submitted",
            )
        if decision == ScreeningDecision.RETURNED and timezone.now() >= windows.resubmission_deadline(
            locked.competition
        ):
            raise ValidationError(
                {"decision": [_("Batas perbaikan sudah lewat: putuskan lolos atau tidak lolos.")]},
            )
        screening = Screening(submission=locked, decision=decision, note=note, decided_by=user)
        screening.full_clean()
        screening.save()
        locked.screening_note = note
        if decision == ScreeningDecision.ELIGIBLE:
            locked.stage = first_scoring_stage(locked.competition)
        to_status = {
            ScreeningDecision.ELIGIBLE: SubmissionStatus.ELIGIBLE,
            ScreeningDecision.INELIGIBLE: SubmissionStatus.INELIGIBLE,
            ScreeningDecision.RETURNED: SubmissionStatus.RETURNED,
        }[decision]
        _change_status(submission=locked, actor=user, to_status=to_status, reason=note)
        if notify:
            if decision == ScreeningDecision.RETURNED:
                emails.notify_returned(locked, note=note, by_parent=False)
            else:
                emails.notify_decision(locked, screening=screening)
    return screening


# Attachments --------------------------------------------------------------------------------------


def _attachment_kind(checked, requirement) -> str:
    if checked.is_image:
        return AttachmentKind.PHOTO
    return AttachmentKind.STATEMENT if requirement is not None else AttachmentKind.DOCUMENT


def attachment_add(
    *,
    submission: Submission,
    user: User,
    uploaded,
    requirement: AttachmentRequirement | None = None,
    caption: str = "",
) -> Attachment:
    """Check, re-encode and store one file; a refused file never reaches storage.

    A file for a requirement that already has one replaces it. The per-submission quota counts the larger
    of the uploaded and the stored size.
    """
    _require_unit_operator(user, submission)
    if requirement is not None and requirement.competition_id != submission.competition_id:
        raise ValidationError({"requirement": [_("Dokumen wajib ini bukan milik kompetisi ini.")]})
    try:
        checked = check_upload(uploaded)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    if requirement is not None and checked.is_image:
        raise ValidationError(
            {"file": [_("Dokumen wajib “%(name)s” harus berupa PDF.") % {"name": requirement.name}]}
        )
    stored_name = None
    try:
        with transaction.atomic():
            locked = _lock(submission)
            if not windows.editable_at(locked, timezone.now()):
                raise ValidationError({"file": [_read_only_message(locked)]})
            replaced = (
                list(Attachment.objects.filter(submission=locked, requirement=requirement))
                if requirement is not None
                else []
            )
            used = (
                Attachment.objects.filter(submission=locked)
                .exclude(pk__in=[attachment.pk for attachment in replaced])
                .aggregate(total=Sum("size"))["total"]
                or 0
            )
            needed = max(checked.size, checked.uploaded_size)
            quota = _max_submission_bytes()
            if used + needed > quota:
                raise ValidationError(
                    {
                        "file": [
                            _(
                                "Kuota lampiran usulan ini tidak cukup: sudah terpakai %(used)s dari %(quota)s, "
                                "berkas ini %(size)s. Hapus lampiran lain atau perkecil berkasnya."
                            )
                            % {
                                "used": filesizeformat(used),
                                "quota": filesizeformat(quota),
                                "size": filesizeformat(needed),
                            }
                        ]
                    }
                )
            for old in replaced:
                _delete_attachment_row(old)
            attachment = Attachment(
                submission=locked,
                kind=_attachment_kind(checked, requirement),
                requirement=requirement,
                original_name=checked.original_name,
                content_type=checked.format.content_type,
                size=checked.size,
                sha256=checked.sha256,
                caption=(caption or "").strip()[:200],
                uploaded_by=user,
            )
            attachment.file.save(f"upload{checked.format.extension}", ContentFile(checked.content), save=False)
            stored_name = attachment.file.name
            attachment.full_clean()
            attachment.save()
    except Exception:
        if stored_name:
            # The row was not committed: remove the file so nothing refused or rolled back stays on disk.
            Attachment._meta.get_field("file").storage.delete(stored_name)
        raise
    return attachment


def _max_submission_bytes() -> int:
    return settings.KIPP_MAX_SUBMISSION_BYTES


def _delete_attachment_row(attachment: Attachment) -> None:
    storage = attachment.file.storage
    name = attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))


def attachment_delete(*, attachment: Attachment, user: User) -> None:
    """Remove one file while the proposal is editable; the file leaves storage after the commit."""
    submission = attachment.submission
    _require_unit_operator(user, submission)
    with transaction.atomic():
        locked = _lock(submission)
        if not windows.editable_at(locked, timezone.now()):
            raise ValidationError(_read_only_message(locked))
        current = Attachment.objects.filter(pk=attachment.pk, submission=locked).first()
        if current is None:
            return
        _delete_attachment_row(current)
