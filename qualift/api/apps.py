from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "qualift.api"
    label = "api"
    verbose_name = "API"
