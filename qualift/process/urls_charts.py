"""Routes of control charts, limits, alarms and the process dashboard (see urls.py)."""

from django.urls import path

from qualift.process.views import alarms, charts, dashboard

urlpatterns = [
    path("e/<int:enterprise_pk>/dashboard/", dashboard.dashboard, name="dashboard"),
    path("e/<int:enterprise_pk>/alarms/", alarms.alarm_list, name="alarm-list"),
    path("parameters/<int:pk>/chart/", charts.parameter_chart, name="parameter-chart"),
    path(
        "parameters/<int:pk>/chart/data/", charts.parameter_chart_data, name="parameter-chart-data"
    ),
    path("parameters/<int:pk>/limits/freeze/", charts.limits_freeze, name="limits-freeze"),
    path("parameters/<int:pk>/capability.pdf", charts.capability_pdf, name="capability-pdf"),
    path("alarms/<int:pk>/", alarms.alarm_detail, name="alarm-detail"),
    path("alarms/<int:pk>/raise-nc/", alarms.alarm_raise_nc, name="alarm-raise-nc"),
    path("alarms/<int:pk>/close/", alarms.alarm_close, name="alarm-close"),
]
