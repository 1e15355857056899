"""Display shaping for the case list, the case page and allocation: labels, tags, rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from heard.casework.access import RESTRICTED_LABEL
from heard.casework.instruction import REASONS as NON_INSTRUCTED_REASONS
from heard.casework.models import (
    Case,
    CaseStatus,
    ClosureReason,
    Instruction,
    InstructionChange,
    NonInstructedApproach,
    PreAllocationClosureReason,
    Status,
)
from heard.casework.services.mha import HOUR_BASED
from heard.core import language, nations
from heard.core.advocacy_types import AdvocacyType, Nation
from heard.core.dates import long_date, long_datetime, short_date
from heard.core.paths import IdPaths
from heard.core.text import plural
from heard.core.working_days import working_days_between

NOT_RECORDED = _("Not recorded")
STATUS_COLOURS = {
    Status.WAITING: "light-blue",
    Status.ALLOCATED: "blue",
    Status.ACTIVE: "green",
    Status.ON_HOLD: "yellow",
    Status.CLOSED: "grey",
}


def case_paths() -> IdPaths:
    """The case page's path for any case id, reversed once (for a page of rows)."""
    return IdPaths("casework:case_detail", "case_id")


class CaseLinks:
    """The case page's and the person page's paths for any row, each reversed once a page."""

    def __init__(self):
        self.case = case_paths()
        self.person = IdPaths("people:detail", "person_id")


def status_colour(status: str) -> str:
    return STATUS_COLOURS.get(status, "grey")


def _day(value: dt.date | None) -> str:
    return long_date(value) if value else NOT_RECORDED


def _when(value: dt.datetime) -> str:
    return long_datetime(value)


def staff_name(membership) -> str:
    if membership is None:
        return ""
    return membership.user.full_name or membership.user.email


def weight_display(value: Decimal) -> str:
    """``12.50`` → ``12.5``, ``3.00`` → ``3``."""
    return format(Decimal(value).normalize(), "f")


class CaseRowPresenter:
    """One row of the case list; a restricted case the user cannot open is a placeholder.

    ``case_path`` is a page's ``case_paths()``, so the page reverses the case URL once.
    """

    def __init__(self, case: Case, case_path: IdPaths | None = None):
        self.case = case
        self.can_open = bool(getattr(case, "can_open", False))
        self.case_path = case_path

    @property
    def reference(self) -> str:
        return self.case.reference

    @property
    def url(self) -> str:
        return (self.case_path or case_paths())(self.case.pk)

    @property
    def person_label(self) -> str:
        """Restriction belongs to the person (ADR-0008): hidden here too when they are on
        another restricted case this member may not open."""
        shows = self.can_open and not getattr(self.case, "person_hidden", False)
        return self.case.person.display_name if shows else RESTRICTED_LABEL

    @property
    def status_label(self) -> str:
        return self.case.get_status_display()

    @property
    def status_colour(self) -> str:
        return status_colour(self.case.status)

    @property
    def type_label(self) -> str:
        return self.case.get_advocacy_type_display()

    @property
    def service_name(self) -> str:
        return self.case.service.name if self.can_open else ""

    @property
    def advocate_name(self) -> str:
        if not self.can_open:
            return ""
        return staff_name(self.case.allocated_to) or gettext("Not allocated")

    @property
    def received_display(self) -> str:
        return short_date(self.case.received_on) if self.can_open else ""


