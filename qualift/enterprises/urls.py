from django.urls import path

from qualift.enterprises import views

app_name = "enterprises"

urlpatterns = [
    path("", views.enterprise_list, name="enterprise-list"),
    path("new/", views.enterprise_create, name="enterprise-create"),
    path("import/", views.enterprise_import, name="enterprise-import"),
    path("export/", views.enterprise_export, name="enterprise-export"),
    path("check-uscc/", views.uscc_check, name="uscc-check"),
    path("<int:pk>/", views.enterprise_detail, name="enterprise-detail"),
    path("<int:pk>/edit/", views.enterprise_edit, name="enterprise-edit"),
    path("<int:pk>/sites/new/", views.site_edit, name="site-create"),
    path("<int:pk>/sites/<int:site_pk>/edit/", views.site_edit, name="site-edit"),
    path("<int:pk>/engagements/new/", views.engagement_create, name="engagement-create"),
    path("engagements/<int:pk>/end/", views.engagement_end, name="engagement-end"),
]
