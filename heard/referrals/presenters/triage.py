"""Display shaping for triage: referral rows, the eligibility result in plain words, decisions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from heard.core import local_authorities, nations
from heard.core.advocacy_types import AdvocacyType
from heard.core.dates import long_date, short_datetime
from heard.people import equality
from heard.referrals.models import (
    CommunicationNeed,
    Decision,
    Referral,
    ReferralStatus,
    TriageDecision,
)
from heard.referrals.presenters.intake import EQUALITY_SUMMARY_KEYS
from heard.referrals.presenters.wording import citations_in_language, reasons_in_language

NOT_GIVEN = _("Not given")

_TYPE_LABELS = dict(AdvocacyType.choices)

DECISION_ORDER = {"eligible": 0, "need_more_information": 1, "not_eligible": 2}
DECISION_LABELS = {
    "eligible": (_("Eligible"), "green"),
    "need_more_information": (_("Need more information"), "yellow"),
    "not_eligible": (_("Not eligible"), "grey"),
}
DUTY_WORDS = {
    "must": _("A legal duty: an advocate must be provided"),
    "may": _("A power, not a duty: an advocate may be provided"),
}
NO_DUTY_WORDS = {
    "not_eligible": _("No duty to provide an advocate"),
    "need_more_information": _("Not known until the questions below are answered"),
}

# The engine's answer fields, as the question a manager would ask to settle them.
FIELD_WORDS = {
    "nation": _("whether the person lives in England or Wales"),
    "age": _("the person's age"),
    "process": _("which care and support process they are involved in"),
    "substantial_difficulty.understanding": _(
        "whether they have substantial difficulty understanding information"
    ),
    "substantial_difficulty.retaining": _(
        "whether they have substantial difficulty retaining information"
    ),
    "substantial_difficulty.using_or_weighing": _(
        "whether they have substantial difficulty using or weighing information"
    ),
    "substantial_difficulty.communicating": _(
        "whether they have substantial difficulty communicating their views"
    ),
    "appropriate_individual_available": _("whether an appropriate person can support them"),
    "nhs_placement_likely": _("whether a long NHS-funded placement is likely"),
    "disagreement_with_appropriate_individual": _(
        "whether the council and the appropriate person disagree"
    ),
    "lacks_capacity": _("whether they have been assessed as lacking capacity for the decision"),
    "mca_decision": _("which decision is being made"),
    "accommodation.setting": _("whether they are in hospital or a care home"),
    "accommodation.expected_stay_days": _("how long the stay is expected to last"),
    "anyone_appropriate_to_consult": _("whether there is family or a friend to consult"),
    "treatment_urgent": _("whether the treatment is urgent"),
    "treatment_regulated_by_mha_part4": _(
        "whether the treatment is regulated by the Mental Health Act"
    ),
    "accommodation_required_by_mha": _("whether the Mental Health Act requires them to live there"),
    "attorney_or_deputy": _("whether an attorney or deputy holds the decision"),
    "dols.stage": _(
        "whether a Deprivation of Liberty Safeguards authorisation has been requested or given"
    ),
    "dols.rpr": _("who their relevant person's representative is"),
    "dols.unpaid_rpr_available": _("whether family or a friend could be their representative"),
    "dols.imca_requested": _("whether an IMCA has been asked for"),
    "mha.status": _("whether they are detained or subject to the Mental Health Act"),
    "mha.s57_treatment_considered": _("whether section 57 treatment is being considered"),
    "mha.ect_considered": _("whether electro-convulsive therapy is being considered"),
    "complaint_about_nhs": _("whether they want to complain about NHS care"),
    "child_status": _("whether they are a looked-after child, care leaver or child in need"),
    "making_representation_or_complaint": _(
        "whether they want to make a representation or complaint"
    ),
}


def type_label(code: str) -> str:
    return _TYPE_LABELS.get(code, code.replace("_", " ").capitalize())


def _field_words(name: str) -> str:
    return str(FIELD_WORDS.get(name, name.replace(".", " ").replace("_", " ")))


def _day(value: dt.date | None, fmt: str = "j M Y") -> str:
    return date_format(value, fmt) if value else ""


def when_display(moment: dt.datetime) -> str:
    """GOV.UK style: "24 Nov 2026 at 9:05am", in UK time."""
    return short_datetime(moment)


class EligibilityPresenter:
    """The engine's stored result, one row per advocacy type, eligible first."""

    def __init__(self, result: dict | None, *, nation: str | None = None):
        self.result = result if isinstance(result, dict) else {}
        # Advocacy that does not exist under the nation's law is not listed at all (a Welsh
        # referral is never told it is "not eligible" for Care Act advocacy).
        self.nation = nation

    @property
    def assessed(self) -> bool:
        return bool(self.result.get("results"))

    @property
    def as_of_display(self) -> str:
        try:
            return long_date(dt.date.fromisoformat(self.result.get("as_of", "")))
        except (TypeError, ValueError):
            return ""

    @property
    def rules_version(self) -> str:
        return str(self.result.get("rules_version", ""))

    def _applicable(self) -> list[dict]:
        return [
            r
            for r in self.result.get("results", [])
            if isinstance(r, dict)
            and (
                self.nation is None or nations.advocacy_type_applies(r.get("type", ""), self.nation)
            )
        ]

    @property
    def shown_result(self) -> dict:
        """The stored result as it may be shown (the API gives this): without the rows for
        advocacy that does not exist under the nation's law. The stored result is unchanged."""
        if not isinstance(self.result.get("results"), list):
            return self.result
        return {**self.result, "results": self._applicable()}

    def _sorted(self) -> list[dict]:
        results = self._applicable()
        indexed = list(enumerate(results))
        indexed.sort(
            key=lambda pair: (
                DECISION_ORDER.get(pair[1].get("decision"), 3),
                0 if pair[1].get("duty") == "must" else 1,
                pair[0],
            )
        )
        return [result for _, result in indexed]

    @cached_property
    def rows(self) -> list[dict]:
        rows = []
        for result in self._sorted():
            decision = result.get("decision", "")
            label, colour = DECISION_LABELS.get(decision, (decision, "grey"))
            missing = [_field_words(name) for name in result.get("missing", [])]
            rows.append(
                {
                    "type": result.get("type", ""),
                    "type_label": type_label(result.get("type", "")),
                    "decision": decision,
                    "decision_label": str(label),
                    "colour": colour,
                    "duty": str(
                        DUTY_WORDS.get(result.get("duty"))
                        or NO_DUTY_WORDS.get(decision, NO_DUTY_WORDS["not_eligible"])
                    ),
                    "reasons": reasons_in_language(result.get("reasons", [])),
                    "citations": citations_in_language(result.get("citations", [])),
                    "missing": missing,
                }
            )
        return rows

    @property
    def not_eligible_count(self) -> int:
        return sum(1 for row in self.rows if row["decision"] == "not_eligible")

    def eligible_types(self) -> list[str]:
        return [r["type"] for r in self._sorted() if r.get("decision") == "eligible"]

    @property
    def summary(self) -> str:
        """One line for the triage list."""
        if not self.assessed:
            return _("Not assessed")
        eligible = self.eligible_types()
        if eligible:
            return "Eligible: " + ", ".join(type_label(code) for code in eligible)
        if any(r.get("decision") == "need_more_information" for r in self._sorted()):
            return _("Need more information")
        return _("Not eligible for statutory advocacy")


