from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from kipp.history_admin import HistoryAdmin
from kipp.models import Unit, User


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name"]
    autocomplete_fields = ["parent"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin, HistoryAdmin):
    list_display = ["username", "full_name", "email", "unit", "is_active", "is_staff"]
    list_filter = ["groups", "is_active", "is_staff", "unit__kind"]
    search_fields = ["username", "full_name", "email", "unit__name"]
    autocomplete_fields = ["unit"]
    list_select_related = ["unit"]
    fieldsets = DjangoUserAdmin.fieldsets + ((_("KIPP"), {"fields": ("full_name", "title", "unit", "phone")}),)
    add_fieldsets = DjangoUserAdmin.add_fieldsets + ((_("KIPP"), {"fields": ("full_name", "email", "unit", "groups")}),)
