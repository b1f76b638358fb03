"""URLs: nonconformities and their root cause analysis."""

from django.urls import path

from qualift.improvement.views import nonconformities as views

urlpatterns = [
    path("e/<int:enterprise_pk>/nonconformities/", views.nc_list, name="nc-list"),
    path("e/<int:enterprise_pk>/nonconformities/new/", views.nc_create, name="nc-create"),
    path("e/<int:enterprise_pk>/nonconformities/export/", views.nc_export, name="nc-export"),
    path("nonconformities/<int:pk>/", views.nc_detail, name="nc-detail"),
    path("nonconformities/<int:pk>/edit/", views.nc_edit, name="nc-edit"),
    path("nonconformities/<int:pk>/move/", views.nc_transition, name="nc-transition"),
    path("nonconformities/<int:pk>/verify/", views.nc_verify, name="nc-verify"),
    path("nonconformities/<int:pk>/close/", views.nc_close, name="nc-close"),
    path("nonconformities/<int:pk>/cancel/", views.nc_cancel, name="nc-cancel"),
    path("nonconformities/<int:pk>/whys/", views.why_add, name="why-add"),
    path("nonconformities/<int:pk>/causes/", views.cause_add, name="cause-add"),
    path(
        "nonconformities/<int:pk>/<str:kind>/<int:item_pk>/root/", views.root_mark, name="root-mark"
    ),
    path(
        "nonconformities/<int:pk>/<str:kind>/<int:item_pk>/delete/",
        views.analysis_delete,
        name="analysis-delete",
    ),
]
