"""Display shaping for safeguarding concerns: flags, tags, dates and summary rows."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from heard.casework.access import RESTRICTED_LABEL
from heard.challenges.presenters import day
from heard.core.text import plural
from heard.core.working_days import working_days_between

from .flags import acknowledgement_due, is_overdue
from .models import SafeguardingConcern


class ConcernRow:
    """One concern in a list or panel. Content only when its case (if any) may be opened."""

    def __init__(self, concern: SafeguardingConcern, *, today: dt.date, days: int):
        self.concern = concern
        self.today = today
        self.days = days
        self.can_open = bool(getattr(concern, "can_open", True))

    @property
    def pk(self) -> int:
        return self.concern.pk

    @property
    def about(self) -> str:
        """Who the concern is about: the case and person, or the organisation."""
        c = self.concern
        if c.case_id:
            person = c.case.person.display_name if self.can_open else RESTRICTED_LABEL
            return f"{c.case.reference}: {person}"
        return c.about_organisation

    @property
    def abuse_types_display(self) -> str:
        return ", ".join(self.concern.abuse_type_labels)

    @property
    def raised_to(self) -> str:
        return self.concern.raised_to_label

    @property
    def raised_display(self) -> str:
        return day(self.concern.raised_on)

    @property
    def acknowledgement_due_on(self) -> dt.date:
        return acknowledgement_due(self.concern.raised_on, self.days)

    @property
    def flagged(self) -> bool:
        c = self.concern
        return c.is_awaiting_acknowledgement and is_overdue(
            c.raised_on, today=self.today, days=self.days
        )

    @property
    def waited(self) -> str:
        """'4 working days without acknowledgement' for a concern still awaiting it."""
        if not self.concern.is_awaiting_acknowledgement:
            return ""
        waited = working_days_between(self.concern.raised_on, self.today)
        return plural(
            waited,
            "%(count)s working day without acknowledgement",
            "%(count)s working days without acknowledgement",
        )

    @property
    def chase_due(self) -> bool:
        c = self.concern
        return not c.outcome and c.chase_on is not None and c.chase_on <= self.today

    @property
    def tag(self) -> tuple[str, str]:
        c = self.concern
        if c.outcome:
            return _("Outcome recorded"), "green"
        if self.flagged:
            return _("Not acknowledged"), "red"
        if c.is_awaiting_acknowledgement:
            return _("Awaiting acknowledgement"), "yellow"
        return _("Awaiting outcome"), "blue"


class ConcernPage(ConcernRow):
    def __init__(self, concern: SafeguardingConcern, *, today: dt.date, days: int):
        super().__init__(concern, today=today, days=days)
        self.can_open = True  # reached only through get_case_or_404 when it has a case

    @property
    def title(self) -> str:
        return _("Safeguarding concern raised %(day)s") % {"day": day(self.concern.raised_on)}

    @property
    def rows(self) -> list[tuple[str, str]]:
        c = self.concern
        rows = []
        if c.case_id:
            rows.append((_("Case"), self.about))
        if c.about_organisation:
            rows.append((_("About"), c.about_organisation))
        rows += [
            (_("Type of abuse or neglect"), self.abuse_types_display),
            (_("The concern"), c.summary),
            (_("Raised with"), self.raised_to),
            (_("Raised"), f"{day(c.raised_on)} by {c.raised_by}"),
            (_("Their reference"), c.their_reference or _("Not recorded")),
        ]
        if c.acknowledged_on:
            rows.append((_("Acknowledged"), day(c.acknowledged_on)))
        elif c.outcome:
            rows.append((_("Acknowledged"), _("Not recorded")))
        else:
            due = day(self.acknowledgement_due_on)
            rows.append(
                (
                    _("Acknowledged"),
                    _("Not yet: %(waited)s. Due by %(due)s") % {"waited": self.waited, "due": due},
                )
            )
        if not c.outcome:
            rows.append((_("Chase on"), day(c.chase_on, _("No date set"))))
        if c.outcome:
            rows.append((_("Outcome"), f"{c.outcome_label} ({day(c.outcome_on)})"))
            if c.outcome_note:
                rows.append((_("About the outcome"), c.outcome_note))
        if c.signed_off_at:
            signed = timezone.localtime(c.signed_off_at).date()
            rows.append((_("Signed off"), f"{day(signed)} by {c.signed_off_by}"))
            if c.sign_off_note:
                rows.append((_("Sign-off note"), c.sign_off_note))
        else:
            rows.append((_("Signed off"), _("Not yet signed off by a manager")))
        return rows
