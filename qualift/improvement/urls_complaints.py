"""URLs: customer complaints."""

from django.urls import path

from qualift.improvement.views import complaints as views

urlpatterns = [
    path("e/<int:enterprise_pk>/complaints/", views.complaint_list, name="complaint-list"),
    path("e/<int:enterprise_pk>/complaints/new/", views.complaint_create, name="complaint-create"),
    path("complaints/<int:pk>/", views.complaint_detail, name="complaint-detail"),
    path("complaints/<int:pk>/edit/", views.complaint_edit, name="complaint-edit"),
    path("complaints/<int:pk>/respond/", views.complaint_respond, name="complaint-respond"),
    path("complaints/<int:pk>/close/", views.complaint_close, name="complaint-close"),
    path("complaints/<int:pk>/raise-nc/", views.complaint_raise_nc, name="complaint-raise-nc"),
]
