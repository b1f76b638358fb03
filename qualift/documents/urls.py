"""Document control: /documents/…"""

app_name = "documents"

urlpatterns: list = []
