"""The audit trail shows jury panel membership and proposal categories: who added or removed a juror, who
renamed a category, and nothing of another competition's panels or categories."""

from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from competitions import services as competition_services
from competitions.models import Category
from judging.models import JuryMember
from judging.services import jury as jury_service
from kipp.migration_history import initial_history_rows
from tests.competitions.conftest import formset_data
from tests.factories import (
    CategoryFactory,
    CommitteeFactory,
    CompetitionFactory,
    JurorFactory,
    JuryMemberFactory,
    OperatorFactory,
    StageFactory,
    SubmissionFactory,
)
from tests.judging.test_audit_trail import acting_as, get, rows_of
from tests.kipp.factories_ops import ScreeningFactory

# The action cell: the badge, then the reason on a line of its own (no space between them in the markup).
REMOVED = "dihapus" + "Juri dikeluarkan dari panel tahap ini."


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def panitia(db):
    return CommitteeFactory(full_name="Ani Panitia")


@pytest.fixture
def juri(db):
    return JurorFactory(full_name="Budi Juri")


@pytest.fixture
def competition(db):
    return CompetitionFactory(year=2031, title="KIPP Kota Malang 2031")


@pytest.fixture
def stage(competition):
    return StageFactory(competition=competition, name="Penilaian Proposal", order=2)


def add_and_remove_on_the_panel_page(client, stage, juror):
    added = client.post(reverse("judging:stage_jury", args=[stage.pk]), {"action": "add", "add-jurors": [juror.pk]})
    member = JuryMember.objects.get(stage=stage, juror=juror)
    removed = client.post(reverse("judging:jury_member_remove", args=[member.pk]))
    assert (added.status_code, removed.status_code) == (302, 302)
    assert not JuryMember.objects.filter(pk=member.pk).exists()


@pytest.mark.django_db
def test_a_juror_added_to_and_removed_from_the_panel_page_shows_with_the_committee_member(
    client, panitia, juri, competition, stage
):
    client.force_login(panitia)
    add_and_remove_on_the_panel_page(client, stage, juri)

    response = get(client, competition, jenis="panel-juri")

    name = "Anggota panel juri Budi Juri → 2. Penilaian Proposal"
    assert response.status_code == 200
    assert [row[1:5] for row in rows_of(response)] == [
        ["Ani Panitia", name, REMOVED, ""],
        ["Ani Panitia", name, "dibuat", ""],
    ]


@pytest.mark.django_db
def test_a_category_edited_on_the_categories_page_shows_old_and_new_values_with_the_committee_member(
    client, panitia, competition
):
    CategoryFactory(competition=competition, name="Umum", order=1)
    client.force_login(panitia)
    path = reverse("competitions:categories", args=[competition.year])
    formset = client.get(path).context["formset"]

    saved = client.post(
        path, formset_data(formset, edits={0: {"name": "Replikasi", "description": "Inovasi hasil replikasi."}})
    )
    response = get(client, competition, jenis="kategori")

    assert saved.status_code == 302
    assert [row[1:5] for row in rows_of(response)] == [
        [
            "Ani Panitia",
            "Kategori usulan Replikasi",
            "diubah",
            "Nama: Umum → Replikasi Keterangan: — → Inovasi hasil replikasi.",
        ],
        ["sistem", "Kategori usulan Umum", "dibuat", ""],
    ]


@pytest.mark.django_db
def test_the_services_name_the_committee_member_without_a_request(panitia, juri, competition, stage):
    """Outside a request (a command, a shell) the services still record who made the change."""
    (member,) = jury_service.jury_add(stage=stage, jurors=[juri], by=panitia, site_url="http://kipp.test")
    member_id = member.pk
    jury_service.jury_remove(member=member, by=panitia)
    row = {"id": None, "delete": False, "order": 1, "name": "Umum", "description": ""}
    competition_services.categories_save(competition=competition, rows=[row], actor=panitia)
    category_id = competition.categories.get().pk
    competition_services.categories_save(
        competition=competition, rows=[dict(row, id=category_id, delete=True)], actor=panitia
    )

    member_rows = JuryMember.history.filter(id=member_id).order_by("history_id")
    category_rows = Category.history.filter(id=category_id).order_by("history_id")
    assert [(row.history_type, row.history_user) for row in member_rows] == [("+", panitia), ("-", panitia)]
    assert member_rows.last().history_change_reason == "Juri dikeluarkan dari panel tahap ini."
    assert [(row.history_type, row.history_user) for row in category_rows] == [("+", panitia), ("-", panitia)]


