"""Feedback after publication: the owning unit's operators (and the committee) read stage scores per
criterion and the jurors' comments without names; everyone else gets 404, and so does everyone before."""

import pytest
from django.urls import reverse

from tests.factories import CommitteeFactory, JurorFactory, OperatorFactory
from tests.judging.results_factories import past_competition, publish, scorecard, scoring_stage, submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored():
    competition = past_competition(top_n=1)
    stage, criteria = scoring_stage(competition, order=1, weight=100, criteria=[(60, 100), (40, 10)], closed=True)
    entry = submission(competition, stage=stage, name="SIAPEL")
    other = submission(competition, stage=stage, name="LAINNYA")
    first = JurorFactory(full_name="Prof. Rahasia Satu")
    second = JurorFactory(full_name="Dr. Rahasia Dua")
    # Criterion means: (80 + 60) / 2 = 70 of 100; (8 + 6) / 2 = 7 of 10. Stage score (80 + 60) / 2 = 70.
    scorecard(stage, entry, first, [80, 8], criteria=criteria, comments=["Data lengkap.", ""], note="Layak diteruskan.")
    scorecard(stage, entry, second, [60, 6], criteria=criteria, comments=["Perlu data pembanding.", "Cukup."])
    scorecard(stage, other, first, [50, 5], criteria=criteria)
    return competition, stage, entry, other


def url(sub):
    return reverse("results:feedback", kwargs={"pk": sub.pk})


def test_owning_unit_reads_scores_and_anonymous_comments(client, scored):
    competition, stage, entry, _other = scored
    publish(competition)
    client.force_login(OperatorFactory(unit=entry.unit))

    response = client.get(url(entry))
    html = response.content.decode()

    assert response.status_code == 200
    (block,) = response.context["stage_blocks"]
    assert block["score"] == 70
    assert [(item["criterion"].name, item["mean"], item["comments"]) for item in block["criteria"]] == [
        ("K1.1", 70, [(1, "Data lengkap."), (2, "Perlu data pembanding.")]),
        ("K1.2", 7, [(2, "Cukup.")]),
    ]
    assert block["notes"] == [(1, "Layak diteruskan.")]
    assert "Rahasia" not in html
    assert "Juri 1:" in html


def test_feedback_is_404_before_publication_even_for_the_unit(client, scored):
    _competition, _stage, entry, _other = scored
    client.force_login(OperatorFactory(unit=entry.unit))

    assert client.get(url(entry)).status_code == 404


@pytest.mark.parametrize("who", ["other_operator", "juror"])
def test_feedback_is_404_for_anyone_else(client, scored, who):
    competition, _stage, entry, _other = scored
    publish(competition)
    client.force_login(OperatorFactory() if who == "other_operator" else JurorFactory())

    response = client.get(url(entry))

    assert response.status_code == 404
    assert "Data lengkap." not in response.content.decode()


def test_committee_reads_any_feedback_after_publication(client, scored):
    competition, _stage, entry, _other = scored
    publish(competition)
    client.force_login(CommitteeFactory())

    assert client.get(url(entry)).status_code == 200


def test_feedback_sends_anonymous_visitors_to_log_in(client, scored):
    competition, _stage, entry, _other = scored
    publish(competition)

    response = client.get(url(entry))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_feedback_list_shows_only_the_operators_unit(client, scored):
    competition, _stage, entry, other = scored
    publish(competition)
    client.force_login(OperatorFactory(unit=entry.unit))

    response = client.get(reverse("results:feedback_list"))

    assert [sub.name for sub in response.context["page"].object_list] == ["SIAPEL"]


def test_feedback_list_is_refused_to_jurors(client, scored):
    client.force_login(JurorFactory())

    assert client.get(reverse("results:feedback_list")).status_code == 403


def test_feedback_is_404_before_publication_even_for_a_superuser(client, scored, django_user_model):
    _competition, _stage, entry, _other = scored
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.test", "x"))

    assert client.get(url(entry)).status_code == 404
