"""URLs: corrective actions, the quality overview and analysis."""

from django.urls import path

from qualift.improvement.views import actions as views
from qualift.improvement.views import dashboard

urlpatterns = [
    path("", dashboard.quality_home, name="home"),
    path("e/<int:enterprise_pk>/", dashboard.dashboard, name="dashboard"),
    path("e/<int:enterprise_pk>/analysis/", dashboard.analysis_page, name="analysis"),
    path("e/<int:enterprise_pk>/actions/", views.action_list, name="action-list"),
    path("e/<int:enterprise_pk>/actions/new/", views.action_create, name="action-create"),
    path("e/<int:enterprise_pk>/actions/export/", views.action_export, name="action-export"),
    path("actions/<int:pk>/", views.action_detail, name="action-detail"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action-edit"),
    path("actions/<int:pk>/progress/", views.action_progress, name="action-progress"),
    path("actions/<int:pk>/complete/", views.action_complete, name="action-complete"),
    path("actions/<int:pk>/verify/", views.action_verify, name="action-verify"),
    path("actions/<int:pk>/cancel/", views.action_cancel, name="action-cancel"),
]
