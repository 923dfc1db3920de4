from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from kipp.history_admin import HistoryAdmin
from submissions.models import Attachment, Screening, Submission, SubmissionEvent


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ["kind", "requirement", "original_name", "content_type", "size", "sha256", "created_at"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        # Files enter only through the checked upload (re-encoding, content checks), never the admin.
        return False


class SubmissionEventInline(admin.TabularInline):
    model = SubmissionEvent
    extra = 0
    fields = ["created_at", "actor", "from_status", "to_status", "reason"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Submission)
class SubmissionAdmin(HistoryAdmin):
    list_display = ["name", "unit", "competition", "category", "status", "stage", "submitted_at", "updated_at"]
    list_filter = ["competition", "status", "category", "unit__kind", "is_application"]
    search_fields = ["name", "acronym_meaning", "unit__name", "unit__short_name", "contact_name", "contact_email"]
    list_select_related = ["unit", "competition", "category", "stage"]
    autocomplete_fields = ["unit"]
    readonly_fields = [
        "version",
        "created_by",
        "created_at",
        "updated_at",
        "submitted_at",
        "endorsed_by",
        "endorsed_at",
    ]
    date_hierarchy = "created_at"
    inlines = [AttachmentInline, SubmissionEventInline]
    fieldsets = [
        (None, {"fields": ["competition", "unit", "category", "name", "acronym_meaning", "status", "stage"]}),
        (
            _("Isi proposal"),
            {
                "fields": [
                    "summary",
                    "background",
                    "novelty",
                    "implementation",
                    "significance",
                    "adaptability_replicated",
                    "adaptability_potential",
                    "resources",
                    "sustainability",
                ],
                "classes": ["collapse"],
            },
        ),
        (
            _("Keterangan"),
            {
                "fields": [
                    "started_on",
                    "sdgs",
                    "is_application",
                    "application_url",
                    "video_url",
                    "innovators",
                    "contact_name",
                    "contact_phone",
                    "contact_email",
                    "screening_note",
                ]
            },
        ),
        (
            _("Jejak"),
            {
                "fields": [
                    "version",
                    "created_by",
                    "created_at",
                    "updated_at",
                    "submitted_at",
                    "endorsed_by",
                    "endorsed_at",
                ]
            },
        ),
    ]


@admin.register(Attachment)
class AttachmentAdmin(HistoryAdmin):
    list_display = ["original_name", "submission", "kind", "requirement", "content_type", "size", "created_at"]
    list_filter = ["kind", "content_type", "submission__competition"]
    search_fields = ["original_name", "sha256", "submission__name", "submission__unit__name"]
    list_select_related = ["submission", "requirement"]
    readonly_fields = [
        "submission",
        "kind",
        "requirement",
        "file",
        "original_name",
        "content_type",
        "size",
        "sha256",
        "uploaded_by",
        "created_at",
    ]

    def has_add_permission(self, request):
        return False


@admin.register(SubmissionEvent)
class SubmissionEventAdmin(admin.ModelAdmin):
    list_display = ["submission", "from_status", "to_status", "actor", "created_at"]
    list_filter = ["to_status", "from_status", "submission__competition"]
    search_fields = ["submission__name", "reason", "actor__username", "actor__full_name"]
    list_select_related = ["submission", "actor"]
    readonly_fields = ["submission", "actor", "from_status", "to_status", "reason", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # The status history is a record: nobody edits it, not even in the admin.
        return False


@admin.register(Screening)
class ScreeningAdmin(HistoryAdmin):
    list_display = ["submission", "decision", "decided_by", "decided_at"]
    list_filter = ["decision", "submission__competition"]
    search_fields = ["submission__name", "note", "submission__unit__name"]
    list_select_related = ["submission", "decided_by"]
    readonly_fields = ["submission", "decision", "note", "decided_by", "decided_at"]

    def has_add_permission(self, request):
        return False
