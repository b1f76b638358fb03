"""Quality policy routes (see urls.py): the policy page, drafting, approval, versions and
communication records."""

from django.urls import path

from qualift.objectives.views import policy as views

urlpatterns = [
    path("e/<int:enterprise_pk>/policy/", views.policy, name="policy"),
    path("e/<int:enterprise_pk>/policy/draft/", views.policy_draft_view, name="policy-draft"),
    path("policy/<int:pk>/", views.policy_version, name="policy-version"),
    path("policy/<int:pk>/approve/", views.policy_approve_view, name="policy-approve"),
    path("policy/<int:pk>/communicate/", views.policy_communicate_view, name="policy-communicate"),
]