def referral_nation(referral: Referral, *, organisation=None) -> str:
    """Whose law applies to a referral: where the person is, else what they answered, else
    the organisation's (the referral's service is not known until triage)."""
    answers = referral.eligibility_answers if isinstance(referral.eligibility_answers, dict) else {}
    answered = answers.get("nation")
    if referral.nation:
        return referral.nation
    if answered in nations.NATION_ONLY_TYPES:
        return answered
    return (organisation or referral.organisation).nation


@dataclass(frozen=True)
class EqualityAnswer:
    """One optional equality answer given at referral: a stable code (None when not
    answered) and its label in the current language."""

    name: str
    question: str
    code: str | None
    label: str

    @property
    def answered(self) -> bool:
        return self.code is not None

    @property
    def prefer_not(self) -> bool:
        return self.code == equality.PREFER_NOT


def equality_answers(referral: Referral) -> list[EqualityAnswer]:
    """The referral's answers to the equality questions (``equality.REFERRAL_FIELDS``), in
    the order asked: "Not answered" when left blank, "Prefer not to say" when chosen."""
    answers = []
    for name in equality.REFERRAL_FIELDS:
        code = getattr(referral, name) or None
        labels = dict(equality.choices_for(name))
        label = labels.get(code) if code else None
        answers.append(
            EqualityAnswer(
                name=name,
                question=str(EQUALITY_SUMMARY_KEYS[name]),
                code=code if label is not None else None,
                label=str(label if label is not None else _("Not answered")),
            )
        )
    return answers


