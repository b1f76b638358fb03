"""URLs: assistance — visits (issue 6)."""

from django.urls import path

from qualift.assistance.views import visits as views

urlpatterns = [
    path("entry/<int:pk>/visits/", views.visit_list, name="visit-list"),
    path("entry/<int:pk>/visits/new/", views.visit_create, name="visit-create"),
    path("visit/<int:pk>/", views.visit_detail, name="visit-detail"),
    path("visit/<int:pk>/edit/", views.visit_edit, name="visit-edit"),
]
