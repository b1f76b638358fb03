"""URLs: the organisation (org chart, departments, positions, employees)."""

from django.urls import path

from qualift.objectives.views import org as views

urlpatterns = [
    path("e/<int:enterprise_pk>/org/", views.org_chart, name="org-chart"),
    path("e/<int:enterprise_pk>/org/template/", views.org_template, name="org-template"),
    path("e/<int:enterprise_pk>/departments/", views.department_list, name="department-list"),
    path(
        "e/<int:enterprise_pk>/departments/new/",
        views.department_create,
        name="department-create",
    ),
    path("departments/<int:pk>/edit/", views.department_edit, name="department-edit"),
    path("e/<int:enterprise_pk>/positions/", views.position_list, name="position-list"),
    path("e/<int:enterprise_pk>/positions/new/", views.position_create, name="position-create"),
    path("positions/<int:pk>/", views.position_detail, name="position-detail"),
    path("positions/<int:pk>/edit/", views.position_edit, name="position-edit"),
    path("e/<int:enterprise_pk>/employees/", views.employee_list, name="employee-list"),
    path("e/<int:enterprise_pk>/employees/new/", views.employee_create, name="employee-create"),
    path("e/<int:enterprise_pk>/employees/import/", views.employee_import, name="employee-import"),
    path("employees/<int:pk>/edit/", views.employee_edit, name="employee-edit"),
]
