"""Django admin for judging: every model, for the superuser's rare repairs; the committee works in the app."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from judging.models import (
    Assignment,
    ConflictOfInterest,
    JurorReminder,
    JuryMember,
    Publication,
    PublishedEntry,
    Score,
    Scorecard,
    StageAdvancement,
    TieResolution,
)
from kipp.history_admin import HistoryAdmin


@admin.register(JuryMember)
class JuryMemberAdmin(HistoryAdmin):
    list_display = ["juror", "stage", "stage__competition", "added_by", "created_at"]
    list_filter = ["stage__competition", "stage"]
    search_fields = ["juror__username", "juror__full_name", "juror__email", "stage__name"]
    list_select_related = ["juror", "stage__competition", "added_by"]
    autocomplete_fields = ["juror"]
    readonly_fields = ["added_by", "created_at"]


@admin.register(ConflictOfInterest)
class ConflictOfInterestAdmin(HistoryAdmin):
    list_display = ["juror", "submission", "unit", "source", "created_by", "created_at"]
    list_filter = ["source", "submission__competition"]
    search_fields = ["juror__username", "juror__full_name", "submission__name", "unit__name", "reason"]
    list_select_related = ["juror", "submission", "unit", "created_by"]
    autocomplete_fields = ["juror", "unit"]
    raw_id_fields = ["submission"]
    readonly_fields = ["created_by", "created_at"]


class ActiveFilter(admin.SimpleListFilter):
    title = _("status penugasan")
    parameter_name = "aktif"

    def lookups(self, request, model_admin):
        return [("1", _("Aktif")), ("0", _("Dibatalkan"))]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.filter(voided_at__isnull=True)
        if self.value() == "0":
            return queryset.filter(voided_at__isnull=False)
        return queryset


@admin.register(Assignment)
class AssignmentAdmin(HistoryAdmin):
    list_display = ["submission", "juror", "stage", "created_at", "voided_at"]
    list_filter = [ActiveFilter, "stage__competition", "stage"]
    search_fields = ["submission__name", "juror__username", "juror__full_name", "void_reason"]
    list_select_related = ["submission", "juror", "stage"]
    autocomplete_fields = ["juror"]
    raw_id_fields = ["submission"]
    readonly_fields = ["created_by", "created_at"]


class ScoreInline(admin.TabularInline):
    model = Score
    extra = 0
    fields = ["criterion", "value", "comment"]
    raw_id_fields = ["criterion"]


@admin.register(Scorecard)
class ScorecardAdmin(HistoryAdmin):
    list_display = ["assignment", "status", "submitted_at", "reopened_at", "updated_at", "version"]
    list_filter = ["status", "assignment__stage__competition", "assignment__stage"]
    search_fields = ["assignment__submission__name", "assignment__juror__username", "assignment__juror__full_name"]
    list_select_related = ["assignment__submission", "assignment__juror", "assignment__stage"]
    raw_id_fields = ["assignment"]
    readonly_fields = ["version", "updated_at", "reopened_at", "reopened_by"]
    inlines = [ScoreInline]


@admin.register(Score)
class ScoreAdmin(HistoryAdmin):
    list_display = ["scorecard", "criterion", "value"]
    list_filter = ["criterion__stage__competition", "criterion__stage"]
    search_fields = ["scorecard__assignment__submission__name", "criterion__name", "comment"]
    list_select_related = [
        "scorecard__assignment__submission",
        "scorecard__assignment__juror",
        "scorecard__assignment__stage",
        "criterion",
    ]
    raw_id_fields = ["scorecard", "criterion"]


@admin.register(JurorReminder)
class JurorReminderAdmin(admin.ModelAdmin):
    list_display = ["juror", "stage", "sent_on", "unfinished_count"]
    list_filter = ["sent_on", "stage"]
    search_fields = ["juror__username", "juror__full_name"]
    list_select_related = ["juror", "stage"]
    date_hierarchy = "sent_on"


@admin.register(StageAdvancement)
class StageAdvancementAdmin(HistoryAdmin):
    list_display = ["submission", "stage", "stage_score", "advanced", "overridden", "decided_by", "decided_at"]
    list_filter = ["advanced", "overridden", "stage__competition", "stage"]
    search_fields = ["submission__name", "reason"]
    list_select_related = ["submission", "stage", "decided_by"]
    raw_id_fields = ["submission"]


@admin.register(TieResolution)
class TieResolutionAdmin(HistoryAdmin):
    list_display = ["competition", "method", "decided_by", "decided_at"]
    list_filter = ["method", "competition"]
    search_fields = ["note"]
    list_select_related = ["competition", "decided_by"]


class PublishedEntryInline(admin.TabularInline):
    model = PublishedEntry
    extra = 0
    fields = ["rank", "tier_name", "innovation_name", "unit_name", "score"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Publication)
class PublicationAdmin(HistoryAdmin):
    list_display = ["competition", "version", "method", "published_by", "published_at", "unpublished_at"]
    list_filter = ["competition", "method"]
    search_fields = ["competition__title", "fingerprint", "methodology"]
    list_select_related = ["competition", "published_by"]
    readonly_fields = ["fingerprint", "snapshot", "published_by", "published_at"]
    inlines = [PublishedEntryInline]


@admin.register(PublishedEntry)
class PublishedEntryAdmin(admin.ModelAdmin):
    list_display = ["rank", "innovation_name", "unit_name", "tier_name", "score", "publication"]
    list_filter = ["publication__competition", "tier_name"]
    search_fields = ["innovation_name", "unit_name", "acronym_meaning"]
    list_select_related = ["publication__competition"]
    raw_id_fields = ["submission"]
