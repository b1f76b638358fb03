"""Public pulse-survey routes (no sign-in; see urls_public.py): the answer form of one round and
the thank-you page."""

from django.urls import path

from qualift.objectives.views import public_pulse as views

urlpatterns = [
    path("pulse/<slug:token>/", views.pulse_public, name="pulse"),
    path("pulse/<slug:token>/thanks/", views.pulse_thanks, name="pulse-thanks"),
]
