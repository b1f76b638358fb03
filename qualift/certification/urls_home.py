"""URLs: certification — the front door, which sends each role to its page (issue 7)."""

from django.urls import path

from qualift.certification.views import home as views

urlpatterns = [
    path("", views.home, name="home"),
]
