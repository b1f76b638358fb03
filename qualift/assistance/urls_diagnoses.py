"""URLs: assistance — diagnoses (issue 6 §1)."""

from django.urls import path

from qualift.assistance.views import diagnoses as views

urlpatterns = [
    path("entry/<int:pk>/diagnoses/new/", views.diagnosis_create, name="diagnosis-create"),
    path("diagnoses/<int:pk>/", views.diagnosis_detail, name="diagnosis-detail"),
    path("diagnoses/<int:pk>/edit/", views.diagnosis_edit, name="diagnosis-edit"),
    path("diagnoses/<int:pk>/photo/", views.diagnosis_photo, name="diagnosis-photo"),
    path("diagnoses/<int:pk>/complete/", views.diagnosis_complete, name="diagnosis-complete"),
]
