"""URLs: certification — time (issue 7)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
