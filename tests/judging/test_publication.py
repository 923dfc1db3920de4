"""Publishing the Top N: blockers, the frozen fingerprinted snapshot, versions, unpublishing, ties, e-mails."""

import hashlib
import json
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from judging.enums import ScorecardStatus
from judging.models import Publication, Score, TieResolution
from judging.services.publication import (
    canonical_json,
    publication_preview,
    publication_unpublish,
    tie_resolution_record,
)
from submissions.enums import SubmissionStatus
from submissions.models import SubmissionEvent
from tests.factories import CommitteeFactory, JurorFactory, OperatorFactory
from tests.judging.results_factories import (
    malang_tiers,
    one_stage_competition,
    publish,
    published_competition,
    scorecard,
)

pytestmark = pytest.mark.django_db


def test_preview_lists_every_blocker():
    competition, stage, subs, panel = one_stage_competition(
        scores={"A": [90], "B": [80], "C": [80], "D": [70]}, top_n=2, closed=False
    )
    late = JurorFactory(full_name="Dr. Lambat")
    scorecard(stage, subs["D"], late, [50], criteria=list(stage.criteria.all()), status=ScorecardStatus.DRAFT)

    preview = publication_preview(competition=competition)

    assert preview.blockers == [
        f"Tahap «{stage.name}» belum ditutup.",
        f"1 lembar nilai belum final: Dr. Lambat – D ({stage.name})",
        "Nilai sama di peringkat 2 melewati batas 2 besar: B, C. Catat keputusan panitia (pemungutan suara atau "
        "undian), atau umumkan dengan pengecualian tercatat sehingga mereka berbagi peringkat.",
    ]


def test_publish_is_refused_with_the_blockers_and_stores_nothing():
    competition, _stage, _subs, _panel = one_stage_competition(scores={"A": [90]}, closed=False)

    with pytest.raises(ValidationError) as refused:
        publish(competition)

    assert refused.value.messages == ["Tahap «Tahap 1» belum ditutup."]
    assert Publication.objects.count() == 0
    competition.refresh_from_db()
    assert competition.published_at is None


def test_publish_stores_a_frozen_fingerprinted_snapshot():
    competition, stage, subs, _panel = one_stage_competition(
        scores={"Alfa": [90, 80], "Beta": [80, 70], "Cakra": [60, 60]}, top_n=2
    )
    malang_tiers(competition)
    committee = CommitteeFactory(full_name="Rina Kusumawati")

    publication = publish(competition, committee)

    entries = list(publication.entries.order_by("rank"))
    assert [(e.rank, e.tier_name, e.score, e.innovation_name, e.unit_name) for e in entries] == [
        (1, "Tiga Besar", Decimal("85.0000"), "Alfa", subs["Alfa"].unit.name),
        (2, "Tiga Besar", Decimal("75.0000"), "Beta", subs["Beta"].unit.name),
    ]
    assert publication.fingerprint == hashlib.sha256(canonical_json(publication.snapshot)).hexdigest()
    reloaded = Publication.objects.get(pk=publication.pk)
    assert hashlib.sha256(canonical_json(reloaded.snapshot)).hexdigest() == publication.fingerprint
    assert reloaded.snapshot["entries"][0] == {
        "rank": 1,
        "tier": "Tiga Besar",
        "score": "85.0000",
        "submission_id": subs["Alfa"].pk,
        "innovation_name": "Alfa",
        "acronym_meaning": subs["Alfa"].acronym_meaning,
        "unit_name": subs["Alfa"].unit.name,
        "unit_kind": subs["Alfa"].unit.kind,
        "category_name": "",
        "summary": subs["Alfa"].summary,
    }
    assert (reloaded.version, reloaded.method, reloaded.snapshot["published_by"]) == (1, "raw", "Rina Kusumawati")
    assert reloaded.published_at.isoformat() == reloaded.snapshot["published_at"]
    assert "Nilai akhir adalah jumlah bobot tahap" in reloaded.methodology
    competition.refresh_from_db()
    assert competition.published_at == reloaded.published_at


def test_publish_sets_winner_and_finalist_statuses_with_events():
    competition, _stage, subs, _panel = one_stage_competition(scores={"A": [90], "B": [80], "C": [70]}, top_n=2)
    committee = CommitteeFactory()

    publish(competition, committee)

    for sub in subs.values():
        sub.refresh_from_db()
    assert [(s.name, s.status) for s in subs.values()] == [
        ("A", SubmissionStatus.WINNER),
        ("B", SubmissionStatus.WINNER),
        ("C", SubmissionStatus.FINALIST),
    ]
    assert list(SubmissionEvent.objects.filter(submission=subs["A"]).values_list("from_status", "to_status")) == [
        (SubmissionStatus.ELIGIBLE, SubmissionStatus.WINNER)
    ]