class StatusRowPresenter:
    """One step of the status history, in words."""

    def __init__(self, row: CaseStatus):
        self.row = row

    @property
    def changed_at(self) -> dt.datetime:
        return self.row.changed_at

    @property
    def status_label(self) -> str:
        return self.row.get_status_display()

    @property
    def status_colour(self) -> str:
        return status_colour(self.row.status)

    @property
    def headline(self) -> str:
        row, name = self.row, staff_name(self.row.advocate)
        if row.status == Status.WAITING:
            if row.previous_status == Status.ALLOCATED:
                return (
                    _("Returned to the waiting list from %(name)s") % {"name": name}
                    if name
                    else _("Deallocated")
                )
            return _("Opened on the waiting list")
        if row.reason == "reallocated" and row.status in (Status.ACTIVE, Status.ON_HOLD):
            return _("Reallocated to %(name)s") % {"name": name}
        if row.status == Status.ALLOCATED:
            verb = _("Reallocated") if row.previous_status == Status.ALLOCATED else _("Allocated")
            return f"{verb} to {name}"
        if row.status == Status.ACTIVE:
            return {
                Status.ALLOCATED: "First contact with the person: case active",
                Status.ON_HOLD: "Resumed",
                Status.CLOSED: "Reopened",
            }.get(row.previous_status, "Active")
        if row.status == Status.ON_HOLD:
            return _("Put on hold, to review by %(day)s") % {"day": _day(row.review_date)}
        if row.status == Status.CLOSED:
            return _("Closed: %(closure_reason_label)s") % {
                "closure_reason_label": self.closure_reason_label
            }
        return self.status_label

    @property
    def closure_reason_label(self) -> str:
        choices = (
            PreAllocationClosureReason
            if self.row.previous_status == Status.WAITING
            else ClosureReason
        )
        labels = dict(choices.choices)
        label = labels.get(self.row.reason, self.row.reason)
        if self.row.previous_status == Status.WAITING:
            return _("before allocation, %(value)s") % {"value": label.lower()}
        return label.lower()

    @property
    def by_line(self) -> str:
        who = self.row.changed_by.full_name if self.row.changed_by else "Heard"
        return f"{_when(self.row.changed_at)}, by {who}"

    @property
    def note(self) -> str:
        return self.row.note

    @property
    def override(self) -> str:
        return self.row.conflict_override_reason


def approaches_label(codes: list[str]) -> str:
    labels = dict(NonInstructedApproach.choices)
    return ", ".join(str(labels.get(code, code)) for code in codes)


class InstructionRowPresenter:
    """One change of instructed or non-instructed (and the approaches) in the case's history."""

    def __init__(self, row: InstructionChange):
        self.row = row

    @property
    def changed_at(self) -> dt.datetime:
        return self.row.changed_at

    @property
    def status_label(self) -> str:
        return self.row.get_instruction_display()

    @property
    def status_colour(self) -> str:
        return "purple"

    @property
    def headline(self) -> str:
        row = self.row
        if not row.previous_instruction:
            return gettext("Opened as non-instructed")
        if row.previous_instruction != row.instruction:
            return gettext("Changed to %(instruction)s") % {
                "instruction": row.get_instruction_display().lower()
            }
        return gettext("Non-instructed approaches changed")

    @property
    def by_line(self) -> str:
        who = self.row.changed_by.full_name if self.row.changed_by else "Heard"
        return f"{_when(self.row.changed_at)}, by {who}"

    @property
    def note(self) -> str:
        row = self.row
        if not row.previous_instruction:
            reason = NON_INSTRUCTED_REASONS.get(row.reason)
            if reason is None:
                return gettext("The advocate chooses the approach.")
            return gettext("Because %(reason)s. The advocate chooses the approach.") % {
                "reason": reason
            }
        if row.instruction == Instruction.NON_INSTRUCTED:
            before = approaches_label(row.previous_approaches) or gettext("none chosen")
            after = approaches_label(row.approaches) or gettext("none chosen")
            return gettext("Approaches: %(after)s (before: %(before)s)") % {
                "after": after,
                "before": before,
            }
        return ""

    @property
    def override(self) -> str:
        return ""


@dataclass(frozen=True)
class Action:
    label: str
    url: str
    secondary: bool = True


