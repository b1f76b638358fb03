"""URLs: assistance — visits (issue 6). Filled by the feature's owner."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