def test_publish_emails_the_operators_after_commit(django_capture_on_commit_callbacks):
    competition, _stage, subs, _panel = one_stage_competition(scores={"A": [90], "B": [80]}, top_n=1)
    operator = OperatorFactory(unit=subs["A"].unit, email="op.a@example.test")
    OperatorFactory(unit=subs["B"].unit, email="op.b@example.test")

    with django_capture_on_commit_callbacks(execute=True):
        publish(competition)

    assert sorted(message.to[0] for message in mail.outbox) == ["op.a@example.test", "op.b@example.test"]
    winner_mail = next(message for message in mail.outbox if message.to == [operator.email])
    assert winner_mail.subject == f"Hasil {competition.title} sudah diumumkan"
    assert "A: peringkat 1" in winner_mail.body
    assert reverse("results:feedback", kwargs={"pk": subs["A"].pk}) in winner_mail.body


def test_later_score_changes_do_not_alter_the_publication(client):
    competition, publication, subs = published_competition(count=3, top_n=2)
    fingerprint = publication.fingerprint

    Score.objects.filter(scorecard__assignment__submission=subs[2]).update(value=Decimal("100"))
    response = client.get(reverse("judging_public:results", kwargs={"year": competition.year}))

    publication.refresh_from_db()
    assert publication.fingerprint == fingerprint
    assert [entry.innovation_name for entry in response.context["entries"]] == ["INOVASI A", "INOVASI B"]


def test_republishing_makes_a_new_version_and_keeps_the_old_one():
    competition, first, subs = published_competition(count=3, top_n=2)
    Score.objects.filter(scorecard__assignment__submission=subs[2]).update(value=Decimal("100"))
    committee = CommitteeFactory()

    second = publish(competition, committee)

    first.refresh_from_db()
    assert (first.version, first.unpublished_at is not None, first.unpublish_reason) == (
        1,
        True,
        "Digantikan oleh versi 2.",
    )
    assert (second.version, second.unpublished_at) == (2, None)
    assert [e.innovation_name for e in second.entries.order_by("rank")] == ["INOVASI C", "INOVASI A"]
    for sub in subs:
        sub.refresh_from_db()
    assert [s.status for s in subs] == [SubmissionStatus.WINNER, SubmissionStatus.FINALIST, SubmissionStatus.WINNER]


def test_unpublish_needs_a_reason_and_withdraws_everything_public(client):
    competition, publication, subs = published_competition(count=2, top_n=1)
    committee = CommitteeFactory()

    with pytest.raises(ValidationError) as refused:
        publication_unpublish(publication=publication, actor=committee, reason="  ")
    publication_unpublish(publication=publication, actor=committee, reason="Ada kekeliruan data unit.")

    assert refused.value.message_dict == {"reason": ["Tuliskan alasan penarikan pengumuman."]}
    publication.refresh_from_db()
    competition.refresh_from_db()
    subs[0].refresh_from_db()
    assert (publication.unpublish_reason, publication.unpublished_by, competition.published_at) == (
        "Ada kekeliruan data unit.",
        committee,
        None,
    )
    assert subs[0].status == SubmissionStatus.FINALIST
    assert client.get(reverse("judging_public:results", kwargs={"year": competition.year})).status_code == 404


def test_tie_at_the_cut_can_be_published_with_a_recorded_override():
    competition, _stage, subs, _panel = one_stage_competition(scores={"A": [90], "B": [80], "C": [80]}, top_n=2)

    publication = publish(competition, tie_override_note="Rapat panitia 3 Juli: B dan C berbagi peringkat 2.")

    assert [(e.rank, e.innovation_name) for e in publication.entries.order_by("rank", "innovation_name")] == [
        (1, "A"),
        (2, "B"),
        (2, "C"),
    ]
    assert publication.override_note == "Rapat panitia 3 Juli: B dan C berbagi peringkat 2."


