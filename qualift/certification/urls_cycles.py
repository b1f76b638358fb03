"""URLs: certification — the dashboard, cycles and their programme, the CB policy, proposals."""

from django.urls import path

from qualift.certification.views import cycles, dashboard

urlpatterns: list = [
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("cycles/", cycles.cycle_list, name="cycle-list"),
    path("cycles/new/", cycles.cycle_create, name="cycle-create"),
    path("cycle/<int:pk>/", cycles.cycle_detail, name="cycle-detail"),
    path("cycle/<int:pk>/edit/", cycles.cycle_edit, name="cycle-edit"),
    path("cycle/<int:pk>/audits/new/", cycles.audit_add, name="audit-add"),
    path("cb/<int:pk>/policy/", cycles.policy, name="policy"),
    path("proposal/<int:pk>/decide/", cycles.proposal_decide_view, name="proposal-decide"),
]
