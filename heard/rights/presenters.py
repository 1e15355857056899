"""Labels, tags and deadline wording for subject access requests."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import ExportState, SarStatus, SubjectAccessRequest


class SarPresenter:
    def __init__(self, sar: SubjectAccessRequest, today: dt.date):
        self.sar = sar
        self.today = today

    def __getattr__(self, name):
        return getattr(self.sar, name)

    @property
    def person_label(self) -> str:
        person = self.sar.person
        return f"{person.display_name} ({person.reference})" if person else self.person_reference

    @property
    def status_tag(self) -> tuple[str, str]:
        sar = self.sar
        if sar.status == SarStatus.COMPLETED:
            return _("Answered"), "green"
        if self.today > sar.due_on:
            return _("Overdue"), "red"
        if sar.status == SarStatus.AWAITING_IDENTITY:
            return _("Waiting for identity check"), "yellow"
        return _("In progress"), "blue"

    @property
    def deadline_text(self) -> str:
        sar = self.sar
        if sar.status == SarStatus.COMPLETED:
            return _("Answered on %(date)s") % {"date": sar.completed_on.strftime("%-d %B %Y")}
        days = (sar.due_on - self.today).days
        if days < 0:
            return ngettext("%(n)s day overdue", "%(n)s days overdue", -days) % {"n": -days}
        if days == 0:
            return _("Due today")
        return ngettext("Due in %(n)s day", "Due in %(n)s days", days) % {"n": days}

    @property
    def is_building(self) -> bool:
        return self.sar.export_state in (ExportState.QUEUED, ExportState.BUILDING)

    @property
    def is_ready(self) -> bool:
        return self.sar.export_state == ExportState.READY

    @property
    def is_failed(self) -> bool:
        return self.sar.export_state == ExportState.FAILED
