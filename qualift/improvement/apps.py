from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImprovementConfig(AppConfig):
    name = "qualift.improvement"
    label = "improvement"
    verbose_name = _("Nonconformities and improvement")