class ReferralPresenter:
    """One referral, shaped for the triage list and its detail page."""

    def __init__(self, referral: Referral, *, today: dt.date | None = None, organisation=None):
        self.referral = referral
        self._organisation = organisation
        self.today = today or timezone.localdate()
        self.eligibility = EligibilityPresenter(referral.eligibility_result, nation=self.nation)

    def __getattr__(self, name):
        return getattr(self.referral, name)

    @cached_property
    def nation(self) -> str:
        return referral_nation(self.referral, organisation=self._organisation)

    @property
    def person_display_name(self) -> str:
        r = self.referral
        if r.preferred_name and r.preferred_name != r.first_name:
            return f"{r.preferred_name} ({r.person_name})"
        return r.person_name

    @property
    def received_on(self) -> dt.date:
        return timezone.localdate(self.referral.received_at)

    @property
    def received_display(self) -> str:
        return when_display(self.referral.received_at)

    @property
    def status_colour(self) -> str:
        return {
            ReferralStatus.NEW: "blue",
            ReferralStatus.AWAITING_INFORMATION: "yellow",
            ReferralStatus.ACCEPTED: "green",
            ReferralStatus.DECLINED: "grey",
            ReferralStatus.SIGNPOSTED: "purple",
            ReferralStatus.WITHDRAWN: "grey",
        }.get(self.referral.status, "grey")

    @property
    def is_awaiting(self) -> bool:
        return self.referral.status == ReferralStatus.AWAITING_INFORMATION

    @property
    def is_open(self) -> bool:
        return self.referral.status in (ReferralStatus.NEW, ReferralStatus.AWAITING_INFORMATION)

    @property
    def chase_overdue(self) -> bool:
        chase_on = self.referral.chase_on
        return self.is_awaiting and chase_on is not None and chase_on < self.today

    @property
    def chase_due_today(self) -> bool:
        return self.is_awaiting and self.referral.chase_on == self.today

    @property
    def chase_display(self) -> str:
        return _day(self.referral.chase_on)

    @property
    def is_urgent(self) -> bool:
        # Intake records urgency as a flag and a reason; either marks the referral urgent.
        return bool(
            getattr(self.referral, "is_urgent", False) or self.referral.urgent_reason.strip()
        )

    @property
    def is_suspected_spam(self) -> bool:
        return bool(getattr(self.referral, "is_suspected_spam", False))

    @property
    def requested_types_display(self) -> str:
        return ", ".join(type_label(c) for c in self.referral.requested_types or []) or NOT_GIVEN

    @property
    def local_authority_name(self) -> str:
        code = self.referral.local_authority
        authority = local_authorities.by_code(code) if code else None
        return authority.local_name if authority else code

    @property
    def communication_needs_display(self) -> str:
        needs = self.referral.communication_needs
        parts = [
            str(CommunicationNeed(code).label)
            for code in needs.get("needs", [])
            if code in CommunicationNeed.values
        ]
        if needs.get("interpreter_language", "").strip():
            parts.append(
                gettext("Interpreter language: %(language)s")
                % {"language": needs["interpreter_language"].strip()}
            )
        if needs.get("other", "").strip():
            parts.append(gettext("Other: %(other)s") % {"other": needs["other"].strip()})
        return ", ".join(parts) or gettext("None given")

    def person_rows(self) -> list[tuple[str, str]]:
        r = self.referral
        dob = r.date_of_birth
        return [
            (_("Name"), r.person_name),
            (_("Preferred name"), r.preferred_name or NOT_GIVEN),
            (_("Date of birth"), long_date(dob) if dob else NOT_GIVEN),
            (_("Address"), "\n".join(filter(None, [r.address, r.postcode])) or NOT_GIVEN),
            (_("Local authority"), self.local_authority_name or NOT_GIVEN),
            (_("Phone"), r.phone or NOT_GIVEN),
            (_("Email"), r.email or NOT_GIVEN),
            (_("Communication needs"), self.communication_needs_display),
            *(
                [(gettext("Language"), r.get_language_preference_display())]
                if r.language_preference
                else []
            ),
            *self._contact_rows(),
        ]

    def _contact_rows(self) -> list[tuple[str, str]]:
        """How to contact them, and anyone helping them, when intake recorded it."""
        r = self.referral
        rows = []
        preference = getattr(r, "get_contact_preference_display", None)
        if preference and preference():
            rows.append((_("Best way to contact them"), preference()))
        helper = getattr(r, "helper_name", "")
        if helper:
            contact = getattr(r, "helper_contact", "")
            rows.append((_("Someone helping them"), f"{helper}, {contact}" if contact else helper))
        return rows

    def referral_rows(self) -> list[tuple[str, str]]:
        r = self.referral
        return [
            (_("Reference"), r.reference),
            (_("Received"), self.received_display),
            (_("How it came"), r.get_source_display()),
            (_("Advocacy asked for"), self.requested_types_display),
            (_("What is happening"), r.situation or NOT_GIVEN),
            (_("Why it is urgent"), r.urgent_reason or _("Not urgent")),
            (_("Basis for the referral"), r.get_basis_display() or NOT_GIVEN),
            (_("Risks to know before visiting"), r.risks or _("None given")),
            *([(gettext("Where the hospital is"), r.get_nation_display())] if r.nation else []),
        ]

    @cached_property
    def equality_answers(self) -> list[EqualityAnswer]:
        return equality_answers(self.referral)

    @property
    def equality_answered_count(self) -> int:
        return sum(1 for answer in self.equality_answers if answer.answered)

    def referrer_rows(self) -> list[tuple[str, str]]:
        r = self.referral
        if not any([r.referrer_name, r.referrer_organisation, r.referrer_email, r.referrer_phone]):
            return []
        return [
            (_("Name"), r.referrer_name or NOT_GIVEN),
            (_("Role"), r.referrer_role or NOT_GIVEN),
            (_("Organisation"), r.referrer_organisation or NOT_GIVEN),
            (_("Relationship to the person"), r.referrer_relationship or NOT_GIVEN),
            (_("Email"), r.referrer_email or NOT_GIVEN),
            (_("Phone"), r.referrer_phone or NOT_GIVEN),
        ]


