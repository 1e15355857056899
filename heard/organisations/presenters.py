from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from heard.core import local_authorities

from .models import Service


class ServicePresenter:
    def __init__(self, service: Service):
        self.service = service

    def __getattr__(self, name):
        return getattr(self.service, name)

    @property
    def advocacy_types_display(self) -> str:
        return ", ".join(self.service.get_advocacy_types_display())

    @property
    def areas_display(self) -> str:
        names = []
        for code in self.service.local_authority_areas:
            authority = local_authorities.by_code(code)
            names.append(authority.local_name if authority else code)
        return ", ".join(names) or _("Not set")

    @property
    def period_display(self) -> str:
        start, end = self.service.start_date, self.service.end_date
        if not start and not end:
            return _("Not set")
        fmt = "j M Y"
        begins = date_format(start, fmt) if start else "…"
        ends = date_format(end, fmt) if end else "ongoing"
        return f"{begins} to {ends}"
