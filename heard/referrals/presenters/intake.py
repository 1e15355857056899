"""Display shaping for intake: the eligibility result in plain words, and check-your-answers rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from heard.core import local_authorities
from heard.core.language import LanguagePreference
from heard.people import equality
from heard.referrals import eligibility_questions as eq
from heard.referrals.forms.intake import (
    COMMUNICATION_NEED_LABELS,
    EASY_READ_CONTACT,
    WHO_FAMILY,
    WHO_PROFESSIONAL,
    WHO_SELF,
    EasyReadContactDetailsForm,
)
from heard.referrals.models import ContactPreference, ReferralBasis
from heard.referrals.presenters.wording import Said, citations_in_language, reasons_in_language

TYPE_NAMES = {
    "care_act": _("Care Act advocacy"),
    "imca": _("An Independent Mental Capacity Advocate (IMCA)"),
    "imca_dols_39a": _("An IMCA while a DoLS authorisation is decided (section 39A)"),
    "imca_dols_39c": _("An IMCA while there is no representative (section 39C)"),
    "imca_dols_39d": _("An IMCA to support the person or their representative (section 39D)"),
    "paid_rpr": _("A paid relevant person's representative (RPR)"),
    "imha": _("An Independent Mental Health Advocate (IMHA)"),
    "nhs_complaints": _("NHS complaints advocacy"),
    "childrens": _("Advocacy for children and young people"),
    "wales_ipa": _("Independent Professional Advocacy"),
}
ENGLAND_ONLY = {"care_act", "nhs_complaints"}
WALES_ONLY = {"wales_ipa"}

# Who must (or may) act, in plain words: the duty to refer or instruct behind each type.
_GUIDANCE = {
    ("care_act", "must"): _(
        "The council must arrange an independent advocate for this (Care Act "
        "2014, sections 67 and 68). If you work for the council, you have a duty to refer, and "
        "this referral meets it. If you do not, please tell the person's social worker as well."
    ),
    ("imca", "must"): _(
        "The NHS body or council making the decision must instruct an IMCA "
        "(Mental Capacity Act 2005, sections 37 to 39). Only they can instruct one: if you work "
        "for them, this referral is the instruction; if not, please tell the decision-maker."
    ),
    ("imca", "may"): _(
        "The NHS body or council may instruct an IMCA for a care review or adult "
        "safeguarding (a power, not a duty: Mental Capacity Act 2005, section 41, and its "
        "regulations). If you work for them, this referral asks us to act."
    ),
    ("imca_dols_39a", "must"): _(
        "The supervisory body must instruct an IMCA while it decides "
        "the standard authorisation (Mental Capacity Act 2005, section 39A)."
    ),
    ("imca_dols_39c", "must"): _(
        "The supervisory body must instruct an IMCA while there is no "
        "representative (Mental Capacity Act 2005, section 39C)."
    ),
    ("imca_dols_39d", "must"): _(
        "The supervisory body must instruct an IMCA to support the "
        "person or their unpaid representative (Mental Capacity Act 2005, section 39D)."
    ),
    ("paid_rpr", "must"): _(
        "The supervisory body must appoint a representative. When no family "
        "member or friend can do it, that is a paid representative (Mental Capacity Act 2005, "
        "Schedule A1 Part 10)."
    ),
    ("imha", "must"): _(
        "The hospital managers (or, for guardianship or a community treatment "
        "order, whoever is responsible) must make sure the person understands that IMHA help is "
        "available and how to get it (Mental Health Act 1983, section 130D in England; the "
        "Mental Health (Wales) Measure 2010 in Wales). The person can also ask for an IMHA "
        "themselves."
    ),
    ("nhs_complaints", "must"): _(
        "Councils in England must arrange independent advocacy for "
        "people making, or wanting to make, a complaint about NHS care (Local Government and "
        "Public Involvement in Health Act 2007, section 223A)."
    ),
    ("childrens", "must"): _(
        "The council must arrange advocacy for children and young people "
        "who want to make a complaint or representation about their care (Children Act 1989, "
        "section 26A in England; Social Services and Well-being (Wales) Act 2014 in Wales)."
    ),
    ("wales_ipa", "must"): _(
        "The council must arrange an independent professional advocate "
        "when the person can only take part with help and has no one appropriate to help them "
        "(Social Services and Well-being (Wales) Act 2014, Part 10, and its code of practice)."
    ),
}

DECISION_TAGS = {
    "eligible": (_("Entitled"), "green"),
    "need_more_information": (_("Need more information"), "yellow"),
    "not_eligible": (_("Not entitled"), "grey"),
}


@dataclass
class TypeResult:
    type: str
    name: str
    decision: str
    tag: str
    colour: str
    duty: str
    guidance: str
    reasons: list[Said]
    citations: list[Said]
    to_check: list[str] = field(default_factory=list)


def duty_guidance(type_code: str, duty: str) -> str:
    return _GUIDANCE.get((type_code, duty), "")


def present_eligibility(
    result: dict, *, topics, nation: str, self_referral: bool = False, everything: bool = False
) -> dict:
    """The engine's result for the referrer: entitled first, then to check, then not entitled.

    Shown: every type the person is entitled to, and the types their chosen topics are
    about (``everything`` shows all types, for staff).
    """
    relevant = {code for topic in topics for code in eq.TOPIC_TYPES.get(topic, ())}
    groups: dict[str, list[TypeResult]] = {
        "eligible": [],
        "need_more_information": [],
        "not_eligible": [],
    }
    for row in result.get("results", []):
        code = row["type"]
        wrong_nation = (nation == "wales" and code in ENGLAND_ONLY - {"nhs_complaints"}) or (
            nation == "england" and code in WALES_ONLY
        )
        shown = row["decision"] == "eligible" or everything or code in relevant
        if not shown or (wrong_nation and row["decision"] != "eligible"):
            continue
        tag, colour = DECISION_TAGS[row["decision"]]
        groups[row["decision"]].append(
            TypeResult(
                type=code,
                name=TYPE_NAMES.get(code, code),
                decision=row["decision"],
                tag=tag,
                colour=colour,
                duty=row["duty"],
                guidance=duty_guidance(code, row["duty"]) if row["decision"] == "eligible" else "",
                reasons=reasons_in_language(row["reasons"]),
                citations=citations_in_language(row["citations"]),
                to_check=eq.missing_in_words(row["missing"], self_referral=self_referral),
            )
        )
    return {
        "entitled": groups["eligible"],
        "to_check": groups["need_more_information"],
        "not_entitled": groups["not_eligible"],
        "rules_version": result.get("rules_version", ""),
        "any": any(groups.values()),
    }


# --- Check your answers ------------------------------------------------------------


@dataclass
class Row:
    key: str
    value: str
    change_url: str = ""
    change_label: str = ""


@dataclass
class Section:
    heading: str
    rows: list[Row]
    change_url: str = ""


WHO_LABELS = {
    WHO_PROFESSIONAL: _("A professional"),
    WHO_FAMILY: _("A family member, friend or carer"),
    WHO_SELF: _("The person, for themselves"),
}
BASIS_LABELS = dict(ReferralBasis.choices)
LANGUAGE_LABELS = dict(LanguagePreference.choices)
CONTACT_LABELS = {
    ContactPreference.PHONE.value: _("By phone"),
    ContactPreference.EMAIL.value: _("By email"),
    ContactPreference.LETTER.value: _("By letter"),
    ContactPreference.VIA_HELPER.value: _("Through the referrer or a helper"),
}


def _or_not_given(value) -> str:
    return str(value) if value not in (None, "", []) else _("Not given")


def _date_text(value) -> str:
    if not value:
        return _("Not given")
    day = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return date_format(day, "j F Y")


def _la_name(code: str) -> str:
    authority = local_authorities.by_code(code) if code else None
    return authority.local_name if authority else _or_not_given(code)


EQUALITY_SUMMARY_KEYS = {
    "ethnicity": _("Ethnic group"),
    "sex": _("Sex"),
    "disability": _("Disability"),
    "religion": _("Religion"),
}


def equality_rows(answers: dict, *, change_url: str) -> list[Row]:
    """One row per equality question at referral: the answer, or "Not answered"."""
    rows = []
    for name in equality.REFERRAL_FIELDS:
        labels = dict(equality.choices_for(name))
        value = answers.get(name) or ""
        key = EQUALITY_SUMMARY_KEYS[name]
        rows.append(Row(key, labels.get(value, _("Not answered")), change_url, str(key).lower()))
    return rows


def check_answers_sections(draft: dict, *, urls: dict, nation: str) -> list[Section]:
    """The public form's answers as summary lists, each row with its Change link."""
    who = draft["who"]["who"]
    self_referral = who == WHO_SELF
    sections = [
        Section(
            _("Who is referring"),
            [
                Row(
                    _("Referral made by"),
                    WHO_LABELS[who],
                    urls["who"],
                    _("who is making the referral"),
                )
            ],
        )
    ]
    if not self_referral:
        referrer = draft.get("referrer", {})
        change = urls["referrer"]
        rows = [
            Row(_("Name"), _or_not_given(referrer.get("referrer_name")), change, _("your name"))
        ]
        if who == WHO_PROFESSIONAL:
            rows += [
                Row(
                    _("Job title"),
                    _or_not_given(referrer.get("referrer_role")),
                    change,
                    _("your job title"),
                ),
                Row(
                    _("Where you work"),
                    _or_not_given(referrer.get("referrer_organisation")),
                    change,
                    _("where you work"),
                ),
            ]
        else:
            rows.append(
                Row(
                    _("How you know them"),
                    _or_not_given(referrer.get("referrer_relationship")),
                    change,
                    _("how you know them"),
                )
            )
        rows += [
            Row(
                _("Email address"),
                _or_not_given(referrer.get("referrer_email")),
                change,
                _("your email address"),
            ),
            Row(
                _("Phone number"),
                _or_not_given(referrer.get("referrer_phone")),
                change,
                _("your phone number"),
            ),
        ]
        sections.append(Section(_("About you"), rows))
    person = draft.get("person", {})
    name = f"{person.get('first_name', '')} {person.get('last_name', '')}".strip()
    person_rows = [
        Row(_("Name"), name),
        Row(_("Likes to be called"), _or_not_given(person.get("preferred_name"))),
        Row(_("Date of birth"), _date_text(person.get("date_of_birth"))),
        Row(_("Address"), _or_not_given(person.get("address"))),
        Row(_("Postcode"), _or_not_given(person.get("postcode"))),
        Row(_("Council area"), _la_name(person.get("local_authority", ""))),
        Row(_("Phone number"), _or_not_given(person.get("phone"))),
        Row(_("Email address"), _or_not_given(person.get("email"))),
    ]
    whose = "your" if self_referral else "the person's"
    for row in person_rows:
        row.change_url, row.change_label = urls["person"], f"{whose} {row.key.lower()}"
    person_rows[1].change_label = (
        _("what you like to be called")
        if self_referral
        else _("what the person likes to be called")
    )
    sections.append(
        Section(_("About you") if self_referral else _("About the person"), person_rows)
    )

    situation = draft.get("situation", {})
    topic_labels = dict(eq.topic_choices(self_referral=self_referral))
    situation_rows = [
        Row(
            _("Involved in"),
            "\n".join(topic_labels.get(t, t) for t in situation.get("topics") or [])
            or _("None given"),
        ),
        Row(_("Help wanted"), _or_not_given(situation.get("situation"))),
        Row(_("Urgent"), _("Yes") if situation.get("is_urgent") else _("No")),
        Row(_("Why it is urgent"), _or_not_given(situation.get("urgent_reason"))),
        Row(_("Visiting safely"), _or_not_given(situation.get("risks"))),
    ]
    for row in situation_rows:
        row.change_url, row.change_label = urls["situation"], row.key.lower()
    answers = draft.get("questions", {})
    context = eq.Context(
        nation=nation,
        age=eq.age_on(
            dt.date.fromisoformat(person["date_of_birth"]) if person.get("date_of_birth") else None,
            dt.date.today(),
        ),
        topics=frozenset(situation.get("topics") or []),
        answers=answers,
    )
    for question in eq.questions_to_ask(context):
        situation_rows.append(
            Row(
                question.label(self_referral=self_referral),
                question.display(
                    answers.get(question.key), self_referral=self_referral, nation=nation
                ),
                urls["questions"],
                f"your answer to: {question.label(self_referral=self_referral)}",
            )
        )
        if question.key == "mha_status":
            began = str(eq.MHA_BEGAN_ERROR_LABEL)
            situation_rows.append(
                Row(
                    began,
                    _date_text(answers.get(eq.MHA_BEGAN_ON)),
                    urls["questions"],
                    f"your answer to: {began}",
                )
            )
            where = str(eq.MHA_HOSPITAL_NATION_SHORT)
            situation_rows.append(
                Row(
                    where,
                    str(
                        dict(eq.MHA_HOSPITAL_NATIONS).get(
                            answers.get(eq.MHA_HOSPITAL_NATION), _("Not given")
                        )
                    ),
                    urls["questions"],
                    f"your answer to: {where}",
                )
            )
    sections.append(Section(_("The situation"), situation_rows))

    communication = draft.get("communication", {})
    needs = [str(COMMUNICATION_NEED_LABELS.get(n, n)) for n in communication.get("needs") or []]
    if communication.get("interpreter_language"):
        needs = [
            f"{need} ({communication['interpreter_language']})"
            if need == str(COMMUNICATION_NEED_LABELS["interpreter"])
            else need
            for need in needs
        ]
    communication_rows = [
        Row(_("Communication needs"), "\n".join(needs) or _("None given")),
        *(
            [Row(gettext("Language"), str(LANGUAGE_LABELS.get(chosen, chosen)))]
            if (chosen := communication.get("language_preference"))
            else []
        ),
        Row(_("Other help to communicate"), _or_not_given(communication.get("other_needs"))),
        Row(
            _("First contact"),
            CONTACT_LABELS.get(communication.get("contact_preference", ""), _("Not given")),
        ),
    ]
    for row in communication_rows:
        row.change_url, row.change_label = urls["communication"], row.key.lower()
    sections.append(Section(_("Communication"), communication_rows))
    if not self_referral:
        basis = draft.get("basis", {}).get("basis", "")
        sections.append(
            Section(
                _("Agreement to the referral"),
                [
                    Row(
                        _("Basis"),
                        BASIS_LABELS.get(basis, _("Not given")),
                        urls["basis"],
                        _("the basis"),
                    )
                ],
            )
        )
    sections.append(
        Section(
            _("Equality questions (optional)"),
            equality_rows(draft.get("equality", {}), change_url=urls["equality"]),
        )
    )
    return sections


