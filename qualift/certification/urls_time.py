"""URLs: audit time (IAF MD 5) — the calculator and an audit's time tab (issue 7)."""

from django.urls import path

from qualift.certification.views import time

urlpatterns: list = [
    path("audit-time/", time.calculator, name="audit-time-calculator"),
    path("audit/<int:pk>/time/", time.audit_time_page, name="audit-time"),
]
