"""URLs: internal audits (plan, workspace, findings to nonconformities, results)."""

from django.urls import path

from qualift.improvement.views import internal_audits as views

urlpatterns = [
    path("e/<int:enterprise_pk>/internal-audits/", views.audit_list, name="audit-list"),
    path("e/<int:enterprise_pk>/internal-audits/new/", views.audit_create, name="audit-create"),
    path("internal-audits/<int:pk>/", views.audit_detail, name="audit-detail"),
    path("internal-audits/<int:pk>/edit/", views.audit_edit, name="audit-edit"),
    path("internal-audits/<int:pk>/start/", views.audit_start, name="audit-start"),
    path("internal-audits/<int:pk>/answer/", views.audit_answer, name="audit-answer"),
    path("internal-audits/<int:pk>/raise-nc/", views.audit_raise_nc, name="audit-raise-nc"),
    path("internal-audits/<int:pk>/complete/", views.audit_complete, name="audit-complete"),
    path("internal-audits/<int:pk>/cancel/", views.audit_cancel, name="audit-cancel"),
    path("internal-audits/<int:pk>/results/", views.audit_results, name="audit-results"),
]
