"""URLs: certification — audit planning (issue 7): audits/, audit/<pk>/…, schedule/<pk>/…"""

from django.urls import path

from qualift.certification.views import audits as views

urlpatterns = [
    path("audits/", views.audit_list, name="audit-list"),
    path("audit/<int:pk>/", views.audit_detail, name="audit-detail"),
    path("audit/<int:pk>/edit/", views.audit_edit, name="audit-edit"),
    path("audit/<int:pk>/team/", views.audit_team, name="audit-team"),
    path("team-member/<int:pk>/remove/", views.team_remove, name="team-remove"),
    path("audit/<int:pk>/schedule/", views.audit_schedule, name="audit-schedule"),
    path("schedule/<int:pk>/edit/", views.schedule_edit, name="schedule-edit"),
    path("schedule/<int:pk>/delete/", views.schedule_delete, name="schedule-delete"),
    path("audit/<int:pk>/send-plan/", views.audit_send_plan, name="audit-send-plan"),
    path("audit/<int:pk>/plan.pdf", views.audit_plan_pdf, name="audit-plan-pdf"),
    path("audit/<int:pk>/cancel/", views.audit_cancel, name="audit-cancel"),
]
