"""Pulse survey routes (see urls.py): the rounds with their trend, opening a round, one round's
link and results, and closing it. The public answer form is in urls_public_pulse.py."""

from django.urls import path

from qualift.objectives.views import pulse as views

urlpatterns = [
    path("e/<int:enterprise_pk>/pulse/", views.pulse_list, name="pulse-list"),
    path("e/<int:enterprise_pk>/pulse/new/", views.pulse_create, name="pulse-create"),
    path("pulse/<int:pk>/", views.pulse_detail, name="pulse-detail"),
    path("pulse/<int:pk>/close/", views.pulse_close_view, name="pulse-close"),
]
