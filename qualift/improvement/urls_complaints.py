"""URLs: complaints."""

urlpatterns: list = []
