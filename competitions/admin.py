from django.contrib import admin

from competitions.models import (
    AttachmentRequirement,
    AwardTier,
    Category,
    Competition,
    CompetitionChange,
    Criterion,
    RubricLevel,
    Stage,
)
from kipp.history_admin import HistoryAdmin


class CategoryInline(admin.TabularInline):
    model = Category
    extra = 0


class AwardTierInline(admin.TabularInline):
    model = AwardTier
    extra = 0


class AttachmentRequirementInline(admin.TabularInline):
    model = AttachmentRequirement
    extra = 0


class StageInline(admin.TabularInline):
    model = Stage
    extra = 0
    fields = ["order", "name", "kind", "opens_at", "closes_at", "advance_count", "weight", "jurors_per_submission"]
    show_change_link = True


@admin.register(Competition)
class CompetitionAdmin(HistoryAdmin):
    list_display = [
        "year",
        "title",
        "is_announced",
        "submission_opens_at",
        "submission_closes_at",
        "top_n",
        "ranking_method",
        "published_at",
        "archived_at",
    ]
    list_filter = ["is_announced", "ranking_method", "requires_parent_endorsement"]
    search_fields = ["title", "year"]
    readonly_fields = ["published_at", "created_at", "updated_at"]
    date_hierarchy = "submission_opens_at"
    inlines = [StageInline, CategoryInline, AwardTierInline, AttachmentRequirementInline]


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ["order", "name", "weight", "max_score"]
    show_change_link = True


@admin.register(Stage)
class StageAdmin(HistoryAdmin):
    list_display = ["competition", "order", "name", "kind", "opens_at", "closes_at", "weight", "scoring_started_at"]
    list_filter = ["kind", "competition"]
    search_fields = ["name", "competition__title"]
    list_select_related = ["competition"]
    readonly_fields = ["scoring_started_at", "closed_at", "closed_by"]
    inlines = [CriterionInline]


class RubricLevelInline(admin.TabularInline):
    model = RubricLevel
    extra = 0


@admin.register(Criterion)
class CriterionAdmin(HistoryAdmin):
    list_display = ["name", "stage", "order", "weight", "max_score"]
    list_filter = ["stage__competition", "stage__kind"]
    search_fields = ["name", "guidance", "stage__name"]
    list_select_related = ["stage__competition"]
    inlines = [RubricLevelInline]


@admin.register(RubricLevel)
class RubricLevelAdmin(HistoryAdmin):
    list_display = ["criterion", "label", "min_score", "max_score"]
    list_filter = ["criterion__stage__competition"]
    search_fields = ["label", "description", "criterion__name"]
    list_select_related = ["criterion"]


@admin.register(Category)
class CategoryAdmin(HistoryAdmin):
    list_display = ["name", "competition", "order"]
    list_filter = ["competition"]
    search_fields = ["name", "description"]
    list_select_related = ["competition"]


@admin.register(AwardTier)
class AwardTierAdmin(HistoryAdmin):
    list_display = ["name", "competition", "first_place", "last_place"]
    list_filter = ["competition"]
    search_fields = ["name"]
    list_select_related = ["competition"]


@admin.register(AttachmentRequirement)
class AttachmentRequirementAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "competition", "is_required", "order"]
    list_filter = ["competition", "is_required"]
    search_fields = ["name", "code", "description"]
    list_select_related = ["competition"]


@admin.register(CompetitionChange)
class CompetitionChangeAdmin(admin.ModelAdmin):
    list_display = ["created_at", "competition", "kind", "stage", "actor", "is_lock_override"]
    list_filter = ["kind", "is_lock_override", "competition"]
    search_fields = ["summary", "reason"]
    list_select_related = ["competition", "stage", "actor"]
    readonly_fields = ["competition", "stage", "kind", "summary", "reason", "is_lock_override", "actor", "created_at"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False
