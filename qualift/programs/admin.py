"""Admin pages for programs, ledger entries and incentive policies."""

from django.contrib import admin

from qualift.core.admin_mixins import ReadOnlyAdminMixin
from qualift.programs.models import IncentivePolicy, LedgerEntry, LedgerMove, Program


@admin.register(Program)
class ProgramAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "owner", "start", "end", "target_enterprises"]


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["enterprise", "program", "cb", "status", "status_changed_at"]
    list_filter = ["status", "program"]
    search_fields = ["enterprise__name", "enterprise__uscc"]


@admin.register(LedgerMove)
class LedgerMoveAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["entry", "from_status", "to_status", "moved_at", "moved_by"]


@admin.register(IncentivePolicy)
class IncentivePolicyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "kind", "region", "valid_from", "valid_to"]
    list_filter = ["kind", "region"]
