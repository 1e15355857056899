from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RowSecurityConfig(AppConfig):
    name = "heard.row_security"
    label = "row_security"
    verbose_name = _("Row-level security")
