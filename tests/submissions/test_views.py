"""The operator's pages: what a person sees, and that nothing typed is ever lost."""

import datetime as dt
import re

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from submissions import services
from submissions.enums import SubmissionStatus
from submissions.models import Submission
from tests.factories import CommitteeFactory
from tests.submissions import filemakers
from tests.submissions.conftest import complete_data, form_post_data, upload


def test_operator_home_lists_status_missing_pieces_and_new_button(client, operator, competition, draft):
    client.force_login(operator)
    body = client.get(reverse("submissions:operator_home")).content.decode()
    assert "KIPP Kota Malang 2026" in body
    assert "SIDAKEP" in body
    assert "Draf" in body
    assert "Belum lengkap: 3 hal" in body
    assert "Dokumen wajib “Surat pernyataan implementasi inovasi” belum diunggah." in body
    assert reverse("submissions:create", kwargs={"year": 2026}) in body
    assert "Kuota unit: 1 dari 3 usulan." in body


def test_operator_home_hides_new_button_when_quota_is_full(client, operator, competition, draft):
    competition.max_submissions_per_unit = 1
    competition.save()
    client.force_login(operator)
    body = client.get(reverse("submissions:operator_home")).content.decode()
    assert reverse("submissions:create", kwargs={"year": 2026}) not in body
    assert "Kuota sudah penuh." in body


def test_operator_home_shows_the_committee_decision_and_notes(client, operator, submitted):
    services.submission_screen(
        submission=submitted, user=CommitteeFactory(), decision="ineligible", note="Inovasi belum berjalan 12 bulan."
    )
    client.force_login(operator)
    body = client.get(reverse("submissions:operator_home")).content.decode()
    assert "Keputusan panitia: tidak lolos seleksi administrasi" in body
    assert "Inovasi belum berjalan 12 bulan." in body


def test_operator_home_hides_new_button_when_registration_is_closed(client, operator, competition):
    competition.submission_closes_at = timezone.now() - dt.timedelta(hours=1)
    competition.save()
    client.force_login(operator)
    body = client.get(reverse("submissions:operator_home")).content.decode()
    assert reverse("submissions:create", kwargs={"year": 2026}) not in body


def test_edit_page_shows_guidance_and_counters_with_the_competition_limits(client, operator, draft, competition):
    competition.word_limits = {**competition.word_limits, "summary": 150}
    competition.save()
    client.force_login(operator)
    body = client.get(reverse("submissions:edit", kwargs={"pk": draft.pk})).content.decode()
    assert 'data-word-limit="150"' in body
    assert "10 dari 150 kata" in body  # the summary of complete_data()
    assert "Gambarkan inovasi secara utuh dan singkat" in body
    assert 'src="/static/js/submission-form.js"' in body
    assert "<script>" not in body
    assert ' style="' not in body
    assert f'name="version" value="{draft.version}"' in body


def test_edit_page_names_each_fieldset_by_its_legend(client, operator, draft):
    client.force_login(operator)
    body = client.get(reverse("submissions:edit", kwargs={"pk": draft.pk})).content.decode()
    openings = [text.strip() for text in re.findall(r"<fieldset[^>]*>\s*<legend[^>]*>([^<]+)</legend>", body)]
    assert openings == [
        "Identitas inovasi",
        "Tujuan Pembangunan Berkelanjutan (SDGs) yang didukung",
        "Isi proposal",
        "Inovator dan narahubung",
    ]
    assert body.count("<fieldset") == 4


def test_edit_page_save_bar_keeps_every_action_with_its_full_name(client, operator, draft):
    client.force_login(operator)
    body = client.get(reverse("submissions:edit", kwargs={"pk": draft.pk})).content.decode()
    start = body.index('<div class="form-actions"')
    bar = body[start : body.index("</form>", start)]
    assert re.findall(r'<button type="submit" name="next" value="(\w+)"', bar) == ["edit", "attachments", "preview"]
    assert 'aria-label="Simpan lalu unggah lampiran"' in bar
    assert 'aria-label="Simpan lalu pratinjau"' in bar
    assert ">Simpan draf</button>" in bar
    assert ">Kembali</a>" in bar


