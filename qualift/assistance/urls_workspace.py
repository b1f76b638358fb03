"""URLs: assistance — the workspace, an entry's overview, program progress (issue 6)."""

from django.urls import path

from qualift.assistance.views import workspace as views

urlpatterns = [
    path("", views.home, name="home"),
]
