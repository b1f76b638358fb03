"""Management review and leadership commitment routes (see urls.py)."""

from django.urls import path

from qualift.objectives.views import reviews as views

urlpatterns = [
    path("e/<int:enterprise_pk>/reviews/", views.review_list, name="review-list"),
    path("e/<int:enterprise_pk>/reviews/new/", views.review_create, name="review-create"),
    path("reviews/<int:pk>/", views.review_detail, name="review-detail"),
    path("reviews/<int:pk>/edit/", views.review_edit, name="review-edit"),
    path("reviews/<int:pk>/pack/", views.review_pack, name="review-pack"),
    path("reviews/<int:pk>/outcome/", views.review_outcome, name="review-outcome"),
    path("reviews/<int:pk>/close/", views.review_close, name="review-close"),
    path("reviews/<int:pk>/outputs/new/", views.review_output_create, name="review-output-create"),
    path("reviews/<int:pk>/pdf/", views.review_pdf, name="review-pdf"),
    path("e/<int:enterprise_pk>/commitments/", views.commitment_list, name="commitment-list"),
    path(
        "e/<int:enterprise_pk>/commitments/new/",
        views.commitment_create,
        name="commitment-create",
    ),
    path("commitments/<int:pk>/edit/", views.commitment_edit, name="commitment-edit"),
]
