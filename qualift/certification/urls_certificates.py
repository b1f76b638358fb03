"""URLs: certification — decisions and the certificate register (issue 7)."""

from django.urls import path

from qualift.certification.views import certificates, decisions

urlpatterns = [
    path("cycle/<int:pk>/decide/", decisions.decide, name="decide"),
    path("decision/<int:pk>/", decisions.decision_detail, name="decision-detail"),
    path("certificates/", certificates.certificate_list, name="certificate-list"),
    path("certificate/<int:pk>/", certificates.certificate_detail, name="certificate-detail"),
    path(
        "certificate/<int:pk>/status/", certificates.certificate_status, name="certificate-status"
    ),
    path(
        "certificate/<int:pk>/restore/",
        certificates.certificate_restore,
        name="certificate-restore",
    ),
    path("certificate/<int:pk>/pdf/", certificates.certificate_pdf, name="certificate-pdf"),
]
