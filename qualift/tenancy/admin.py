"""Admin pages for operators (superusers): users, organisations, memberships, regions."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from qualift.core.admin_mixins import AuditedAdminMixin
from qualift.tenancy.models import Membership, Organization, Region, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organization"]


@admin.register(User)
class QualiftUserAdmin(AuditedAdminMixin, UserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "display_name", "email", "is_active", "is_superuser"]


@admin.register(Organization)
class OrganizationAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "name_en", "kind", "region", "code", "is_active"]
    list_filter = ["kind", "is_active", "region"]
    search_fields = ["name", "name_en", "code"]


@admin.register(Membership)
class MembershipAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["user", "organization", "role", "auditor_grade", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["user__username", "organization__name"]
    autocomplete_fields = ["user", "organization"]


@admin.register(Region)
class RegionAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name_en", "name_zh"]
    search_fields = ["code", "name_en", "name_zh"]
