"""The demo gives KIPP 2026 proposals in every state, through the real flow, idempotently."""

from collections import Counter

from competitions import demo as competitions_demo
from kipp import demo as kipp_demo
from submissions import demo
from submissions.models import Attachment, Submission, SubmissionEvent
from submissions.proposal import count_words, proposal_sections
from submissions.selectors import load_completeness_lists, missing_for


def load_all():
    context = kipp_demo.load()
    context.update(competitions_demo.load(context))
    context.update(demo.load(context))
    return context


def test_demo_has_every_state_from_many_units(db, media_root):
    context = load_all()
    competition = context["competitions"][2026]
    submissions = Submission.objects.filter(competition=competition)
    states = Counter(submissions.values_list("status", flat=True))
    assert {"draft", "submitted", "returned", "eligible", "ineligible", "withdrawn"} <= set(states)
    assert states["eligible"] == 12
    assert submissions.values("unit").distinct().count() >= 10
    demo_units = {
        "Dinas Kependudukan dan Pencatatan Sipil",
        "Puskesmas Kedungkandang",
        "SMP Negeri 5 Malang",
        "Badan Perencanaan Pembangunan Daerah",
        "Dinas Kesehatan",
        "Kelurahan Bakalankrajan",
    }
    assert demo_units <= set(submissions.values_list("unit__name", flat=True))
    first_scoring = competition.stages.filter(kind="scoring").order_by("order").first()
    assert set(submissions.filter(status="eligible").values_list("stage", flat=True)) == {first_scoring.pk}
    assert all(s.screening_note for s in submissions.filter(status__in=["returned", "ineligible"]))


def test_demo_proposals_are_real_text_with_real_files(db, media_root):
    context = load_all()
    competition = context["competitions"][2026]
    for submission in Submission.objects.filter(competition=competition, status="eligible"):
        load_completeness_lists(submission)
        assert missing_for(submission) == []
        for section in proposal_sections(competition):
            assert count_words(getattr(submission, section.key)) >= 3
    attachments = Attachment.objects.filter(submission__competition=competition)
    assert set(attachments.values_list("content_type", flat=True)) == {"application/pdf", "image/jpeg", "image/png"}
    for attachment in attachments[:10]:
        with attachment.file.open("rb") as handle:
            assert len(handle.read()) == attachment.size


def test_demo_events_tell_the_story_in_the_past(db, media_root):
    context = load_all()
    returned_then_resubmitted = context["submissions"]["POSYANDU REMAJA TLOGOMAS"]
    events = list(SubmissionEvent.objects.filter(submission=returned_then_resubmitted).order_by("created_at", "pk"))
    assert [(event.from_status, event.to_status) for event in events] == [
        ("", "draft"),
        ("draft", "submitted"),
        ("submitted", "returned"),
        ("returned", "submitted"),
    ]
    assert events[0].created_at < events[-1].created_at
    assert events[2].actor.username == "panitia"


def test_demo_is_idempotent(db, media_root):
    load_all()
    counts = (Submission.objects.count(), Attachment.objects.count(), SubmissionEvent.objects.count())
    files = sorted(path for path in media_root.rglob("*") if path.is_file())
    load_all()
    assert (Submission.objects.count(), Attachment.objects.count(), SubmissionEvent.objects.count()) == counts
    assert sorted(path for path in media_root.rglob("*") if path.is_file()) == files
