"""The public certificate lookup (no sign-in) at /verify/ (issue 7)."""

from django.urls import path

from qualift.certification.views import public

app_name = "verify"

urlpatterns = [
    path("", public.lookup, name="lookup"),
    path("<str:number>/", public.certificate, name="certificate"),
]
