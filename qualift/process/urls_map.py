"""URLs: the process map, the gauge register and the equipment register."""

from django.urls import path

from qualift.process.views import equipment, gauges
from qualift.process.views import process_map as views

urlpatterns = [
    path("e/<int:enterprise_pk>/map/", views.process_list, name="process-list"),
    path("e/<int:enterprise_pk>/map/new/", views.process_create, name="process-create"),
    path("processes/<int:pk>/", views.process_detail, name="process-detail"),
    path("processes/<int:pk>/edit/", views.process_edit, name="process-edit"),
    path(
        "processes/<int:pk>/points/new/",
        views.control_point_create,
        name="control-point-create",
    ),
    path("points/<int:pk>/edit/", views.control_point_edit, name="control-point-edit"),
    path("points/<int:pk>/parameters/new/", views.parameter_create, name="parameter-create"),
    path("parameters/<int:pk>/", views.parameter_detail, name="parameter-detail"),
    path("parameters/<int:pk>/edit/", views.parameter_edit, name="parameter-edit"),
    path("e/<int:enterprise_pk>/gauges/", gauges.gauge_list, name="gauge-list"),
    path("e/<int:enterprise_pk>/gauges/new/", gauges.gauge_create, name="gauge-create"),
    path("gauges/<int:pk>/edit/", gauges.gauge_edit, name="gauge-edit"),
    path("gauges/<int:pk>/calibrate/", gauges.gauge_calibrate, name="gauge-calibrate"),
    path("e/<int:enterprise_pk>/equipment/", equipment.equipment_list, name="equipment-list"),
    path(
        "e/<int:enterprise_pk>/equipment/new/",
        equipment.equipment_create,
        name="equipment-create",
    ),
    path("equipment/<int:pk>/edit/", equipment.equipment_edit, name="equipment-edit"),
    path(
        "equipment/<int:pk>/maintained/",
        equipment.equipment_maintained,
        name="equipment-maintained",
    ),
]