class ReferralOnCase:
    """The referral that opened a case, as the advocate needs it: the situation in the
    referrer's words, urgency, risks and access, communication, and who to call back."""

    def __init__(self, referral, *, organisation=None):
        from heard.referrals.presenters.triage import ReferralPresenter

        self.referral = referral
        # The case's organisation is the referral's: passing it saves loading it again.
        self._shown = ReferralPresenter(referral, organisation=organisation)

    @property
    def reference(self) -> str:
        return self.referral.reference

    @property
    def url(self) -> str:
        return reverse("referrals:detail", kwargs={"referral_id": self.referral.pk})

    @property
    def risks(self) -> str:
        return self.referral.risks.strip()

    @property
    def urgent_reason(self) -> str:
        return self.referral.urgent_reason.strip()

    @property
    def situation(self) -> str:
        return self.referral.situation.strip()

    @property
    def communication_needs(self) -> str:
        return self._shown.communication_needs_display

    def referrer(self) -> str:
        r = self.referral
        if not r.referrer_name:
            return gettext("The person referred themselves")
        about = ", ".join(
            part
            for part in [r.referrer_role, r.referrer_organisation, r.referrer_relationship]
            if part
        )
        return f"{r.referrer_name} ({about})" if about else r.referrer_name

    def referrer_contact(self) -> str:
        r = self.referral
        return "\n".join(part for part in [r.referrer_phone, r.referrer_email] if part)

    def rows(self) -> list[tuple[str, str]]:
        r = self.referral
        not_given = gettext("Not given")
        rows = [
            (gettext("What is happening, in the referrer's words"), self.situation or not_given),
        ]
        if self.urgent_reason or r.is_urgent:
            rows.append(
                (gettext("Why it is urgent"), self.urgent_reason or gettext("Marked urgent"))
            )
        rows += [
            (gettext("Communication needs"), self.communication_needs),
            (
                gettext("Best way to contact them"),
                r.get_contact_preference_display() or not_given,
            ),
        ]
        if r.helper_name:
            helper = f"{r.helper_name}, {r.helper_contact}" if r.helper_contact else r.helper_name
            rows.append((gettext("Someone helping them"), helper))
        rows += [
            (gettext("Referred by"), self.referrer()),
            (gettext("How to reach the referrer"), self.referrer_contact() or not_given),
        ]
        return rows


class IssueOutcomeRowPresenter:
    """An issue's outcome in the case's history: the outcome and whether the person felt
    listened to, with what they said. Built from the issues the page already shows."""

    def __init__(self, issue, *, number: int):
        self.issue = issue  # an IssuePresenter
        self.number = number

    @property
    def changed_at(self) -> dt.datetime:
        return self.issue.outcome_recorded_at

    @property
    def status_label(self) -> str:
        return gettext("Outcome")

    @property
    def status_colour(self) -> str:
        return self.issue.outcome_tag[1]

    @property
    def headline(self) -> str:
        return gettext("Outcome of issue %(number)s: %(outcome)s") % {
            "number": self.number,
            "outcome": self.issue.outcome_tag[0],
        }

    @property
    def by_line(self) -> str:
        return _when(self.changed_at)

    @property
    def note(self) -> str:
        lines = []
        if self.issue.felt_listened_to:
            lines.append(
                gettext("Felt listened to: %(answer)s") % {"answer": self.issue.felt_listened_to}
            )
        if self.issue.outcome_in_their_words:
            lines.append(
                gettext("In their words: %(words)s") % {"words": self.issue.outcome_in_their_words}
            )
        return "\n".join(lines)

    override = ""


