"""Plan routes (see urls.py): the entry's plan, its parts, sign-off, revisions and the PDF."""

from django.urls import path

from qualift.assistance.views import plans as views

urlpatterns = [
    path("entry/<int:pk>/plan/new/", views.plan_create, name="plan-create"),
    path("plan/<int:pk>/", views.plan_detail, name="plan-detail"),
    path("plan/<int:pk>/edit/", views.plan_edit, name="plan-edit"),
    path("plan/<int:pk>/sign/", views.plan_sign, name="plan-sign"),
    path("plan/<int:pk>/revise/", views.plan_revise, name="plan-revise"),
    path("plan/<int:pk>/complete/", views.plan_complete, name="plan-complete"),
    path("plan/<int:pk>/pdf/", views.plan_pdf, name="plan-pdf"),
    path("plan/<int:pk>/measures/new/", views.measure_create, name="measure-create"),
    path("plan/<int:pk>/milestones/new/", views.milestone_create, name="milestone-create"),
    path("plan/<int:pk>/indicators/new/", views.indicator_create, name="indicator-create"),
    path("plan-revision/<int:pk>/", views.plan_revision, name="plan-revision"),
    path("measure/<int:pk>/edit/", views.measure_edit, name="measure-edit"),
    path("measure/<int:pk>/status/", views.measure_status, name="measure-status"),
    path("milestone/<int:pk>/edit/", views.milestone_edit, name="milestone-edit"),
    path("milestone/<int:pk>/achieve/", views.milestone_achieve, name="milestone-achieve"),
    path("indicator/<int:pk>/edit/", views.indicator_edit, name="indicator-edit"),
]
