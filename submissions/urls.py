from django.urls import path

from submissions import screening_views, views

app_name = "submissions"

urlpatterns = [
    path("", views.operator_home, name="operator_home"),
    path("kompetisi/<int:year>/baru/", views.submission_create, name="create"),
    path("<int:pk>/", views.submission_detail, name="detail"),
    path("<int:pk>/ubah/", views.submission_edit, name="edit"),
    path("<int:pk>/pratinjau/", views.submission_preview, name="preview"),
    path("<int:pk>/kirim/", views.submission_submit, name="submit"),
    path("<int:pk>/tarik/", views.submission_withdraw, name="withdraw"),
    path("<int:pk>/cetak/", views.submission_print, name="print"),
    path("<int:pk>/cetak/pdf/", views.submission_pdf, name="print_pdf"),
    path("<int:pk>/lampiran/", views.submission_attachments, name="attachments"),
    path("<int:pk>/lampiran/unggah/", views.attachment_upload, name="attachment_upload"),
    path("<int:pk>/lampiran/<int:attachment_pk>/hapus/", views.attachment_delete, name="attachment_delete"),
    path("<int:pk>/persetujuan/", views.submission_endorse, name="endorse"),
    path("berkas/<int:pk>/", views.attachment_file, name="attachment"),
    path("seleksi/", screening_views.screening_list, name="screening_list"),
    path("seleksi/<int:pk>/", screening_views.screening_detail, name="screening_detail"),
]