@pytest.mark.django_db
def test_the_type_filter_narrows_to_panel_members_or_categories(client, panitia, juri, competition, stage):
    with acting_as(panitia):
        ScreeningFactory(submission=SubmissionFactory(competition=competition, name="SI-CEPAT"))
        CategoryFactory(competition=competition, name="Umum")
        JuryMemberFactory(stage=stage, juror=juri)
    client.force_login(panitia)

    everything = get(client, competition)
    members = get(client, competition, jenis="panel-juri")
    categories = get(client, competition, jenis="kategori")

    names = [row[2] for row in rows_of(everything)]
    assert "Anggota panel juri Budi Juri → 2. Penilaian Proposal" in names
    assert "Kategori usulan Umum" in names
    assert "Keputusan seleksi SI-CEPAT: Lolos" in names
    assert [row[2] for row in rows_of(members)] == ["Anggota panel juri Budi Juri → 2. Penilaian Proposal"]
    assert [row[2] for row in rows_of(categories)] == ["Kategori usulan Umum"]
    html = everything.content.decode()
    assert '<option value="panel-juri">Anggota panel juri</option>' in html
    assert '<option value="kategori">Kategori usulan</option>' in html


@pytest.mark.django_db
def test_another_competitions_panels_and_categories_stay_off_the_trail(client, panitia, juri, competition, stage):
    other = CompetitionFactory(year=2032)
    other_stage = StageFactory(competition=other, name="Tahap RAHASIA")
    with acting_as(panitia):
        CategoryFactory(competition=competition, name="Umum")
        JuryMemberFactory(stage=stage, juror=juri)
        CategoryFactory(competition=other, name="Kategori RAHASIA")
        JuryMemberFactory(stage=other_stage, juror=JurorFactory(full_name="Juri RAHASIA"))
        JuryMemberFactory(stage=other_stage, juror=juri).delete()
    client.force_login(panitia)

    pages = [get(client, competition), get(client, competition, jenis="panel-juri")]
    pages.append(get(client, competition, jenis="kategori"))

    for response in pages:
        assert "RAHASIA" not in response.content.decode()
    assert [row[2:4] for row in rows_of(pages[1])] == [
        ["Anggota panel juri Budi Juri → 2. Penilaian Proposal", "dibuat"]
    ]


@pytest.mark.django_db
def test_a_panel_member_of_a_deleted_stage_stays_on_the_trail(client, panitia, juri, competition, stage):
    with acting_as(panitia):
        JuryMemberFactory(stage=stage, juror=juri)
        stage_id = stage.pk
        stage.delete()
    client.force_login(panitia)

    response = get(client, competition, jenis="panel-juri")

    assert [row[1:4] for row in rows_of(response)] == [
        ["Ani Panitia", f"Anggota panel juri Budi Juri → #{stage_id}", "dihapus"],
        ["Ani Panitia", f"Anggota panel juri Budi Juri → #{stage_id}", "dibuat"],
    ]


def make_rows(competition, size: int):
    """`size` jurors added to a stage's panel and `size` renames of one category."""
    stage = StageFactory(competition=competition)
    category = CategoryFactory(competition=competition, name="Umum")
    for number in range(size):
        JuryMemberFactory(stage=stage)
        category.name = f"Kategori {number}"
        category.save()


@pytest.mark.django_db
def test_the_query_count_does_not_grow_with_panel_and_category_rows(client, panitia):
    small, large = CompetitionFactory(), CompetitionFactory()
    make_rows(small, 2)
    make_rows(large, 20)
    client.force_login(panitia)
    counts = []
    for competition in [small, large]:
        with CaptureQueriesContext(connection) as queries:
            for kind in ["", "panel-juri", "kategori"]:
                assert get(client, competition, jenis=kind).status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "make_user", [lambda juri: juri, lambda juri: OperatorFactory()], ids=["juror-on-the-panel", "operator"]
)
def test_jurors_and_operators_are_still_refused_the_trail(client, panitia, juri, competition, stage, make_user):
    with acting_as(panitia):
        JuryMemberFactory(stage=stage, juror=juri)
        CategoryFactory(competition=competition, name="Kategori RAHASIA")
    client.force_login(make_user(juri))

    for kind in ["panel-juri", "kategori"]:
        response = get(client, competition, jenis=kind)
        assert response.status_code == 403
        assert "Penilaian Proposal" not in response.content.decode()
        assert "RAHASIA" not in response.content.decode()


def test_the_history_migrations_give_existing_members_and_categories_their_created_row(db):
    """Rows made before their model had a history (bulk_create writes none) get one "created" row, once."""
    stage = StageFactory()
    juror = JurorFactory()
    [member] = JuryMember.objects.bulk_create([JuryMember(stage=stage, juror=juror)])
    [category] = Category.objects.bulk_create([Category(competition=stage.competition, name="Replikasi")])
    editor = SimpleNamespace(connection=connection)

    for app_label, model_name in (("judging", "JuryMember"), ("competitions", "Category")):
        initial_history_rows(django_apps, editor, app_label=app_label, model_name=model_name)
        initial_history_rows(django_apps, editor, app_label=app_label, model_name=model_name)

    member_rows = list(member.history.values_list("history_type", "history_user_id", "history_date", "juror_id"))
    assert member_rows == [("+", None, JuryMember.objects.get(pk=member.pk).created_at, juror.pk)]
    assert list(category.history.values_list("history_type", "name")) == [("+", "Replikasi")]
