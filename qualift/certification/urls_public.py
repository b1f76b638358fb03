"""The public certificate lookup (no sign-in) at /verify/ (issue 7)."""

from django.urls import path  # noqa: F401

app_name = "verify"

urlpatterns: list = []
