"""URLs: nonconformities."""

urlpatterns: list = []