class CasePresenter:
    """The case page: summary rows, facts, history and the actions open to this user."""

    def __init__(
        self, case: Case, *, today: dt.date, can_allocate: bool, can_work: bool, issues=()
    ):
        self.case = case
        self.today = today
        self.can_allocate = can_allocate
        self.can_work = can_work
        self.issues = issues  # the page's IssuePresenters, for their outcomes in the history

    def __getattr__(self, name):
        return getattr(self.case, name)

    @cached_property
    def nation(self) -> str:
        """Whose law the case works under (where the person is, else the service's)."""
        return nations.nation_for(self.case)

    @property
    def status_colour(self) -> str:
        return status_colour(self.case.status)

    @property
    def advocate_name(self) -> str:
        return staff_name(self.case.allocated_to) or gettext("Not allocated")

    @property
    def history(
        self,
    ) -> list[StatusRowPresenter | InstructionRowPresenter | IssueOutcomeRowPresenter]:
        """Status changes, instruction changes and issue outcomes together, newest first."""
        rows = [StatusRowPresenter(row) for row in self.case.history]
        rows += [
            InstructionRowPresenter(row) for row in getattr(self.case, "instruction_history", [])
        ]
        rows += [
            IssueOutcomeRowPresenter(issue, number=number)
            for number, issue in enumerate(self.issues, start=1)
            if issue.has_outcome and issue.outcome_recorded_at and not issue.is_entered_in_error
        ]
        return sorted(rows, key=lambda row: row.changed_at, reverse=True)

    @property
    def closed_on(self) -> dt.date | None:
        if self.case.status != Status.CLOSED or self.case.status_changed_at is None:
            return None
        return timezone.localdate(self.case.status_changed_at)

    @property
    def working_days_display(self) -> str:
        end = self.closed_on or self.today
        days = working_days_between(self.case.received_on, end)
        text = plural(days, "%(count)s working day", "%(count)s working days")
        if self.closed_on:
            return _("%(text)s from referral to closing") % {"text": text}
        return _("%(text)s since the referral was received") % {"text": text}

    @property
    def approaches_display(self) -> str:
        return approaches_label(self.case.non_instructed_approaches) or gettext(
            "Not chosen yet: the advocate chooses the approach (change how the advocacy is done)"
        )

    @property
    def restricted_managers_display(self) -> str:
        names = sorted(staff_name(m) for m in self.case.restricted_managers.all())
        return ", ".join(names) or _("No managers named")

    def summary_rows(self) -> list[tuple[str, str]]:
        c = self.case
        rows = [
            (_("Service"), c.service.name),
            (_("Type of advocacy"), c.get_advocacy_type_display()),
            (_("Priority"), c.get_priority_display()),
            (_("Advocate"), self.advocate_name),
            (_("Referral received"), _day(c.received_on)),
            (_("Time"), self.working_days_display),
            (_("Instruction"), c.get_instruction_display()),
        ]
        if c.instruction == Instruction.NON_INSTRUCTED:
            rows.append((_("Approaches used"), self.approaches_display))
        if c.is_restricted:
            rows.append(
                (
                    _("Restricted"),
                    _("Yes: opens only for its advocate and %(restricted_managers_display)s")
                    % {"restricted_managers_display": self.restricted_managers_display},
                )
            )
        return rows

    def fact_rows(self) -> list[tuple[str, str]]:
        c = self.case
        return [
            (_("DoLS authorisation"), c.get_dols_authorisation_display() or _("None recorded")),
            (_("DoLS authorisation given"), _day(c.dols_authorised_on)),
            (_("DoLS authorisation ends"), _day(c.dols_expires_on)),
            (_("Decision date"), _day(c.decision_date)),
            (nations.term("care.review", self.nation), _day(c.care_act_review_on)),
        ]

    @cached_property
    def from_referral(self) -> ReferralOnCase | None:
        """What the referrer told us, carried onto the case (None for a case with no referral)."""
        case = self.case
        if case.referral is None:
            return None
        # Loaded with the case (``case_detail``): its organisation is the referral's too.
        loaded = type(case).organisation.is_cached(case)
        return ReferralOnCase(case.referral, organisation=case.organisation if loaded else None)

    @property
    def language_display(self) -> str:
        """The person's language (Welsh, English or both), or "" when not recorded."""
        return self.case.person.get_language_preference_display()

    @property
    def wants_welsh(self) -> bool:
        return language.speaks_welsh(self.case.person.language_preference)

    @property
    def communication_display(self) -> str:
        """The person's communication needs and how they like to be contacted."""
        person = self.case.person
        parts = list(person.communication_needs)
        if person.language_preference:
            parts.insert(0, person.get_language_preference_display())
        if person.preferred_contact_method:
            parts.append(
                gettext("prefers contact by %(method)s")
                % {"method": person.get_preferred_contact_method_display().lower()}
            )
        return ", ".join(parts) or gettext("None recorded")

    @property
    def involved_display(self) -> str:
        """Who else is involved, as far as the referral says: the referrer and any helper."""
        referral = self.from_referral
        if referral is None:
            return gettext("None recorded")
        lines = [referral.referrer()]
        if referral.referral.helper_name:
            lines.append(
                gettext("Helping the person: %(name)s") % {"name": referral.referral.helper_name}
            )
        return "\n".join(lines)

    @property
    def shows_mental_health_act(self) -> bool:
        return self.case.advocacy_type == AdvocacyType.IMHA

    def mha_rows(self) -> list[tuple[str, str]]:
        """The Mental Health Act facts: the hour-based sections show the time they began."""
        c = self.case
        began = ""
        if c.mha_status_began_at:
            local = timezone.localtime(c.mha_status_began_at)
            began = date_format(local, "j F Y")
            if c.mha_status in HOUR_BASED:
                began = f"{began}, {local:%H:%M}"
        hearing = gettext("None arranged")
        if c.mha_hearing_on:
            hearing = f"{c.get_mha_hearing_kind_display()}: {_day(c.mha_hearing_on)}"
        rows = [
            (gettext("Status"), c.get_mha_status_display() or gettext("Not recorded")),
            (gettext("Began"), began or gettext("Not recorded")),
            (
                gettext("Where the hospital is"),
                gettext(c.get_nation_display())
                if c.nation
                else gettext("%(nation)s (where the service works)")
                % {"nation": gettext(Nation(self.nation).label)},
            ),
            (gettext("Tribunal"), nations.term("tribunal.mental_health", self.nation)),
        ]
        if c.mha_detention_extended:
            rows.append((gettext("Extended"), gettext("By 12 hours (section 136B)")))
        rows.append((gettext("Next hearing"), hearing))
        return rows

    @property
    def reopen_window_ends(self) -> dt.date | None:
        if self.closed_on is None:
            return None
        return self.closed_on + dt.timedelta(days=self.case.service.reopen_window_days)

    @property
    def can_reopen(self) -> bool:
        ends = self.reopen_window_ends
        return ends is not None and self.today <= ends and self.case.allocated_to_id is not None

    @property
    def status_hint(self) -> str:
        """What happens next, in a sentence, for the status the case is in."""
        c = self.case
        if c.status == Status.WAITING:
            return _("Waiting for an advocate to be allocated.")
        if c.status == Status.ALLOCATED:
            return _(
                "The case becomes active when first contact with the person is recorded as an activity."
            )
        if c.status == Status.ON_HOLD:
            review = next((r.review_date for r in c.history if r.status == Status.ON_HOLD), None)
            return _("On hold: review by %(day)s.") % {"day": _day(review)}
        if c.status == Status.CLOSED:
            if self.can_reopen:
                return _("It can be reopened until %(day)s.") % {
                    "day": _day(self.reopen_window_ends)
                }
            if self.reopen_window_ends and c.allocated_to_id:
                return _(
                    "The reopening window ended on %(day)s: if the person needs advocacy again, open a new case."
                ) % {"day": _day(self.reopen_window_ends)}
            return _("If the person needs advocacy again, open a new case.")
        return ""

    def actions(self) -> list[Action]:
        c = self.case

        def url(name):
            return reverse(f"casework:{name}", kwargs={"case_id": c.pk})

        actions = []
        if c.status == Status.WAITING and self.can_allocate:
            actions += [
                Action(_("Allocate an advocate"), url("case_allocate"), secondary=False),
                Action(_("Close before allocation"), url("case_close")),
            ]
        elif c.status == Status.ALLOCATED and self.can_allocate:
            actions += [
                Action(_("Reallocate"), url("case_allocate")),
                Action(_("Return to the waiting list"), url("case_deallocate")),
            ]
        elif c.status == Status.ACTIVE and (self.can_work or self.can_allocate):
            if self.can_work:
                actions += [
                    Action(_("Put on hold"), url("case_hold")),
                    Action(_("Close case"), url("case_close")),
                ]
            if self.can_allocate:
                actions.append(Action(_("Reallocate"), url("case_allocate")))
        elif c.status == Status.ON_HOLD and (self.can_work or self.can_allocate):
            if self.can_work:
                actions += [
                    Action(_("Resume"), url("case_resume"), secondary=False),
                    Action(_("Close case"), url("case_close")),
                ]
            if self.can_allocate:
                actions.append(Action(_("Reallocate"), url("case_allocate")))
        elif c.status == Status.CLOSED and self.can_work and self.can_reopen:
            actions.append(Action(_("Reopen"), url("case_reopen")))
        return actions