def test_create_with_a_taken_name_keeps_every_typed_value(client, operator, other_operator, competition):
    services.submission_create(competition=competition, user=other_operator, data=complete_data(name="SIDAKEP"))
    client.force_login(operator)
    post = form_post_data(name="sidakep", summary="Ringkasan yang saya ketik panjang-panjang.")
    response = client.post(reverse("submissions:create", kwargs={"year": 2026}), {**post, "next": "edit"})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["name"] == ["Sudah ada inovasi dengan nama ini pada kompetisi ini."]
    assert form["summary"].value() == "Ringkasan yang saya ketik panjang-panjang."
    assert form["contact_email"].value() == "budi@example.test"
    body = response.content.decode()
    assert "Ringkasan yang saya ketik panjang-panjang." in body
    assert Submission.objects.filter(unit=operator.unit).count() == 0


def test_bad_values_are_reported_next_to_their_fields(client, operator, draft):
    client.force_login(operator)
    post = form_post_data(
        draft,
        video_url="javascript:alert(1)",
        contact_email="bukan-email",
        contact_phone="<script>",
        started_on=timezone.localdate() + dt.timedelta(days=3),
        background="Teks latar belakang yang tidak boleh hilang.",
    )
    response = client.post(reverse("submissions:edit", kwargs={"pk": draft.pk}), {**post, "next": "edit"})
    form = response.context["form"]
    assert response.status_code == 200
    assert set(form.errors) == {"video_url", "contact_email", "contact_phone", "started_on"}
    assert form.errors["started_on"] == ["Tanggal mulai beroperasi tidak boleh di masa depan."]
    assert form.errors["contact_phone"] == ["Nomor telepon hanya boleh berisi angka, spasi, +, -, ( dan )."]
    assert form["background"].value() == "Teks latar belakang yang tidak boleh hilang."
    draft.refresh_from_db()
    assert draft.background != "Teks latar belakang yang tidak boleh hilang."


def test_saving_a_draft_says_when_in_the_site_format(client, operator, draft):
    client.force_login(operator)
    response = client.post(
        reverse("submissions:edit", kwargs={"pk": draft.pk}), {**form_post_data(draft), "next": "edit"}, follow=True
    )
    [message] = [str(message) for message in response.context["messages"]]
    assert re.fullmatch(r"Draf tersimpan pada \d{1,2} \w+ \d{4}, \d{2}\.\d{2} WIB\.", message)