EASY_READ_CONTACT_LABELS = dict(EASY_READ_CONTACT)


def easy_read_rows(draft: dict, *, urls: dict) -> list[Row]:
    """The Easy Read answers, short, each with a Change link."""
    name = draft.get("name", {})
    method = draft.get("contact", {}).get("contact_preference", "")
    details = draft.get("details", {})
    detail_text = "\n".join(
        str(details.get(name_))
        for name_ in EasyReadContactDetailsForm.FIELDS_BY_METHOD.get(method, ())
        if details.get(name_)
    )
    helper = draft.get("helper", {})
    helped = draft.get("helping", {}).get("helped") == "yes"
    rows = [
        Row(
            _("Your name"),
            f"{name.get('first_name', '')} {name.get('last_name', '')}".strip(),
            urls["name"],
            _("your name"),
        ),
        Row(
            _("How we contact you"),
            EASY_READ_CONTACT_LABELS.get(method, ""),
            urls["contact"],
            _("how we contact you"),
        ),
        Row(_("Your contact details"), detail_text, urls["details"], _("your contact details")),
        Row(
            _("What you want help with"),
            draft.get("help", {}).get("situation", ""),
            urls["help"],
            _("what you want help with"),
        ),
        Row(
            _("Is it urgent?"),
            _("Yes") if draft.get("urgent", {}).get("is_urgent") else _("No"),
            urls["urgent"],
            _("if it is urgent"),
        ),
        Row(
            _("Someone is helping you"),
            _("Yes") if helped else _("No"),
            urls["helping"],
            _("if someone is helping you"),
        ),
    ]
    if helped and helper.get("helper_name"):
        rows.append(
            Row(
                _("Who is helping you"),
                "\n".join(
                    v for v in (helper.get("helper_name"), helper.get("helper_contact")) if v
                ),
                urls["helper"],
                _("who is helping you"),
            )
        )
    rows.extend(equality_rows(draft.get("equality", {}), change_url=urls["equality"]))
    return rows
