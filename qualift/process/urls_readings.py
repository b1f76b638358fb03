"""Routes of this feature (see urls.py): entering, listing and importing readings."""

from django.urls import path

from qualift.process.views import readings as views

urlpatterns = [
    path("parameters/<int:pk>/readings/new/", views.reading_entry, name="reading-entry"),
    path("parameters/<int:pk>/readings/", views.reading_list, name="reading-list"),
    path("parameters/<int:pk>/readings/import/", views.reading_import, name="reading-import"),
    path(
        "e/<int:enterprise_pk>/readings/import/",
        views.reading_import_enterprise,
        name="reading-import-enterprise",
    ),
]
