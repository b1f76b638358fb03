"""URLs: internal_audits."""

urlpatterns: list = []