class DecisionPresenter:
    """One triage decision in the referral's history."""

    def __init__(self, decision: TriageDecision):
        self.decision = decision

    def __getattr__(self, name):
        return getattr(self.decision, name)

    @property
    def decided_display(self) -> str:
        return when_display(self.decision.decided_at)

    @property
    def heading(self) -> str:
        return {
            Decision.ACCEPT: "Accepted",
            Decision.DECLINE: "Declined",
            Decision.SIGNPOST: "Signposted",
            Decision.AWAIT_INFORMATION: "Awaiting information",
            Decision.WITHDRAW: "Withdrawn",
        }.get(self.decision.decision, self.decision.get_decision_display())

    @property
    def summary(self) -> str:
        d = self.decision
        if d.decision == Decision.ACCEPT and d.case is not None:
            case = d.case
            return _(
                "Case %(reference)s opened on the waiting list: %(name)s, %(type_label)s, %(value)s priority."
            ) % {
                "reference": case.reference,
                "name": case.service.name,
                "type_label": type_label(case.advocacy_type),
                "value": case.get_priority_display().lower(),
            }
        if d.decision == Decision.DECLINE:
            return _("Reason: %(get_decline_reason_display)s.") % {
                "get_decline_reason_display": d.get_decline_reason_display()
            }
        if d.decision == Decision.SIGNPOST:
            return _("Signposted to %(signposted_to)s.") % {"signposted_to": d.signposted_to}
        if d.decision == Decision.AWAIT_INFORMATION:
            return _("Chase on %(day)s.") % {"day": _day(d.chase_on, "j F Y")}
        return ""
