"""The stage's panel: the committee adds jurors, invites new ones, removes members; every role refused."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from judging.models import Assignment, JuryMember
from judging.services.jury import juror_create, jury_add, jury_remove
from kipp.enums import Role
from kipp.models import User
from tests.factories import CompetitionFactory, JurorFactory, OperatorFactory, StageFactory, UserFactory

pytestmark = pytest.mark.django_db

SITE = "https://kipp.example.test/"


def jury_url(stage):
    return reverse("judging:stage_jury", args=[stage.pk])


def panel(stage):
    return sorted(JuryMember.objects.filter(stage=stage).values_list("juror__username", flat=True))


def test_jury_add_puts_jurors_on_panel_and_emails_them(stage, committee, django_capture_on_commit_callbacks):
    first, second = JurorFactory(username="juri-a"), JurorFactory(username="juri-b")

    with django_capture_on_commit_callbacks(execute=True):
        added = jury_add(stage=stage, jurors=[first, second], by=committee, site_url=SITE)

    assert [m.juror for m in added] == [first, second]
    assert panel(stage) == ["juri-a", "juri-b"]
    assert sorted(message.to[0] for message in mail.outbox) == ["juri-a@example.test", "juri-b@example.test"]
    assert mail.outbox[0].subject.startswith("[KIPP] Anda ditunjuk sebagai juri: Penilaian Proposal")
    assert "https://kipp.example.test/penilaian/" in mail.outbox[0].body


def test_jury_add_skips_members_already_on_panel(stage, committee, seat):
    juror = seat()

    assert jury_add(stage=stage, jurors=[juror], by=committee, site_url=SITE) == []
    assert JuryMember.objects.filter(stage=stage).count() == 1


def test_jury_add_refuses_accounts_that_are_not_jurors(stage, committee):
    operator = OperatorFactory(full_name="Ahmad Fauzi")

    with pytest.raises(ValidationError) as error:
        jury_add(stage=stage, jurors=[operator], by=committee, site_url=SITE)

    assert error.value.message_dict == {"jurors": ["Bukan akun juri aktif: Ahmad Fauzi."]}
    assert panel(stage) == []


def test_juror_create_makes_account_and_sends_working_password_link(
    client, stage, units, committee, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user = juror_create(
            stage=stage,
            full_name="Dr. Siti Aminah, M.Si.",
            email="Siti.Aminah@um.ac.id",
            title="Dosen Kebijakan Publik, Universitas Negeri Malang",
            unit=None,
            by=committee,
            site_url=SITE,
        )

    assert (user.username, user.email, user.has_usable_password()) == ("siti.aminah", "Siti.Aminah@um.ac.id", False)
    assert list(user.groups.values_list("name", flat=True)) == [Role.JUROR]
    assert panel(stage) == ["siti.aminah"]
    (message,) = mail.outbox
    assert message.to == ["Siti.Aminah@um.ac.id"]
    assert message.subject.startswith("[KIPP] Undangan menjadi juri")
    link = re.search(r"https://kipp\.example\.test(/accounts/reset/\S+/)", message.body).group(1)
    response = client.get(link, follow=True)
    assert response.status_code == 200
    assert "Buat kata sandi baru" in response.content.decode()


def test_juror_create_with_unit_makes_an_internal_juror(stage, units, committee):
    user = juror_create(
        stage=stage,
        full_name="Drs. Agus Santoso",
        email="agus@malangkota.go.id",
        title="Sekretaris Dinas",
        unit=units["disdikbud"],
        by=committee,
        site_url=SITE,
    )

    assert user.unit == units["disdikbud"]


def test_juror_create_refuses_email_in_use(stage, committee):
    UserFactory(email="dipakai@example.test")

    with pytest.raises(ValidationError) as error:
        juror_create(
            stage=stage, full_name="X", email="DIPAKAI@example.test", title="", unit=None, by=committee, site_url=SITE
        )

    assert error.value.message_dict == {
        "email": ["Alamat e-mail ini sudah dipakai akun lain; pilih akun itu dari daftar juri."]
    }


def test_jury_remove_voids_active_assignments(stage, committee, juror, assignment):
    member = JuryMember.objects.get(stage=stage, juror=juror)

    voided = jury_remove(member=member, by=committee)

    assignment.refresh_from_db()
    assert (voided, assignment.void_reason, panel(stage)) == (1, "Juri dikeluarkan dari panel tahap ini.", [])


def test_jury_services_refused_for_non_committee(stage, juror):
    with pytest.raises(ValidationError) as error:
        jury_add(stage=stage, jurors=[juror], by=juror, site_url=SITE)

    assert error.value.messages == ["Hanya panitia yang dapat mengatur panel juri."]


# --- Pages -------------------------------------------------------------------------------------------


def test_stage_jury_page_adds_selected_jurors(committee_client, stage, django_capture_on_commit_callbacks):
    juror = JurorFactory(username="juri-baru", full_name="Prof. Hendra")

    with django_capture_on_commit_callbacks(execute=True):
        response = committee_client.post(jury_url(stage), {"action": "add", "add-jurors": [juror.pk]})

    assert response.status_code == 302
    assert panel(stage) == ["juri-baru"]
    assert len(mail.outbox) == 1


def test_stage_jury_page_lists_only_jurors_not_on_panel(committee_client, stage, seat):
    seat(JurorFactory(full_name="Sudah Anggota"))
    JurorFactory(full_name="Calon Anggota")
    OperatorFactory(full_name="Operator Bukan Juri")

    page = committee_client.get(jury_url(stage)).content.decode()
    add_form = page[page.index('id="add-title"') : page.index('id="create-title"')]

    assert "Calon Anggota" in add_form
    assert "Sudah Anggota" not in add_form
    assert "Operator Bukan Juri" not in add_form
    assert "Sudah Anggota" in page


def test_stage_jury_page_unit_choice_says_external_juror_when_empty(committee_client, stage):
    page = committee_client.get(jury_url(stage)).content.decode()

    assert '<option value="" selected>— tanpa unit (juri eksternal) —</option>' in page
    assert "---------" not in page


def test_stage_jury_page_creates_juror_account(committee_client, stage, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = committee_client.post(
            jury_url(stage),
            {
                "action": "create",
                "new-full_name": "Dewi Lestari, S.Sos., M.AP.",
                "new-email": "dewi@ombudsman.go.id",
                "new-title": "Ombudsman RI Perwakilan Jawa Timur",
                "new-unit": "",
            },
        )

    user = User.objects.get(email="dewi@ombudsman.go.id")
    assert response.status_code == 302
    assert (user.full_name, user.title) == ("Dewi Lestari, S.Sos., M.AP.", "Ombudsman RI Perwakilan Jawa Timur")
    assert panel(stage) == [user.username]
    assert mail.outbox[0].to == ["dewi@ombudsman.go.id"]


def test_stage_jury_page_bad_email_keeps_typed_values(committee_client, stage):
    response = committee_client.post(
        jury_url(stage),
        {"action": "create", "new-full_name": "Nama Juri", "new-email": "bukan-email", "new-title": "Dosen"},
    )
    page = response.content.decode()

    assert response.status_code == 200
    assert "Masukkan alamat e-mail yang benar." in page
    assert 'value="Nama Juri"' in page
    assert 'value="Dosen"' in page
    assert User.objects.filter(full_name="Nama Juri").count() == 0


def test_stage_jury_page_removes_member(committee_client, stage, juror, assignment):
    member = JuryMember.objects.get(stage=stage, juror=juror)

    response = committee_client.post(reverse("judging:jury_member_remove", args=[member.pk]))

    assert response.status_code == 302
    assert panel(stage) == []
    assert Assignment.objects.get(pk=assignment.pk).voided_at is not None


def test_stage_jury_page_for_screening_stage_is_404(committee_client, competition):
    screening = StageFactory(competition=competition, order=1, kind="screening")

    assert committee_client.get(jury_url(screening)).status_code == 404


@pytest.mark.parametrize(("role", "expected"), [("juror", 403), ("operator", 403), ("anonymous", 302)])
def test_stage_jury_page_refused_for_non_committee(client, stage, role, expected):
    candidate = JurorFactory()
    if role == "juror":
        client.force_login(candidate)
    elif role == "operator":
        client.force_login(OperatorFactory())

    get = client.get(jury_url(stage))
    post = client.post(jury_url(stage), {"action": "add", "add-jurors": [candidate.pk]})

    assert (get.status_code, post.status_code, panel(stage)) == (expected, expected, [])


def test_jury_member_remove_refused_for_juror(client, stage, juror, assignment):
    member = JuryMember.objects.get(stage=stage, juror=juror)
    client.force_login(juror)

    response = client.post(reverse("judging:jury_member_remove", args=[member.pk]))

    assert response.status_code == 403
    assert JuryMember.objects.filter(pk=member.pk).exists()


def test_committee_stages_page_lists_scoring_stages(committee_client, stage, seat):
    seat()
    StageFactory(competition=CompetitionFactory(year=2023), name="Presentasi 2023")

    page = committee_client.get(reverse("judging:committee_stages")).content.decode()

    assert "Penilaian Proposal" in page
    assert "Presentasi 2023" in page
    assert reverse("judging:stage_assignments", args=[stage.pk]) in page


def test_committee_stages_page_refused_for_juror(juror_client):
    assert juror_client.get(reverse("judging:committee_stages")).status_code == 403


def test_juror_group_exists_after_create(stage, committee):
    juror_create(stage=stage, full_name="A", email="a@b.test", title="", unit=None, by=committee, site_url=SITE)

    assert Group.objects.filter(name=Role.JUROR).count() == 1
