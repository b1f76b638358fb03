"""Public suggestion link (see urls_public.py): /s/<token>/ and its thank-you page."""

from django.urls import path

from qualift.objectives.views import public_suggestions as views

urlpatterns = [
    path("s/<str:token>/", views.public_suggestion, name="suggestion"),
    path("s/<str:token>/thanks/", views.public_suggestion_thanks, name="suggestion-thanks"),
]
