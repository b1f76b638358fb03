"""Routes of this feature (see urls.py)."""

urlpatterns: list = []
