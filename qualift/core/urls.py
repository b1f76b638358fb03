from django.urls import path

from qualift.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("audit-trail/", views.audit_list, name="audit-list"),
    path("healthz", views.healthz, name="healthz"),
]
