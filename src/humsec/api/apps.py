from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "humsec.api"
    verbose_name = "API"
