"""Admin pages (read-mostly) for enterprises, sites, engagements and IAF codes."""

from django.contrib import admin

from qualift.core.admin_mixins import ReadOnlyAdminMixin
from qualift.enterprises.models import Engagement, Enterprise, IafCode, Site


@admin.register(Enterprise)
class EnterpriseAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "uscc", "region", "miit_industry", "employees", "size_miit"]
    list_filter = ["region", "miit_industry", "size_miit"]
    search_fields = ["name", "name_en", "uscc"]
    readonly_fields = ["size_miit", "size_miit_reason", "size_eu", "size_eu_reason"]


@admin.register(Site)
class SiteAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "enterprise", "is_main", "employees"]
    search_fields = ["name", "enterprise__name"]


@admin.register(Engagement)
class EngagementAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["cb", "enterprise", "kind", "start", "end"]
    list_filter = ["kind"]


@admin.register(IafCode)
class IafCodeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name_en", "name_zh"]
