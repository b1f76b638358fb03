"""URLs: coverage of goals and responsibilities (issue 5 §4)."""

from django.urls import path

from qualift.objectives.views import coverage as views

urlpatterns = [
    path("e/<int:enterprise_pk>/coverage/", views.coverage, name="coverage"),
]