class CandidateChoice:
    """A radio option on the allocation page: the name, caseload against capacity and tags."""

    def __init__(self, candidate, *, wants_welsh: bool = False):
        self.candidate = candidate
        self.wants_welsh = wants_welsh

    def __str__(self) -> str:
        return self.candidate.name

    @property
    def name(self) -> str:
        return self.candidate.name

    @property
    def caseload_display(self) -> str:
        c = self.candidate
        return _("%(weight_display)s of %(weight_display2)s weighted cases") % {
            "weight_display": weight_display(c.caseload),
            "weight_display2": weight_display(c.capacity),
        }

    @property
    def after_display(self) -> str:
        return _("%(weight_display)s with this case") % {
            "weight_display": weight_display(self.candidate.caseload_after)
        }

    @property
    def tags(self) -> list[tuple[str, str]]:
        tags = []
        if self.candidate.over_capacity:
            tags.append((_("Over capacity"), "orange"))
        if self.candidate.has_conflict:
            tags.append((_("Conflict declared"), "red"))
        elif self.candidate.warnings:
            tags.append((_("Provider conflict to check"), "yellow"))
        if self.candidate.not_ready:
            tags.append((gettext("Not signed off or qualified for this type"), "red"))
        if self.candidate.membership.speaks_welsh:
            tags.append((gettext("Speaks Welsh"), "turquoise"))
        elif self.wants_welsh:
            tags.append((gettext("Does not speak Welsh"), "orange"))
        return tags

    @property
    def conflict_lines(self) -> list[str]:
        lines = [match.explanation for match in self.candidate.conflicts]
        return lines + [
            gettext("Not ready: %(why)s") % {"why": why} for why in self.candidate.not_ready
        ]


