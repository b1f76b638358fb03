"""URLs: assistance issues, their ranking and the choice of points, and a CB's weights."""

from django.urls import path

from qualift.assistance.views import issues as views

urlpatterns = [
    path("diagnosis/<int:pk>/issues/new/", views.issue_create, name="issue-create"),
    path("issue/<int:pk>/edit/", views.issue_edit, name="issue-edit"),
    path("issue/<int:pk>/delete/", views.issue_delete, name="issue-delete"),
    path("entry/<int:pk>/ranking/", views.ranking, name="ranking"),
    path("entry/<int:pk>/ranking/choose/", views.ranking_choose, name="ranking-choose"),
    path("cb/<int:pk>/weights/", views.weights, name="weights"),
]
