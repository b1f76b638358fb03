"""URLs: the objectives cascade (tree, objective pages, measurements, computing)."""

from django.urls import path

from qualift.objectives.views import objectives as views

urlpatterns = [
    path("e/<int:enterprise_pk>/objectives/", views.objective_tree, name="objective-tree"),
    path("e/<int:enterprise_pk>/objectives/new/", views.objective_create, name="objective-create"),
    path(
        "e/<int:enterprise_pk>/objectives/compute/",
        views.objectives_compute,
        name="objectives-compute",
    ),
    path("objectives/<int:pk>/", views.objective_detail, name="objective-detail"),
    path("objectives/<int:pk>/edit/", views.objective_edit, name="objective-edit"),
    path("objectives/<int:pk>/measure/", views.objective_measure, name="objective-measure"),
    path("objectives/<int:pk>/compute/", views.objective_compute, name="objective-compute"),
    path(
        "objectives/<int:pk>/deactivate/",
        views.objective_deactivate,
        name="objective-deactivate",
    ),
]
