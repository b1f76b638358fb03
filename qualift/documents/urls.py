"""Document control: /documents/…"""

from django.urls import path

from qualift.documents import views

app_name = "documents"

urlpatterns = [
    path("e/<int:enterprise_pk>/", views.document_list, name="document-list"),
    path("e/<int:enterprise_pk>/new/", views.document_create, name="document-create"),
    path("<int:pk>/", views.document_detail, name="document-detail"),
    path("<int:pk>/edit/", views.document_edit, name="document-edit"),
    path("<int:pk>/versions/new/", views.version_create, name="version-create"),
    path("<int:pk>/reviewed/", views.document_reviewed, name="document-reviewed"),
    path("<int:pk>/withdraw/", views.document_withdraw, name="document-withdraw"),
    path("versions/<int:pk>/edit/", views.version_edit, name="version-edit"),
    path("versions/<int:pk>/approve/", views.version_approve, name="version-approve"),
    path("versions/<int:pk>/download/", views.version_download, name="version-download"),
]
