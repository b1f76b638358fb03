"""URLs: industry-common problems and the program exports (issue 6 §3, §6)."""

from django.urls import path

from qualift.assistance.views import common, exports

urlpatterns: list = [
    path("program/<int:pk>/common/", common.common_list, name="common-list"),
    path("program/<int:pk>/common/new/", common.common_create, name="common-create"),
    path("common/<int:pk>/", common.common_detail, name="common-detail"),
    path("common/<int:pk>/attach/", common.common_attach, name="common-attach"),
    path("program/<int:pk>/export.xlsx", exports.program_export, name="program-export"),
    path("program/<int:pk>/assisted/", exports.assisted_list, name="assisted-list"),
]
