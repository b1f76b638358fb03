"""Routes: filled in by the feature (see urls.py)."""

urlpatterns: list = []
