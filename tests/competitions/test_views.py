"""The committee's configuration pages through the test client: permissions, messages next to the fields,
nothing typed lost, the scoring lock, copy, archive and the public announcement."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from competitions.enums import ChangeKind, RankingMethod
from competitions.models import Competition, CompetitionChange, Stage
from tests.competitions.conftest import CLOSES, OPENS, at, form_data, formset_data, make_national, stage
from tests.factories import CommitteeFactory, JurorFactory, OperatorFactory

DAY = dt.timedelta(days=1)


def config_urls(competition):
    desk = stage(competition, 2)
    year = competition.year
    return [
        reverse("competitions:overview"),
        reverse("competitions:create"),
        reverse("competitions:settings", args=[year]),
        reverse("competitions:stages", args=[year]),
        reverse("competitions:criteria", args=[year, desk.pk]),
        reverse("competitions:rubric", args=[year, desk.criteria.first().pk]),
        reverse("competitions:categories", args=[year]),
        reverse("competitions:tiers", args=[year]),
        reverse("competitions:requirements", args=[year]),
        reverse("competitions:copy", args=[year]),
        reverse("competitions:archive", args=[year]),
        reverse("competitions:changes", args=[year]),
        reverse("committee:dashboard", args=[year]),
    ]


# Permissions ------------------------------------------------------------------------------------------------


def test_config_pages_send_anonymous_visitors_to_log_in(client, national):
    for url in config_urls(national):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize("factory", [OperatorFactory, JurorFactory], ids=["operator", "juror"])
def test_config_pages_refuse_operators_and_jurors(client, national, factory):
    client.force_login(factory())
    for url in config_urls(national):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"year": 2032}).status_code == 403, url
    assert Competition.objects.count() == 1
    assert national.changes.count() == 1


def test_config_pages_open_for_the_committee(committee_client, national):
    for url in config_urls(national):
        response = committee_client.get(url)
        assert response.status_code == 200, url
        assert response.content.decode().count("<h1") == 1, url


def test_config_pages_of_an_unknown_year_are_404(committee_client, national):
    assert committee_client.get(reverse("competitions:settings", args=[1999])).status_code == 404
    other = make_national(year=2032)
    other_desk = stage(other, 2)
    url = reverse("competitions:criteria", args=[national.year, other_desk.pk])
    assert committee_client.get(url).status_code == 404


def test_criteria_page_of_a_screening_stage_is_404(committee_client, national):
    url = reverse("competitions:criteria", args=[national.year, stage(national, 1).pk])
    assert committee_client.get(url).status_code == 404


# Overview ---------------------------------------------------------------------------------------------------


def test_overview_lists_each_competition_with_its_phase(committee_client, national):
    Competition.objects.filter(pk=national.pk).update(is_announced=False)
    make_national(year=2032, opens=at(2020, 1, 1), closes=at(2020, 3, 1))
    response = committee_client.get(reverse("competitions:overview"))
    cards = [(card["competition"].year, card["phase"].label) for card in response.context["cards"]]
    assert cards == [(2032, "Pemeringkatan"), (2031, "Persiapan")]
    assert "Pemeringkatan" in response.content.decode()


def test_overview_query_count_does_not_grow_with_competitions(committee_client, django_assert_num_queries, db):
    make_national(year=2031)
    with django_assert_num_queries(5):
        committee_client.get(reverse("competitions:overview"))
    make_national(year=2032)
    make_national(year=2033)
    with django_assert_num_queries(5):
        committee_client.get(reverse("competitions:overview"))


# Create, settings and their messages ------------------------------------------------------------------------


def test_create_refuses_a_second_competition_for_the_same_year_keeping_the_input(committee_client, national):
    response = committee_client.post(
        reverse("competitions:create"),
        {
            "year": "2031",
            "title": "KIPP kedua",
            "submission_opens_at": "2031-02-01T08:00",
            "submission_closes_at": "2031-04-30T23:59",
            "top_n": "10",
            "start": "national",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"year": ["Sudah ada kompetisi untuk tahun ini."]}
    assert 'value="KIPP kedua"' in response.content.decode()
    assert Competition.objects.count() == 1


def test_create_refuses_dates_in_the_wrong_order(committee_client, db):
    response = committee_client.post(
        reverse("competitions:create"),
        {
            "year": "2031",
            "title": "KIPP 2031",
            "submission_opens_at": "2031-04-30T23:59",
            "submission_closes_at": "2031-02-01T08:00",
            "top_n": "10",
            "start": "national",
        },
    )
    assert response.context["form"].errors == {
        "submission_closes_at": ["Penutupan pendaftaran harus setelah pembukaannya."]
    }
    assert 'id="id_submission_closes_at_error"' in response.content.decode()
    assert not Competition.objects.exists()


def settings_post(client, competition, **changes):
    response = client.get(reverse("competitions:settings", args=[competition.year]))
    data = form_data(response.context["form"])
    data.update({key: str(value) for key, value in changes.items()})
    return client.post(reverse("competitions:settings", args=[competition.year]), data)


def test_settings_saves_every_field_and_word_limits(committee_client, national):
    response = settings_post(
        committee_client,
        national,
        title="KIPP Kota Malang 2031: Inovasi Melayani",
        min_months_in_operation=24,
        max_submissions_per_unit=2,
        revision_deadline="2031-05-10T23:59",
        ceremony_date="2031-07-14",
        word_limit_summary=250,
        signatory_name="Drs. Sutiaji",
        signatory_title="Wali Kota Malang",
        ranking_method=RankingMethod.TRIMMED_MEAN,
    )
    assert response.status_code == 302
    national.refresh_from_db()
    assert national.title == "KIPP Kota Malang 2031: Inovasi Melayani"
    assert (national.min_months_in_operation, national.max_submissions_per_unit) == (24, 2)
    assert national.revision_deadline == at(2031, 5, 10, 23, 59)
    assert national.ceremony_date == dt.date(2031, 7, 14)
    assert national.word_limits["summary"] == 250
    assert national.word_limits["significance"] == 600
    assert national.ranking_method == RankingMethod.TRIMMED_MEAN
    assert national.changes.first().kind == ChangeKind.SETTINGS


def test_settings_refuses_top_n_larger_than_the_finalists_next_to_the_field(committee_client, national):
    response = settings_post(committee_client, national, top_n=25, title="Judul baru yang diketik")
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["top_n"][0] == (
        "Top N (25) lebih besar daripada jumlah usulan yang dapat mencapai tahap akhir: hanya 20 usulan yang "
        "lolos dari tahap «Penilaian Proposal»."
    )
    assert 'value="Judul baru yang diketik"' in response.content.decode()
    national.refresh_from_db()
    assert national.top_n == 10


def test_settings_refuses_registration_closing_before_it_opens(committee_client, national):
    response = settings_post(committee_client, national, submission_closes_at="2031-01-01T08:00")
    assert response.context["form"].errors["submission_closes_at"] == [
        "Penutupan pendaftaran harus setelah pembukaannya."
    ]


def test_settings_refuses_a_year_already_taken(committee_client, national):
    make_national(year=2032)
    response = settings_post(committee_client, national, year=2032)
    assert response.context["form"].errors == {"year": ["Sudah ada kompetisi untuk tahun ini."]}
    assert response.context["competition"].year == 2031


def test_settings_locks_the_ranking_method_once_scoring_started(committee_client, national):
    Stage.objects.filter(pk=stage(national, 2).pk).update(scoring_started_at=CLOSES + 20 * DAY)
    response = committee_client.get(reverse("competitions:settings", args=[national.year]))
    assert response.context["form"].fields["ranking_method"].disabled is True
    data = form_data(response.context["form"])
    data["ranking_method"] = RankingMethod.ZSCORE
    committee_client.post(reverse("competitions:settings", args=[national.year]), data)
    national.refresh_from_db()
    assert national.ranking_method == RankingMethod.RAW_MEAN


# Stages -----------------------------------------------------------------------------------------------------


def stages_page(client, competition):
    return client.get(reverse("competitions:stages", args=[competition.year])).context["formset"]


def test_stages_page_shows_a_window_error_next_to_the_field_keeping_the_input(committee_client, national):
    formset = stages_page(committee_client, national)
    data = formset_data(formset, edits={0: {"opens_at": "2031-01-15T08:00", "name": "Seleksi Berkas"}})
    response = committee_client.post(reverse("competitions:stages", args=[national.year]), data)
    assert response.status_code == 200
    form = response.context["formset"].forms[0]
    expected = "Tahap tidak boleh dibuka sebelum pendaftaran dibuka (1 Februari 2031, 08.00 WIB)."
    assert form.errors == {"opens_at": [expected]}
    html = response.content.decode()
    assert 'id="id_stages-0-opens_at_error"' in html
    assert 'value="Seleksi Berkas"' in html
    assert stage(national, 1).name == "Seleksi Administrasi"


def test_stages_page_refuses_stage_weights_not_adding_up_to_100(committee_client, national):
    formset = stages_page(committee_client, national)
    data = formset_data(formset, edits={2: {"weight": "20"}})
    response = committee_client.post(reverse("competitions:stages", args=[national.year]), data)
    forms = response.context["formset"].forms
    message = "Jumlah bobot tahap penilaian harus 100% (sekarang 90%)."
    assert forms[1].errors == {"weight": [message]}
    assert forms[2].errors == {"weight": [message]}
    assert stage(national, 3).weight == Decimal("30")


def test_stages_page_refuses_fewer_finalists_than_top_n(committee_client, national):
    formset = stages_page(committee_client, national)
    data = formset_data(formset, edits={1: {"advance_count": "5"}})
    response = committee_client.post(reverse("competitions:stages", args=[national.year]), data)
    assert response.context["formset"].forms[1].errors == {
        "advance_count": [
            "Jumlah yang lolos (5) lebih kecil daripada Top N (10): tahap akhir tidak akan memiliki cukup usulan."
        ]
    }


def test_stages_page_refuses_overlapping_scoring_stages(committee_client, national):
    formset = stages_page(committee_client, national)
    data = formset_data(formset, edits={2: {"opens_at": "2031-06-01T08:00"}})
    response = committee_client.post(reverse("competitions:stages", args=[national.year]), data)
    assert response.context["formset"].forms[2].errors == {
        "opens_at": [
            "Tahap ini tumpang tindih dengan tahap «Penilaian Proposal» yang baru ditutup 9 Juni 2031, 23.59 WIB."
        ]
    }


def test_stages_page_changes_the_weight_of_a_scored_stage_only_with_a_reason(committee_client, national):
    Stage.objects.filter(pk=stage(national, 2).pk).update(scoring_started_at=CLOSES + 20 * DAY)
    url = reverse("competitions:stages", args=[national.year])
    formset = stages_page(committee_client, national)
    data = formset_data(formset, edits={1: {"weight": "60"}, 2: {"weight": "40"}})
    response = committee_client.post(url, data)
    assert response.status_code == 200
    assert (
        response.context["override_form"]
        .errors["confirm"][0]
        .startswith("Penilaian tahap «Penilaian Proposal» sudah dimulai")
    )
    assert stage(national, 2).weight == Decimal("70")
    data.update({"override-confirm": "on", "override-reason": "Keputusan rapat pleno 3 Juni"})
    assert committee_client.post(url, data).status_code == 302
    assert stage(national, 2).weight == Decimal("60")
    change = national.changes.first()
    assert (change.kind, change.is_lock_override, change.reason) == (
        ChangeKind.STAGES,
        True,
        "Keputusan rapat pleno 3 Juni",
    )


# Criteria and the lock --------------------------------------------------------------------------------------


def criteria_url(competition):
    return reverse("competitions:criteria", args=[competition.year, stage(competition, 2).pk])


def test_criteria_formset_refuses_weights_not_adding_up_to_100_and_says_so(committee_client, national):
    formset = committee_client.get(criteria_url(national)).context["formset"]
    data = formset_data(formset, edits={0: {"weight": "5"}})
    response = committee_client.post(criteria_url(national), data)
    assert response.status_code == 200
    assert response.context["formset"].non_form_errors() == ["Jumlah bobot kriteria harus 100 (sekarang 95)."]
    assert response.context["formset"].forms[0].errors == {"weight": ["Jumlah bobot kriteria harus 100 (sekarang 95)."]}
    html = response.content.decode()
    assert "Jumlah bobot kriteria harus 100 (sekarang 95)." in html
    assert 'name="criteria-0-weight" value="5"' in html
    assert stage(national, 2).criteria.get(order=1).weight == Decimal("10")


def test_criteria_page_refuses_changes_once_scoring_started_with_an_explanation(committee_client, national):
    Stage.objects.filter(pk=stage(national, 2).pk).update(scoring_started_at=at(2031, 5, 20, 9))
    page = committee_client.get(criteria_url(national))
    assert "Penilaian tahap «Penilaian Proposal» sudah dimulai pada 20 Mei 2031, 09.00 WIB." in page.content.decode()
    data = formset_data(page.context["formset"], edits={0: {"weight": "20"}, 3: {"weight": "20"}})
    response = committee_client.post(criteria_url(national), data)
    assert response.status_code == 200
    errors = response.context["override_form"].errors["confirm"]
    assert errors[0].startswith("Penilaian tahap «Penilaian Proposal» sudah dimulai pada 20 Mei 2031, 09.00 WIB.")
    assert 'name="criteria-0-weight" value="20"' in response.content.decode()
    assert stage(national, 2).criteria.get(order=1).weight == Decimal("10")
    assert not CompetitionChange.objects.filter(kind=ChangeKind.CRITERIA).exists()


def test_criteria_page_needs_a_reason_with_the_confirmation(committee_client, national):
    Stage.objects.filter(pk=stage(national, 2).pk).update(scoring_started_at=at(2031, 5, 20, 9))
    formset = committee_client.get(criteria_url(national)).context["formset"]
    data = formset_data(formset, edits={0: {"weight": "20"}, 3: {"weight": "20"}}, extra={"override-confirm": "on"})
    response = committee_client.post(criteria_url(national), data)
    assert response.context["override_form"].errors == {"reason": ["Tuliskan alasan perubahan."]}
    assert stage(national, 2).criteria.get(order=1).weight == Decimal("10")


def test_criteria_page_records_a_confirmed_change_visibly(committee_client, committee, national):
    Stage.objects.filter(pk=stage(national, 2).pk).update(scoring_started_at=at(2031, 5, 20, 9))
    formset = committee_client.get(criteria_url(national)).context["formset"]
    data = formset_data(
        formset,
        edits={0: {"weight": "20"}, 3: {"weight": "20"}},
        extra={"override-confirm": "on", "override-reason": "Salah input bobot saat rapat persiapan"},
    )
    assert committee_client.post(criteria_url(national), data).status_code == 302
    criterion = stage(national, 2).criteria.get(order=1)
    assert criterion.weight == Decimal("20")
    assert criterion.history.first().history_change_reason == "Salah input bobot saat rapat persiapan"
    log = committee_client.get(reverse("competitions:changes", args=[national.year])).content.decode()
    assert "Mengubah tahap yang sudah dinilai" in log
    assert "Salah input bobot saat rapat persiapan" in log
    assert str(committee) in log


# Tiers, copy, archive ---------------------------------------------------------------------------------------


def test_tiers_page_refuses_places_outside_top_n_next_to_the_field(committee_client, national):
    url = reverse("competitions:tiers", args=[national.year])
    formset = committee_client.get(url).context["formset"]
    response = committee_client.post(url, formset_data(formset, edits={2: {"last_place": "12"}}))
    assert response.context["formset"].forms[2].errors == {"last_place": ["Peringkat harus antara 1 dan Top N (10)."]}


def test_tiers_page_refuses_overlapping_tiers(committee_client, national):
    url = reverse("competitions:tiers", args=[national.year])
    formset = committee_client.get(url).context["formset"]
    response = committee_client.post(url, formset_data(formset, edits={1: {"first_place": "2"}}))
    assert response.context["formset"].forms[1].errors == {
        "first_place": ["Peringkat 2–6 tumpang tindih dengan «Tiga Besar» (1–3)."]
    }


def test_copy_from_the_overview_creates_next_year_in_one_action(committee_client, national):
    response = committee_client.post(reverse("competitions:copy", args=[national.year]), {"year": "2032"})
    assert response.status_code == 302
    assert response["Location"] == reverse("competitions:settings", args=[2032])
    copy = Competition.objects.get(year=2032)
    assert copy.stages.count() == 3
    assert stage(copy, 2).criteria.count() == 7
    assert copy.submission_opens_at == OPENS.replace(year=2032)


def test_copy_to_an_existing_year_shows_the_error(committee_client, national):
    make_national(year=2032)
    response = committee_client.post(reverse("competitions:copy", args=[national.year]), {"year": "2032"})
    assert response.status_code == 200
    assert response.context["form"].errors == {"year": ["Sudah ada kompetisi untuk tahun ini."]}


def test_archive_moves_the_competition_to_the_archive_list(committee_client, national):
    response = committee_client.post(reverse("competitions:archive", args=[national.year]))
    assert response.status_code == 302
    national.refresh_from_db()
    assert national.archived_at is not None
    overview = committee_client.get(reverse("competitions:overview"))
    assert overview.context["cards"] == []
    assert overview.context["archived"] == [national]
    committee_client.post(reverse("competitions:archive", args=[national.year]))
    national.refresh_from_db()
    assert national.archived_at is None


# Setting up a year entirely in the browser ------------------------------------------------------------------


def test_committee_sets_up_a_year_with_three_stages_entirely_in_the_browser(client, db):
    committee = CommitteeFactory()
    client.force_login(committee)
    assert client.get(reverse("competitions:overview")).status_code == 200

    response = client.post(
        reverse("competitions:create"),
        {
            "year": "2035",
            "title": "KIPP Kota Malang 2035",
            "submission_opens_at": "2035-02-01T08:00",
            "submission_closes_at": "2035-04-30T23:59",
            "top_n": "10",
            "start": "empty",
        },
    )
    assert response.status_code == 302
    competition = Competition.objects.get(year=2035)

    response = settings_post(
        client,
        competition,
        eligibility="Perangkat daerah dan unit layanan Kota Malang.",
        how_to_submit="Operator mengirim usulan lewat aplikasi.",
        is_announced="on",
    )
    assert response.status_code == 302

    url = reverse("competitions:stages", args=[2035])
    formset = client.get(url).context["formset"]
    assert len(formset.forms) == 3
    stage_rows = [
        ("1", "Seleksi Administrasi", "screening", "2035-02-01T08:00", "2035-05-14T16:00", "", "0", "1"),
        ("2", "Penilaian Proposal", "scoring", "2035-05-15T08:00", "2035-06-10T23:59", "20", "70", "3"),
        ("3", "Presentasi dan Wawancara", "scoring", "2035-06-20T08:00", "2035-06-21T17:00", "", "30", "4"),
    ]
    fields = ["order", "name", "kind", "opens_at", "closes_at", "advance_count", "weight", "jurors_per_submission"]
    new = [dict(zip(fields, row, strict=True), description="") for row in stage_rows]
    response = client.post(url, formset_data(formset, new=new))
    assert response.status_code == 302, response.context["formset"].errors
    assert list(competition.stages.values_list("name", "weight")) == [
        ("Seleksi Administrasi", Decimal("0")),
        ("Penilaian Proposal", Decimal("70")),
        ("Presentasi dan Wawancara", Decimal("30")),
    ]

    criteria = {
        2: [("Signifikansi", "60", "100"), ("Kebaruan", "40", "100")],
        3: [("Kemanfaatan", "50", "10"), ("Penyajian", "25", "10"), ("Keberlanjutan", "25", "10")],
    }
    for order, rows in criteria.items():
        url = reverse("competitions:criteria", args=[2035, stage(competition, order).pk])
        formset = client.get(url).context["formset"]
        new = [
            {"order": str(i), "name": name, "weight": weight, "max_score": max_score, "guidance": f"Panduan {name}"}
            for i, (name, weight, max_score) in enumerate(rows, start=1)
        ]
        response = client.post(url, formset_data(formset, new=new))
        assert response.status_code == 302, response.context["formset"].errors
    assert list(stage(competition, 3).criteria.values_list("name", "weight", "max_score")) == [
        ("Kemanfaatan", Decimal("50"), 10),
        ("Penyajian", Decimal("25"), 10),
        ("Keberlanjutan", Decimal("25"), 10),
    ]

    criterion = stage(competition, 3).criteria.get(name="Kemanfaatan")
    url = reverse("competitions:rubric", args=[2035, criterion.pk])
    formset = client.get(url).context["formset"]
    new = [
        {"min_score": "0", "max_score": "5", "label": "Cukup", "description": "Manfaat terbatas"},
        {"min_score": "6", "max_score": "10", "label": "Baik", "description": "Manfaat luas"},
    ]
    assert client.post(url, formset_data(formset, new=new)).status_code == 302
    assert list(criterion.rubric_levels.values_list("label", "min_score", "max_score")) == [
        ("Cukup", 0, 5),
        ("Baik", 6, 10),
    ]

    url = reverse("competitions:tiers", args=[2035])
    formset = client.get(url).context["formset"]
    new = [
        {"name": "Tiga Besar", "first_place": "1", "last_place": "3"},
        {"name": "Terbaik", "first_place": "4", "last_place": "6"},
        {"name": "Favorit", "first_place": "7", "last_place": "10"},
    ]
    assert client.post(url, formset_data(formset, new=new)).status_code == 302

    url = reverse("competitions:requirements", args=[2035])
    formset = client.get(url).context["formset"]
    new = [
        {"order": "1", "code": "", "name": "Surat pernyataan implementasi", "description": "PDF", "is_required": "on"}
    ]
    assert client.post(url, formset_data(formset, new=new)).status_code == 302

    url = reverse("competitions:categories", args=[2035])
    formset = client.get(url).context["formset"]
    assert (
        client.post(url, formset_data(formset, new=[{"order": "1", "name": "Umum", "description": ""}])).status_code
        == 302
    )

    announcement = client.get(reverse("competitions:announcement", args=[2035]))
    html = announcement.content.decode()
    assert announcement.status_code == 200
    for text in ["Penilaian Proposal", "Signifikansi", "Kemanfaatan", "Tiga Besar", "Surat pernyataan implementasi"]:
        assert text in html

    response = client.post(reverse("competitions:copy", args=[2035]), {"year": "2036"})
    assert response.status_code == 302
    copy = Competition.objects.get(year=2036)
    assert list(copy.stages.values_list("name", "opens_at")) == [
        ("Seleksi Administrasi", at(2036, 2, 1, 8)),
        ("Penilaian Proposal", at(2036, 5, 15, 8)),
        ("Presentasi dan Wawancara", at(2036, 6, 20, 8)),
    ]
    assert list(copy.categories.values_list("name", flat=True)) == ["Umum"]
    assert copy.award_tiers.count() == 3
    assert list(stage(copy, 3).criteria.get(name="Kemanfaatan").rubric_levels.values_list("label", flat=True)) == [
        "Cukup",
        "Baik",
    ]


# The public announcement ------------------------------------------------------------------------------------


def test_announcement_is_404_before_the_competition_is_announced(client, national):
    Competition.objects.filter(pk=national.pk).update(is_announced=False)
    assert client.get(reverse("competitions:announcement", args=[national.year])).status_code == 404
    client.force_login(OperatorFactory())
    assert client.get(reverse("competitions:announcement", args=[national.year])).status_code == 404


def test_announcement_of_an_unknown_year_is_404(client, db):
    assert client.get(reverse("competitions:announcement", args=[2099])).status_code == 404


def test_announcement_lets_the_committee_preview_before_announcing(committee_client, national):
    Competition.objects.filter(pk=national.pk).update(is_announced=False)
    response = committee_client.get(reverse("competitions:announcement", args=[national.year]))
    assert response.status_code == 200
    assert "Pratinjau untuk panitia" in response.content.decode()


def test_announcement_shows_eligibility_timeline_criteria_method_and_how_to_submit(client, national):
    response = client.get(reverse("competitions:announcement", args=[national.year]))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    for text in [
        "Siapa yang boleh mendaftar",
        "Inovasi sudah berjalan paling sedikit 12 bulan",
        "Seleksi Administrasi",
        "Penilaian Proposal",
        "Presentasi dan Wawancara",
        "Signifikansi",
        "Strategi Keberlanjutan",
        "Kemanfaatan",
        "(1) nilai kriteria «Kemanfaatan» pada tahap «Presentasi dan Wawancara»",
        "tidak pernah berdasarkan urutan pendaftaran",
        "Cara mendaftar",
        "Surat pernyataan kesediaan inovasi direplikasi",
        f"{reverse('login')}?next=",
    ]:
        assert text in html, text
    assert [stage.name for stage in response.context["scoring_stages"]] == [
        "Penilaian Proposal",
        "Presentasi dan Wawancara",
    ]
    assert "style=" not in html
    assert "<script>" not in html