def test_tie_resolution_orders_the_tie_and_unblocks_publication():
    competition, _stage, subs, _panel = one_stage_competition(scores={"A": [90], "B": [80], "C": [80]}, top_n=2)
    committee = CommitteeFactory()

    with pytest.raises(ValidationError) as wrong:
        tie_resolution_record(
            competition=competition, actor=committee, method="lots", ordered_submission_ids=[subs["C"].pk], note="x"
        )
    tie_resolution_record(
        competition=competition,
        actor=committee,
        method="lots",
        ordered_submission_ids=[subs["C"].pk, subs["B"].pk],
        note="Undian disaksikan seluruh panitia.",
    )
    publication = publish(competition, committee)

    assert list(wrong.value.message_dict) == ["order"]
    assert [(e.rank, e.innovation_name) for e in publication.entries.order_by("rank")] == [(1, "A"), (2, "C")]
    assert TieResolution.objects.get().decided_by == committee


def test_publish_runs_the_pre_publication_backup(settings, tmp_path):
    settings.KIPP_BACKUP_DIR = tmp_path / "backups"
    competition, _stage, _subs, _panel = one_stage_competition(scores={"A": [90]}, top_n=1)

    publish(competition, backup=True)

    assert [path.suffix for path in settings.KIPP_BACKUP_DIR.iterdir()] == [".zip"]


def test_snapshot_download_hashes_to_the_fingerprint(client):
    competition, publication, _subs = published_competition(count=2, top_n=1)

    response = client.get(reverse("judging_public:snapshot", kwargs={"year": competition.year}))

    assert hashlib.sha256(response.content).hexdigest() == publication.fingerprint
    assert json.loads(response.content)["entries"][0]["innovation_name"] == "INOVASI A"


# --- the pages ------------------------------------------------------------------------------------------


def test_publish_page_confirms_then_publishes(committee_client, settings, tmp_path):
    settings.KIPP_BACKUP_DIR = tmp_path
    competition, _stage, _subs, _panel = one_stage_competition(scores={"A": [90], "B": [70]}, top_n=1)
    url = reverse("results:publish", kwargs={"year": competition.year})

    preview = committee_client.get(url)
    unconfirmed = committee_client.post(url, {})
    published = committee_client.post(url, {"confirm": "on"})

    assert [item.entry.submission.name for item in preview.context["preview"].entries] == ["A"]
    assert unconfirmed.status_code == 200
    assert "confirm" in unconfirmed.context["form"].errors
    assert published.status_code == 302
    assert Publication.objects.get().version == 1


def test_publish_page_shows_blockers_and_keeps_the_override_note(committee_client):
    competition, _stage, _subs, _panel = one_stage_competition(scores={"A": [90]}, top_n=1, closed=False)
    url = reverse("results:publish", kwargs={"year": competition.year})

    response = committee_client.post(url, {"confirm": "on", "tie_override_note": "catatan saya"})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["Tahap «Tahap 1» belum ditutup."]
    assert response.context["form"]["tie_override_note"].value() == "catatan saya"
    assert Publication.objects.count() == 0


def test_unpublish_page_records_the_reason(committee_client):
    competition, publication, _subs = published_competition(count=2, top_n=1)
    url = reverse("results:unpublish", kwargs={"year": competition.year, "version": 1})

    empty = committee_client.post(url, {"reason": ""})
    done = committee_client.post(url, {"reason": "Salah unit."})

    assert empty.status_code == 200
    assert "reason" in empty.context["form"].errors
    assert done.status_code == 302
    publication.refresh_from_db()
    assert publication.unpublish_reason == "Salah unit."


def test_publications_page_lists_every_version_for_the_committee(committee_client):
    competition, _first, _subs = published_competition(count=2, top_n=1)
    publish(competition)

    response = committee_client.get(reverse("results:publications", kwargs={"year": competition.year}))

    assert [(p.version, p.unpublished_at is None) for p in response.context["versions"]] == [(2, True), (1, False)]


@pytest.mark.parametrize("name", ["publish", "publications"])
@pytest.mark.parametrize("role", ["juror", "operator"])
def test_publication_pages_refuse_other_roles(client, name, role):
    competition, _stage, _subs, _panel = one_stage_competition(scores={"A": [90]}, top_n=1)
    client.force_login(JurorFactory() if role == "juror" else OperatorFactory())

    response = client.post(reverse(f"results:{name}", kwargs={"year": competition.year}), {"confirm": "on"})

    assert response.status_code == 403
    assert Publication.objects.count() == 0


def test_unpublish_with_a_long_reason_keeps_it_whole_on_the_publication():
    _competition, publication, _subs = published_competition(count=2, top_n=1)
    reason = "Ada kekeliruan nama unit pada pengumuman; " * 6

    publication_unpublish(publication=publication, actor=CommitteeFactory(), reason=reason)

    publication.refresh_from_db()
    assert publication.unpublish_reason == reason.strip()
    assert len(publication.history.first().history_change_reason) == 100
