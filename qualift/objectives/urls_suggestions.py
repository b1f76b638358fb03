"""Suggestion and incentive routes (see urls.py): the list, submitting, one suggestion and its
stages, the incentive scheme, the reward ledger and the public link."""

from django.urls import path

from qualift.objectives.views import suggestions as views

urlpatterns = [
    path("e/<int:enterprise_pk>/suggestions/", views.suggestion_list, name="suggestion-list"),
    path(
        "e/<int:enterprise_pk>/suggestions/new/",
        views.suggestion_create,
        name="suggestion-create",
    ),
    path("e/<int:enterprise_pk>/suggestions/link/", views.suggestion_link, name="suggestion-link"),
    path("e/<int:enterprise_pk>/incentives/", views.incentive_scheme, name="incentive-scheme"),
    path("e/<int:enterprise_pk>/rewards/", views.reward_ledger, name="reward-ledger"),
    path("suggestion/<int:pk>/", views.suggestion_detail, name="suggestion-detail"),
    path("suggestion/<int:pk>/evaluate/", views.suggestion_evaluate, name="suggestion-evaluate"),
    path("suggestion/<int:pk>/decide/", views.suggestion_decide, name="suggestion-decide"),
    path("suggestion/<int:pk>/implement/", views.suggestion_implement, name="suggestion-implement"),
    path("suggestion/<int:pk>/reward/", views.suggestion_reward, name="suggestion-reward"),
]
