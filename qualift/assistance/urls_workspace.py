"""URLs: assistance — the workspace, an entry's overview, the enterprise's tasks, program
progress (issue 6)."""

from django.urls import path

from qualift.assistance.views import workspace as views

urlpatterns = [
    path("", views.home, name="home"),
    path("my-tasks/", views.my_tasks, name="my-tasks"),
    path("entry/<int:pk>/", views.entry, name="entry"),
    path("program/<int:pk>/progress/", views.program_progress, name="program-progress"),
]
