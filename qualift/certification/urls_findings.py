"""URLs: certification — checklist workspace, findings, the audit report and the client portal
(issue 7)."""

from django.urls import path

from qualift.certification.views import client, findings, workspace

urlpatterns = [
    path("audit/<int:pk>/start/", workspace.audit_start, name="audit-start"),
    path("audit/<int:pk>/checklist/", workspace.audit_workspace, name="audit-workspace"),
    path(
        "audit/<int:pk>/checklist/<int:question_pk>/",
        workspace.answer,
        name="answer",
    ),
    path("audit/<int:pk>/complete/", workspace.audit_complete, name="audit-complete"),
    path("audit/<int:pk>/report.pdf", workspace.audit_report_pdf, name="audit-report-pdf"),
    path("audit/<int:pk>/findings/", findings.audit_findings, name="audit-findings"),
    path("audit/<int:pk>/findings/new/", findings.finding_create, name="finding-create"),
    path("finding/<int:pk>/", findings.finding_detail, name="finding-detail"),
    path("finding/<int:pk>/respond/", findings.finding_respond, name="finding-respond"),
    path("finding/<int:pk>/verify/", findings.finding_verify, name="finding-verify"),
    path("response/<int:pk>/review/", findings.response_review, name="response-review"),
    path("client/", client.client_portal, name="client"),
]
