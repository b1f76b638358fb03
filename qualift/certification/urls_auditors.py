"""URLs: the auditor register (issue 7)."""

from django.urls import path

from qualift.certification.views import auditors

urlpatterns: list = [
    path("auditors/", auditors.auditor_list, name="auditor-list"),
    path("auditors/new/", auditors.auditor_create, name="auditor-create"),
    path("auditors/<int:pk>/", auditors.auditor_detail, name="auditor-detail"),
    path("auditors/<int:pk>/edit/", auditors.auditor_edit, name="auditor-edit"),
    path("auditors/<int:pk>/codes/new/", auditors.auditor_code_create, name="auditor-code-create"),
    path("auditor-codes/<int:pk>/edit/", auditors.auditor_code_edit, name="auditor-code-edit"),
    path("auditors/<int:pk>/training/new/", auditors.training_create, name="training-create"),
]