def transition_summary(case: Case) -> list[tuple[str, str]]:
    """The few facts shown above a small status form (allocate, hold, close...)."""
    return [
        (_("Person"), case.person.display_name),
        (_("Service"), case.service.name),
        (_("Type of advocacy"), case.get_advocacy_type_display()),
        (_("Status"), case.get_status_display()),
        (_("Advocate"), staff_name(case.allocated_to) or gettext("Not allocated")),
    ]


class CaseLabel:
    """A case as a row shows it: the person's name only when the viewer may open the case and
    the person is not on another restricted case closed to them (``person_hidden``)."""

    def __init__(
        self,
        case: Case,
        *,
        can_open: bool,
        person_hidden: bool = False,
        links: CaseLinks | None = None,
    ):
        self.case = case
        self.can_open = can_open
        self.shows_person = can_open and not person_hidden
        self.links = links

    @property
    def case_url(self) -> str:
        """The case page's path (a row with ``links``): its ``{% url %}`` without the resolver."""
        return self.links.case(self.case.pk)

    @property
    def person_url(self) -> str:
        """The person page's path, only when the row shows the person."""
        return self.links.person(self.case.person_id) if self.shows_person else ""

    @property
    def reference(self) -> str:
        return self.case.reference

    @property
    def person_label(self) -> str:
        return self.case.person.display_name if self.shows_person else RESTRICTED_LABEL

    @property
    def person_id(self) -> int | None:
        return self.case.person_id if self.shows_person else None

    @property
    def status_label(self) -> str:
        return self.case.get_status_display()

    @property
    def status_colour(self) -> str:
        return status_colour(self.case.status)

    @property
    def advocacy_type_label(self) -> str:
        return self.case.get_advocacy_type_display()


class PersonCaseRow(CaseRowPresenter):
    """One of a person's cases on their page: a list row, with when it closed."""

    @property
    def is_closed(self) -> bool:
        return self.case.status == Status.CLOSED

    @property
    def closed_display(self) -> str:
        if not self.is_closed or self.case.status_changed_at is None or not self.can_open:
            return ""
        return short_date(timezone.localdate(self.case.status_changed_at))