def test_empty_name_is_refused_even_for_a_draft(client, operator, draft):
    client.force_login(operator)
    response = client.post(
        reverse("submissions:edit", kwargs={"pk": draft.pk}), {**form_post_data(draft, name="  "), "next": "edit"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["name"]


def test_two_editors_the_second_save_is_refused_and_its_text_shown_back(operator, colleague, draft):
    first, second = Client(), Client()
    first.force_login(operator)
    second.force_login(colleague)
    url = reverse("submissions:edit", kwargs={"pk": draft.pk})
    first_form = first.get(url).context["form"]
    second_form = second.get(url).context["form"]
    assert first_form["version"].value() == second_form["version"].value() == draft.version

    saved = first.post(url, {**form_post_data(draft, summary="Ringkasan versi Fajar."), "next": "edit"})
    assert saved.status_code == 302
    refused = second.post(url, {**form_post_data(draft, summary="Ringkasan versi Sri yang panjang."), "next": "edit"})

    assert refused.status_code == 409
    body = refused.content.decode()
    assert "Perubahan Anda tidak disimpan" in body
    assert "Usulan ini sudah diubah oleh Fajar Nugroho setelah Anda membukanya." in body
    assert refused.context["refused_texts"] == [("Ringkasan", "Ringkasan versi Sri yang panjang.")]
    assert refused.context["form"]["summary"].value() == "Ringkasan versi Fajar."
    assert refused.context["form"]["version"].value() == draft.version + 1
    draft.refresh_from_db()
    assert draft.summary == "Ringkasan versi Fajar."

    # After merging, the second save with the fresh version goes through.
    merged = second.post(
        url,
        {
            **form_post_data(draft, summary="Ringkasan versi Fajar. Ringkasan versi Sri yang panjang."),
            "next": "edit",
        },
    )
    assert merged.status_code == 302
    draft.refresh_from_db()
    assert draft.summary == "Ringkasan versi Fajar. Ringkasan versi Sri yang panjang."


def test_preview_shows_the_proposal_and_the_submit_button_when_complete(client, operator, complete_draft):
    client.force_login(operator)
    response = client.get(reverse("submissions:preview", kwargs={"pk": complete_draft.pk}))
    body = response.content.decode()
    assert "Usulan lengkap." in body
    assert reverse("submissions:submit", kwargs={"pk": complete_draft.pk}) in body
    assert "Layanan antar dokumen kependudukan" in body


def test_preview_of_an_incomplete_draft_links_to_the_fields(client, operator, draft):
    client.force_login(operator)
    body = client.get(reverse("submissions:preview", kwargs={"pk": draft.pk})).content.decode()
    assert "Belum lengkap: 3 hal" in body
    assert reverse("submissions:attachments", kwargs={"pk": draft.pk}) in body
    assert reverse("submissions:submit", kwargs={"pk": draft.pk}) not in body


def test_double_clicked_submit_creates_one_event(client, operator, complete_draft):
    client.force_login(operator)
    url = reverse("submissions:submit", kwargs={"pk": complete_draft.pk})
    first = client.post(url, {"version": complete_draft.version})
    second = client.post(url, {"version": complete_draft.version})
    assert (first.status_code, second.status_code) == (302, 302)
    assert complete_draft.events.filter(to_status=SubmissionStatus.SUBMITTED).count() == 1
    messages = [str(message) for message in second.wsgi_request._messages]
    assert messages[-1] == "Usulan ini sudah dikirim."


def test_edit_of_a_submitted_proposal_redirects_with_a_message(client, operator, submitted):
    client.force_login(operator)
    response = client.get(reverse("submissions:edit", kwargs={"pk": submitted.pk}), follow=True)
    assert "Usulan berstatus “Terkirim” tidak dapat diubah saat ini." in response.content.decode()


def test_withdraw_page_withdraws_with_reason(client, operator, draft):
    client.force_login(operator)
    response = client.post(reverse("submissions:withdraw", kwargs={"pk": draft.pk}), {"reason": "Salah inovasi."})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == SubmissionStatus.WITHDRAWN


def test_attachments_page_lists_requirements_and_limits(client, operator, draft):
    client.force_login(operator)
    body = client.get(reverse("submissions:attachments", kwargs={"pk": draft.pk})).content.decode()
    assert "Surat pernyataan implementasi inovasi" in body
    assert "Belum diunggah" in body
    assert 'enctype="multipart/form-data"' in body
    assert "data-upload" in body
    assert 'src="/static/js/submission-upload.js"' in body
    assert "Foto JPEG, PNG atau WebP maksimal 5,0\xa0MB; PDF maksimal 1,0\xa0MB." in body


def test_attachment_download_headers(client, operator, draft):
    attachment = services.attachment_add(
        submission=draft, user=operator, uploaded=upload("Surat Pernyataan.pdf", filemakers.pdf_bytes())
    )
    client.force_login(operator)
    response = client.get(reverse("submissions:attachment", kwargs={"pk": attachment.pk}) + "?inline=1")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="Surat Pernyataan.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == attachment.file.open("rb").read()


def test_photo_may_be_shown_inline(client, operator, draft):
    attachment = services.attachment_add(
        submission=draft, user=operator, uploaded=upload("foto.png", filemakers.png_bytes())
    )
    client.force_login(operator)
    response = client.get(reverse("submissions:attachment", kwargs={"pk": attachment.pk}) + "?inline=1")
    assert (response["Content-Type"], response["Content-Disposition"]) == ("image/png", 'inline; filename="foto.png"')
    download = client.get(reverse("submissions:attachment", kwargs={"pk": attachment.pk}))
    assert download["Content-Disposition"] == 'attachment; filename="foto.png"'


def test_print_view_and_pdf(client, operator, submitted):
    client.force_login(operator)
    page = client.get(reverse("submissions:print", kwargs={"pk": submitted.pk}))
    assert page.status_code == 200
    assert "Layanan antar dokumen kependudukan" in page.content.decode()
    assert "data-print" in page.content.decode()
    pdf = client.get(reverse("submissions:print_pdf", kwargs={"pk": submitted.pk}))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")


def test_pdf_escapes_markup_in_user_text(client, operator, draft):
    services.submission_update(
        submission=draft, user=operator, data={"summary": "<b>tebal & <i>miring"}, expected_version=draft.version
    )
    client.force_login(operator)
    response = client.get(reverse("submissions:print_pdf", kwargs={"pk": draft.pk}))
    assert response.status_code == 200


def test_detail_shows_history_with_who_when_and_reason(client, operator, submitted):
    committee = CommitteeFactory(full_name="Rina Kusumawati")
    services.submission_screen(submission=submitted, user=committee, decision="returned", note="Tambah data.")
    client.force_login(operator)
    body = client.get(reverse("submissions:detail", kwargs={"pk": submitted.pk})).content.decode()
    assert "Riwayat status" in body
    assert "Rina Kusumawati" in body
    assert "Fajar Nugroho" in body
    assert "Tambah data." in body
    assert "Dikembalikan untuk perbaikan" in body


def test_endorsement_page_for_the_parent_unit(client, school_setup, competition):
    operator = school_setup["school_operator"]
    submission = services.submission_create(competition=competition, user=operator, data=complete_data(name="RAPOR"))
    from tests.submissions.conftest import attach_statements

    attach_statements(submission, operator)
    services.submission_submit(submission=submission, user=operator, notify=False)
    client.force_login(school_setup["dinas_operator"])
    home = client.get(reverse("submissions:operator_home")).content.decode()
    assert "Menunggu persetujuan unit Anda (1)" in home
    assert "RAPOR" in home
    refused = client.post(
        reverse("submissions:endorse", kwargs={"pk": submission.pk}), {"action": "return", "note": ""}
    )
    assert refused.context["form"].errors["note"] == ["Tuliskan catatan perbaikan untuk unit pengusul."]
    response = client.post(reverse("submissions:endorse", kwargs={"pk": submission.pk}), {"action": "endorse"})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED


def test_screening_list_filters(committee_client, competition, unit, other_operator):
    from tests.submissions.conftest import make_submission

    make_submission(competition, unit, name="SIDAKEP")
    make_submission(competition, other_operator.unit, name="SIPILAH")
    make_submission(competition, unit, name="AKTA KILAT", status=SubmissionStatus.DRAFT)
    url = reverse("submissions:screening_list")
    default = committee_client.get(url)
    assert [s.name for s in default.context["page"].object_list] == ["SIDAKEP", "SIPILAH"]
    searched = committee_client.get(url, {"q": "lingkungan", "status": "submitted"})
    assert [s.name for s in searched.context["page"].object_list] == ["SIPILAH"]
    drafts = committee_client.get(url, {"status": "draft"})
    assert [s.name for s in drafts.context["page"].object_list] == ["AKTA KILAT"]


def test_screening_decision_form_requires_a_reason(committee_client, submitted):
    response = committee_client.post(
        reverse("submissions:screening_detail", kwargs={"pk": submitted.pk}), {"decision": "ineligible", "note": ""}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["note"] == ["Tuliskan alasan usulan tidak lolos."]
    submitted.refresh_from_db()
    assert submitted.status == SubmissionStatus.SUBMITTED


def test_create_over_quota_keeps_the_typed_text(client, operator, competition):
    competition.max_submissions_per_unit = 1
    competition.save()
    services.submission_create(competition=competition, user=operator, data=complete_data(name="SATU"))
    client.force_login(operator)
    response = client.post(
        reverse("submissions:create", kwargs={"year": 2026}),
        {**form_post_data(name="DUA", summary="Teks yang tidak boleh hilang."), "next": "edit"},
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Kuota unit Anda sudah penuh: 1 dari 1 usulan. Tarik usulan lain terlebih dahulu bila ingin mengganti."
    ]
    assert "Teks yang tidak boleh hilang." in response.content.decode()


def test_tampered_version_is_treated_as_stale(client, operator, draft):
    client.force_login(operator)
    post = {**form_post_data(draft, summary="Teks baru."), "version": "abc", "next": "edit"}
    response = client.post(reverse("submissions:edit", kwargs={"pk": draft.pk}), post)
    assert response.status_code == 409
    assert response.context["refused_texts"] == [("Ringkasan", "Teks baru.")]
