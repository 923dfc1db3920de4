"""Hypothesis drives the committee's results forms (close a stage, decide a tie, publish, withdraw a
publication) through the test client: never a 500, never a stored score or place out of range, and a
refused form changes nothing."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from competitions.models import Stage
from judging.enums import TieResolutionMethod
from judging.models import Publication, StageAdvancement, TieResolution
from submissions.enums import SubmissionStatus
from submissions.models import Submission, SubmissionEvent
from tests.fuzz import strategies as s
from tests.fuzz.invariants import assert_answered, judging_area, rolled_back, text_is_storable
from tests.fuzz.profiles import extra_form
from tests.fuzz.worlds import close_world, publish_world

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]


@pytest.fixture
def closing(db):
    return close_world()


@pytest.fixture
def published(db):
    return publish_world()


@given(data=st.data())
def test_stage_close_form_never_fails(closing, login, data):
    ids = [str(submission.pk) for submission in closing.submissions]
    body = data.draw(
        s.form_data(
            {
                "advancing": st.lists(
                    st.one_of(st.sampled_from(ids), s.digits(0, 10**6), s.hostile_number), max_size=5
                ),
                "reason": st.text(max_size=60),
                "confirm_unfinished": s.checkbox(),
                "confirm_early": s.checkbox(),
            }
        )
    )
    url = reverse("results:stage_close", kwargs={"year": closing.competition.year, "stage_pk": closing.stage.pk})

    client = login(closing.committee)

    with rolled_back():
        response = client.post(url, body)

        assert_answered(response)
        closing.stage.refresh_from_db()
        advancements = StageAdvancement.objects.filter(stage=closing.stage)
        if response.status_code == 302:
            assert closing.stage.closed_at is not None
            assert advancements.count() == len(closing.submissions)
            moved = set(Submission.objects.filter(stage__order=2).values_list("pk", flat=True))
            assert moved == set(advancements.filter(advanced=True).values_list("submission_id", flat=True))
        else:
            assert (closing.stage.closed_at, advancements.count()) == (None, 0)
        judging_area()


def test_stage_close_with_a_superscript_id_is_refused_without_error(closing, login):
    url = reverse("results:stage_close", kwargs={"year": closing.competition.year, "stage_pk": closing.stage.pk})

    response = login(closing.committee).post(url, {"advancing": "²", "confirm_unfinished": "on"})

    assert response.status_code == 200
    assert closing.stage.closed_at is None


@extra_form
@given(data=st.data())
def test_tie_decision_form_never_fails(published, login, data):
    tied = published.tied
    fields = {
        "method": st.sampled_from(TieResolutionMethod.values),
        "note": st.text(min_size=1, max_size=60),
    }
    for submission in tied:
        fields[f"order_{submission.pk}"] = s.digits(0, 3)
    body = data.draw(s.form_data(fields))
    url = reverse("results:tie_resolve", kwargs={"year": published.competition.year, "rank": 2})

    client = login(published.committee)

    with rolled_back():
        response = client.post(url, body)

        assert_answered(response)
        resolutions = list(TieResolution.objects.filter(competition=published.competition))
        assert len(resolutions) == (response.status_code == 302)
        for resolution in resolutions:
            assert sorted(resolution.ordered_submission_ids) == sorted(submission.pk for submission in tied)
            assert resolution.note.strip()
        judging_area()


@given(data=st.data())
def test_publish_form_never_fails(published, login, data):
    body = data.draw(s.form_data({"confirm": s.checkbox(), "tie_override_note": st.text(max_size=60)}))
    url = reverse("results:publish", kwargs={"year": published.competition.year})

    client = login(published.committee)

    with rolled_back():
        response = client.post(url, body)

        assert_answered(response)
        versions = list(Publication.objects.filter(competition=published.competition).order_by("version"))
        active = [publication for publication in versions if publication.unpublished_at is None]
        assert len(versions) == 1 + (response.status_code == 302)
        assert [publication.version for publication in active] == [len(versions)]
        winners = Submission.objects.filter(competition=published.competition, status=SubmissionStatus.WINNER)
        assert set(winners.values_list("pk", flat=True)) == set(
            active[0].entries.values_list("submission_id", flat=True)
        )
        judging_area()


@given(reason=s.hostile_value)
def test_unpublish_form_never_fails(published, login, reason):
    url = reverse(
        "results:unpublish", kwargs={"year": published.competition.year, "version": published.publication.version}
    )

    client = login(published.committee)

    with rolled_back():
        response = client.post(url, {"reason": reason})

        assert_answered(response)
        publication = Publication.objects.get(pk=published.publication.pk)
        withdrawn = publication.unpublished_at is not None
        assert withdrawn == (response.status_code == 302)
        winners = Submission.objects.filter(competition=published.competition, status=SubmissionStatus.WINNER)
        assert winners.exists() != withdrawn
        if withdrawn:
            assert publication.unpublish_reason.strip()
            assert SubmissionEvent.objects.filter(to_status=SubmissionStatus.FINALIST).exists()
        judging_area()


def test_unpublish_with_a_sentence_long_reason_is_recorded(published, login):
    reason = (
        "Ada kesalahan input nilai juri pada dua usulan sehingga peringkat harus dihitung ulang setelah "
        "diperiksa kembali oleh panitia."
    )
    url = reverse("results:unpublish", kwargs={"year": published.competition.year, "version": 1})

    response = login(published.committee).post(url, {"reason": reason})

    assert response.status_code == 302
    assert Publication.objects.get(pk=published.publication.pk).unpublish_reason == reason
    text_is_storable(("judging", "competitions"))


def test_stage_close_into_a_stage_with_a_long_name_is_recorded(closing, login):
    following = Stage.objects.get(competition=closing.competition, order=2)
    following.name = (
        "Presentasi dan Wawancara Finalis Kompetisi Inovasi Pelayanan Publik Pemerintah Kota Malang Tahun 2043"
    )
    following.save()
    url = reverse("results:stage_close", kwargs={"year": closing.competition.year, "stage_pk": closing.stage.pk})
    top_two = [str(submission.pk) for submission in closing.submissions[2:]]

    response = login(closing.committee).post(url, {"advancing": top_two, "confirm_unfinished": "on"})

    assert response.status_code == 302
    assert Submission.objects.filter(stage=following).count() == 2
    text_is_storable(("submissions",))


def test_stage_close_with_a_long_override_reason_is_recorded(closing, login):
    url = reverse("results:stage_close", kwargs={"year": closing.competition.year, "stage_pk": closing.stage.pk})
    reason = (
        "Rapat panitia 12 Juni memutuskan USULAN 0 ikut presentasi karena nilai juri ketiga belum masuk saat "
        "tahap ditutup."
    )
    chosen = [str(submission.pk) for submission in closing.submissions[2:]] + [str(closing.submissions[0].pk)]

    response = login(closing.committee).post(url, {"advancing": chosen, "reason": reason, "confirm_unfinished": "on"})

    assert response.status_code == 302
    assert StageAdvancement.objects.filter(stage=closing.stage, overridden=True).get().reason == reason
    text_is_storable(("judging",))
