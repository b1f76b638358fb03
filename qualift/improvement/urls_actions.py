"""URLs: actions."""

urlpatterns: list = []
