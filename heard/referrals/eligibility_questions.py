"""The eligibility questions a referrer answers, in plain words, and how each maps to the engine.

The engine (``heard.eligibility``) takes answers in its own vocabulary
(``"dols": {"stage": "authorised"}``). Referrers should never see that: they
pick what is happening for the person (``TOPICS``), then answer only the
questions that matter given that and their earlier answers (``Question.asks``).
Every question offers "I'm not sure", which leaves the engine's field unknown,
so the engine says "need more information" instead of guessing.

Plain Python, no Django: forms build their fields from ``QUESTIONS``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

NOT_SURE = "not_sure"
YES, NO = "yes", "no"

# Words that change when people refer themselves ("the person has" / "you have").
_THIRD_PERSON = {
    "the_person": pgettext_lazy("referral wording", "the person"),
    "The_person": pgettext_lazy("referral wording", "The person"),
    "they": pgettext_lazy("referral wording", "they"),
    "They": pgettext_lazy("referral wording", "They"),
    "them": pgettext_lazy("referral wording", "them"),
    "their": pgettext_lazy("referral wording", "their"),
    "Their": pgettext_lazy("referral wording", "Their"),
    "has": "has",
    "Has": "Has",
    "is": "is",
    "Is": "Is",
    "does": "does",
    "Does": "Does",
    "lives": "lives",
}
_SECOND_PERSON = {
    "the_person": pgettext_lazy("referral wording", "you"),
    "The_person": pgettext_lazy("referral wording", "You"),
    "they": pgettext_lazy("referral wording", "you"),
    "They": pgettext_lazy("referral wording", "You"),
    "them": pgettext_lazy("referral wording", "you"),
    "their": pgettext_lazy("referral wording", "your"),
    "Their": pgettext_lazy("referral wording", "Your"),
    "has": "have",
    "Has": "Have",
    "is": "are",
    "Is": "Are",
    "does": "do",
    "Does": "Do",
    "lives": "live",
}


_WORD = re.compile(r"\[(\w+)\]")


def words(text: str, *, self_referral: bool = False) -> str:
    """Fill in ``[the_person]``, ``[their]``, ``[has]``... for a referrer or the person.

    Square brackets, not braces, so a translation may leave out a word its language does
    not need (gettext insists that every ``{name}`` of the English is in the translation).
    """
    table = _SECOND_PERSON if self_referral else _THIRD_PERSON
    return _WORD.sub(lambda match: str(table.get(match[1], match[0])), str(text))


@dataclass(frozen=True)
class Context:
    """What decides which questions are asked: the organisation's nation, age, topics, answers."""

    nation: str
    age: int | None
    topics: frozenset[str]
    answers: Mapping[str, Any]

    def answer(self, key: str):
        return self.answers.get(key)


# --- Topics: the first, broad question ---------------------------------------

TOPICS = (
    (
        "care",
        _("A council assessment, care plan or review, or a safeguarding enquiry"),
        _("Social care for adults, or carers, from the council"),
    ),
    (
        "capacity",
        _("A decision [the_person] may not have the mental capacity to make"),
        _("For example, serious medical treatment, or a move to a hospital or care home"),
    ),
    (
        "dols",
        _("Deprivation of Liberty Safeguards (DoLS)"),
        _("An authorisation to deprive [them] of liberty in a hospital or care home"),
    ),
    (
        "mental_health",
        _("The Mental Health Act"),
        _("For example, detained in hospital, or on a community treatment order"),
    ),
    ("nhs_complaint", _("A complaint about NHS care or treatment"), ""),
    (
        "children",
        _("Children's social care"),
        _("In care, leaving care, or getting help as a child in need"),
    ),
    ("other", _("Something else"), ""),
)
TOPIC_CODES = tuple(code for code, _label, _hint in TOPICS)
# Which advocacy types each topic is about (the results shown first to the referrer).
TOPIC_TYPES = {
    "care": ("care_act", "wales_ipa"),
    "capacity": ("imca",),
    "dols": ("imca_dols_39a", "imca_dols_39c", "imca_dols_39d", "paid_rpr"),
    "mental_health": ("imha",),
    "nhs_complaint": ("nhs_complaints",),
    "children": ("childrens",),
    "other": (),
}


def topic_choices(*, self_referral: bool = False) -> list[tuple[str, str]]:
    return [(code, words(label, self_referral=self_referral)) for code, label, _hint in TOPICS]


def topic_hints(*, self_referral: bool = False) -> dict[str, str]:
    return {code: words(hint, self_referral=self_referral) for code, _label, hint in TOPICS if hint}


# --- Questions ---------------------------------------------------------------

YES_NO_NOT_SURE = ((YES, _("Yes")), (NO, _("No")), (NOT_SURE, _("I'm not sure")))
Apply = Callable[[Any, dict], None]


def _put(engine: dict, path: str, value) -> None:
    head, _sep, rest = path.partition(".")
    if rest:
        engine.setdefault(head, {})[rest] = value
    else:
        engine[head] = value


def _choice_to(path: str, mapping: Mapping[str, Any] | None = None) -> Apply:
    """Apply a chosen value (or its mapped value) at ``path``; "not sure" leaves it unknown."""

    def apply(value, engine):
        if value in (None, "", NOT_SURE):
            return
        _put(engine, path, mapping[value] if mapping is not None else value)

    return apply


def _yes_no_to(path: str) -> Apply:
    return _choice_to(path, {YES: True, NO: False})


DIFFICULTIES = ("understanding", "retaining", "using_or_weighing", "communicating")
NONE_OF_THESE = "none"


def _apply_difficulty(value, engine):
    chosen = set(value or ())
    if not chosen or NOT_SURE in chosen:
        return
    engine["substantial_difficulty"] = {area: area in chosen for area in DIFFICULTIES}


# Stay length bands: the upper end of each band, in days, so that the engine's
# "more than 28 / 56 / 84 days" thresholds fall exactly on the band edges.
STAY_DAYS = {"up_to_4_weeks": 28, "up_to_8_weeks": 56, "up_to_12_weeks": 84, "over_12_weeks": 85}

MHA_STATUS_CHOICES = (
    ("s2", _("Section 2 – detained for assessment")),
    ("s3", _("Section 3 – detained for treatment")),
    ("s4", _("Section 4 – detained in an emergency")),
    ("s5_2", _("Section 5(2) – held in hospital by a doctor")),
    ("s5_4", _("Section 5(4) – held in hospital by a nurse")),
    ("s35", _("Section 35 – remanded to hospital for a report")),
    ("s36", _("Section 36 – remanded to hospital for treatment")),
    ("s37", _("Section 37 – hospital order")),
    ("s37_41", _("Sections 37 and 41 – hospital order with restrictions")),
    ("s38", _("Section 38 – interim hospital order")),
    ("s45a", _("Section 45A – hospital and limitation direction")),
    ("s47", _("Section 47 – transferred from prison")),
    ("s47_49", _("Sections 47 and 49 – transferred from prison, with restrictions")),
    ("s48", _("Section 48 – urgent transfer from prison")),
    ("s48_49", _("Sections 48 and 49 – urgent transfer from prison, with restrictions")),
    ("s135", _("Section 135 – taken to a place of safety under a warrant")),
    ("s136", _("Section 136 – taken to a place of safety by the police")),
    ("guardianship", _("Guardianship")),
    ("cto", _("Community treatment order (CTO)")),
    ("conditional_discharge", _("Conditionally discharged")),
    ("informal_inpatient", _("In hospital as an informal (voluntary) patient")),
    ("none", _("Not under the Mental Health Act")),
    (NOT_SURE, _("I'm not sure")),
)
# The day the section or order began, asked beside which one it is (a date, so not a
# ``Question``). The engine does not read it; an IMHA case opens with it, so the case's
# statutory deadlines count from it.
MHA_BEGAN_ON = "mha_began_on"
MHA_BEGAN_LABEL = _("When did the section or order begin? (optional)")
MHA_BEGAN_ERROR_LABEL = _("The day the section or order began")
MHA_BEGAN_HINT = _(
    "The day of admission or detention, or the day the order was made. For example, 4 3 2026. "
    "Leave it blank if you do not know it."
)
# Where the hospital is, asked beside the section: the tribunal (and the rest of the
# nation's law) follows the hospital, not the organisation or where the person lives. Kept
# as ``Referral.nation`` and carried onto the case; blank means the service's nation.
MHA_HOSPITAL_NATION = "mha_hospital_nation"
MHA_HOSPITAL_NATION_LABEL = _("If the person is in hospital, is it in England or Wales? (optional)")
MHA_HOSPITAL_NATION_SHORT = _("Where the hospital is")
MHA_HOSPITAL_NATION_HINT = _(
    "This decides which tribunal the person can apply to: the First-tier Tribunal (Mental "
    "Health) in England, or the Mental Health Review Tribunal for Wales. Leave it blank if you "
    "do not know: we use the nation the service works in."
)
MHA_HOSPITAL_NATIONS = (("england", _("England")), ("wales", _("Wales")))
# Statuses that do not on their own make an English patient "qualifying" (s130C(2)).
_ENGLAND_NON_QUALIFYING = {"none", "informal_inpatient", "s4", "s5_2", "s5_4", "s135", "s136"}


@dataclass(frozen=True)
class Question:
    """One plain-English question: its wording, its choices, when to ask it, and its mapping."""

    key: str
    topic: str
    text: str
    error: str
    choices: tuple[tuple[str, str], ...]
    apply: Apply
    fields: tuple[str, ...]  # the engine fields it answers (for "missing" in plain words)
    hint: str = ""
    widget: str = "radios"  # "radios", "checkboxes" or "select"
    asks: Callable[[Context], bool] = field(default=lambda context: True)
    choice_hints: Mapping[str, str] = field(default_factory=dict)

    def label(self, *, self_referral: bool = False) -> str:
        return words(self.text, self_referral=self_referral)

    def hint_text(self, *, self_referral: bool = False) -> str:
        return words(self.hint, self_referral=self_referral)

    def error_text(self, *, self_referral: bool = False) -> str:
        return words(self.error, self_referral=self_referral)

    def choice_list(
        self, *, self_referral: bool = False, nation: str = ""
    ) -> list[tuple[str, str]]:
        choices = []
        for value, label in self.choices:
            if value == "child_in_need" and nation == "wales":
                label = "A child with care and support needs"
            choices.append((value, words(label, self_referral=self_referral)))
        return choices

    def display(self, value, *, self_referral: bool = False, nation: str = "") -> str:
        """The chosen answer as the referrer saw it, for "check your answers"."""
        labels = dict(self.choice_list(self_referral=self_referral, nation=nation))
        if isinstance(value, list | tuple):
            return "\n".join(labels.get(v, v) for v in value)
        return labels.get(value, value or "")


def _topic(*topics: str):
    return lambda c: bool(c.topics & set(topics))


def _mca_decision_in(*decisions: str):
    return lambda c: "capacity" in c.topics and c.answer("mca_decision") in decisions


def _appropriate_individual_and_england(c: Context) -> bool:
    return (
        "care" in c.topics and c.nation == "england" and c.answer("appropriate_individual") == YES
    )


def _asks_anyone_to_consult(c: Context) -> bool:
    if "dols" in c.topics:
        return True
    return "capacity" in c.topics and c.answer("mca_decision") != "safeguarding"


def _dols_authorised(c: Context) -> bool:
    return "dols" in c.topics and c.answer("dols_stage") == "authorised"


def _asks_unpaid_rpr_available(c: Context) -> bool:
    return _dols_authorised(c) and c.answer("dols_rpr") != "unpaid"


def _asks_imca_requested(c: Context) -> bool:
    return _dols_authorised(c) and c.answer("dols_rpr") == "unpaid"


def _mha_not_qualifying_in_england(c: Context) -> bool:
    if "mental_health" not in c.topics or c.nation != "england":
        return False
    return c.answer("mha_status") in _ENGLAND_NON_QUALIFYING | {NOT_SURE, None}


def _asks_ect(c: Context) -> bool:
    return _mha_not_qualifying_in_england(c) and (c.age is None or c.age < 18)


QUESTIONS: tuple[Question, ...] = (
    # Care and support (Care Act 2014 in England; SSWBA 2014 Part 10 in Wales)
    Question(
        key="process",
        topic="care",
        text=_("What is the council doing?"),
        error=_("Select what the council is doing, or 'I'm not sure'"),
        choices=(
            ("needs_assessment", _("Assessing [their] care and support needs")),
            ("carers_assessment", _("A carer's assessment")),
            ("care_and_support_planning", _("Planning [their] care and support")),
            ("care_review", _("Reviewing [their] care and support plan")),
            ("transition_assessment", _("A transition assessment (moving to adult services)")),
            ("safeguarding_enquiry", _("A safeguarding enquiry (about abuse or neglect)")),
            ("safeguarding_adults_review", _("A safeguarding adults review")),
            (NOT_SURE, _("I'm not sure")),
        ),
        apply=_choice_to("process"),
        fields=("process",),
        asks=_topic("care"),
    ),
    Question(
        key="difficulty",
        topic="care",
        text=_("Would [the_person] find any of these very hard, even with support?"),
        hint=_("Select all that apply. The law calls this 'substantial difficulty'."),
        error=_("Select what [the_person] would find very hard, 'None of these' or 'I'm not sure'"),
        choices=(
            ("understanding", _("Understanding information about what is happening")),
            ("retaining", _("Remembering that information")),
            ("using_or_weighing", _("Using or weighing up that information to make decisions")),
            ("communicating", _("Telling people [their] views, wishes and feelings, in any way")),
            (NONE_OF_THESE, _("None of these")),
            (NOT_SURE, _("I'm not sure")),
        ),
        widget="checkboxes",
        apply=_apply_difficulty,
        fields=tuple(f"substantial_difficulty.{area}" for area in DIFFICULTIES),
        asks=_topic("care"),
    ),
    Question(
        key="appropriate_individual",
        topic="care",
        text=_("Is there a family member or friend who could support [them] to be involved?"),
        hint=_(
            "Someone able and willing to help, who [the_person] [is] happy to have help, "
            "and who is not paid to care for [them]."
        ),
        error=_("Select yes if a family member or friend could support [them]"),
        choices=YES_NO_NOT_SURE,
        apply=_yes_no_to("appropriate_individual_available"),
        fields=("appropriate_individual_available",),
        asks=_topic("care"),
    ),
    Question(
        key="nhs_placement",
        topic="care",
        text=_(
            "Might this lead to [them] living in a hospital for 4 weeks or more, or in a care "
            "home for 8 weeks or more, paid for by the NHS?"
        ),
        hint=_(
            "If so, the council must still arrange an advocate, even with a family member "
            "or friend to help."
        ),
        error=_("Select yes if this might lead to an NHS-funded stay"),
        choices=YES_NO_NOT_SURE,
        apply=_yes_no_to("nhs_placement_likely"),
        fields=("nhs_placement_likely",),
        asks=_appropriate_individual_and_england,
    ),
    Question(
        key="disagreement",
        topic="care",
        text=_(
            "Do the council and that family member or friend disagree about something "
            "important, and agree an advocate would help?"
        ),
        error=_("Select yes if they disagree and agree an advocate would help"),
        choices=YES_NO_NOT_SURE,
        apply=_yes_no_to("disagreement_with_appropriate_individual"),
        fields=("disagreement_with_appropriate_individual",),
        asks=_appropriate_individual_and_england,
    ),
    # Mental capacity (IMCA, Mental Capacity Act 2005 s35-41)
    Question(
        key="mca_decision",
        topic="capacity",
        text=_("What is the decision about?"),
        error=_("Select what the decision is about, or 'I'm not sure'"),
        choices=(
            ("serious_medical_treatment", _("Serious medical treatment")),
            ("accommodation_change", _("Moving into, or between, a hospital or care home")),
            ("care_review", _("A review of where [they] [lives] (a care review)")),
            ("safeguarding", _("Protecting [them] from abuse or neglect (adult safeguarding)")),
            (NOT_SURE, _("I'm not sure")),
        ),
        apply=_choice_to("mca_decision"),
        fields=("mca_decision",),
        asks=_topic("capacity"),
    ),
    Question(
        key="lacks_capacity",
        topic="capacity",
        text=_(
            "[Has] [the_person] been assessed as lacking mental capacity to make this decision?"
        ),
        error=_("Select yes if [the_person] [has] been assessed as lacking capacity"),
        choices=YES_NO_NOT_SURE,
        apply=_yes_no_to("lacks_capacity"),
        fields=("lacks_capacity",),
        asks=_topic("capacity"),
    ),
    Question(
        key="accommodation_setting",
        topic="capacity",
        text=_("Where would [they] live?"),
        error=_("Select where [they] would live, or 'I'm not sure'"),
        choices=(
            ("hospital", _("A hospital")),
            ("care_home", _("A care home")),
            (NOT_SURE, _("I'm not sure")),
        ),
        apply=_choice_to("accommodation.setting"),
        fields=("accommodation.setting",),
        asks=_mca_decision_in("accommodation_change"),
    ),
    Question(
        key="stay_length",
        topic="capacity",
        text=_("How long is the stay expected to last, or how long has it lasted?"),
        error=_("Select how long the stay is expected to last, or 'I'm not sure'"),
        choices=(
            ("up_to_4_weeks", _("4 weeks or less")),
            ("up_to_8_weeks", _("More than 4 weeks, up to 8 weeks")),
            ("up_to_12_weeks", _("More than 8 weeks, up to 12 weeks")),
            ("over_12_weeks", _("More than 12 weeks")),
            (NOT_SURE, _("I'm not sure")),
        ),
        apply=_choice_to("accommodation.expected_stay_days", STAY_DAYS),
        fields=("accommodation.expected_stay_days",),
        asks=_mca_decision_in("accommodation_change", "care_review"),
    ),
    Question(
        key="required_by_mha",
        topic="capacity",
        text=_("[Is] [the_person] required to live there under the Mental Health Act?"),
        hint=_("For example, as a condition of guardianship or a community treatment order."),
        error=_("Select yes if the Mental Health Act requires [them] to live there"),
        choices=YES_NO_NOT_SURE,
        apply=_yes_no_to("accommodation_required_by_mha"),
        fields=("accommodation_required_by_mha",),
        asks=_mca_decision_in("accommodation_change", "care_review"),
    ),
    Question(
        key="treatment_urgent",
        topic="capacity",
        text=_(
            "Does the treatment need to be given urgently, before an advocate could be involved?"
        ),
        error=_("Select yes if the treatment is urgent"),
        choices=YES_NO_NOT_SURE,
        apply=_yes_no_to("treatment_urgent"),
        fields=("treatment_urgent",),
        asks=_mca_decision_in("serious_medical_treatment"),
    ),
    Question(
        key="treatment_mha",
        topic="capacity",
        text=_(
            "Is it treatment for a mental disorder given under Part 4 of the Mental Health Act?"
        ),
        error=_("Select yes if the treatment is given under Part 4 of the Mental Health Act"),
        choices=YES_NO_NOT_SURE,
        apply=_yes_no_to("treatment_regulated_by_mha_part4"),
        fields=("treatment_regulated_by_mha_part4",),
        asks=_mca_decision_in("serious_medical_treatment"),
    ),
    # DoLS (Mental Capacity Act 2005 s39A, s39C, s39D, Schedule A1 Part 10)
    Question(
        key="dols_stage",
        topic="dols",
        text=_("What stage is the DoLS authorisation at?"),
        error=_("Select the stage of the DoLS authorisation, or 'I'm not sure'"),
        choices=(
            ("requested", _("A standard authorisation has been asked for")),
            ("urgent", _("An urgent authorisation has been given")),
            ("authorised", _("A standard authorisation is in place")),
            ("none", _("There is no authorisation, and none has been asked for")),
            (NOT_SURE, _("I'm not sure")),
        ),
        apply=_choice_to("dols.stage"),
        fields=("dols.stage",),
        asks=_topic("dols"),
    ),
    Question(
        key="dols_rpr",
        topic="dols",
        text=_("Who is [their] relevant person's representative (RPR) now?"),
        error=_("Select who [their] representative is, or 'I'm not sure'"),
        choices=(
            ("none", _("Nobody at the moment")),
            ("unpaid", _("A family member or friend")),
            ("paid", _("A paid representative")),
            (NOT_SURE, _("I'm not sure")),
        ),
        apply=_choice_to("dols.rpr"),
        fields=("dols.rpr",),
        asks=_dols_authorised,
    ),
    Question(
        key="unpaid_rpr_available",
        topic="dols",
        text=_(
            "Is there a family member or friend who is able and willing to be [their] "
            "representative?"
        ),
        error=_("Select yes if a family member or friend could be [their] representative"),
        choices=YES_NO_NOT_SURE,
        apply=_yes_no_to("dols.unpaid_rpr_available"),
        fields=("dols.unpaid_rpr_available",),
        asks=_asks_unpaid_rpr_available,
    ),
    Question(
        key="dols_imca_requested",
        topic="dols",
        text=_(
            "[Has] [the_person] or [their] representative asked for an IMCA, or does the "
            "supervisory body think one is needed?"
        ),
        error=_("Select yes if an IMCA has been asked for"),
        choices=YES_NO_NOT_SURE,
        apply=_yes_no_to("dols.imca_requested"),
        fields=("dols.imca_requested",),
        asks=_asks_imca_requested,
    ),
    # Shared by mental capacity and DoLS
    Question(
        key="anyone_to_consult",
        topic="capacity",
        text=_(
            "Is there a family member or friend, not paid to care for [them], who it would be "
            "right to consult about what is best for [them]?"
        ),
        error=_("Select yes if there is a family member or friend to consult"),
        choices=YES_NO_NOT_SURE,
        apply=_yes_no_to("anyone_appropriate_to_consult"),
        fields=("anyone_appropriate_to_consult",),
        asks=_asks_anyone_to_consult,
    ),
    Question(
        key="attorney_or_deputy",
        topic="capacity",
        text=_("Does anyone have legal authority to make this decision for [them]?"),
        hint=_(
            "An attorney under a lasting power of attorney, a deputy appointed by the Court "
            "of Protection, or someone [the_person] nominated."
        ),
        error=_("Select yes if someone has legal authority to make this decision"),
        choices=YES_NO_NOT_SURE,
        apply=_yes_no_to("attorney_or_deputy"),
        fields=("attorney_or_deputy",),
        asks=_topic("capacity", "dols"),
    ),
    # Mental Health Act 1983 (IMHA)
    Question(
        key="mha_status",
        topic="mental_health",
        text=_("Which part of the Mental Health Act applies to [them]?"),
        error=_("Select which part of the Mental Health Act applies, or 'I'm not sure'"),
        choices=MHA_STATUS_CHOICES,
        widget="select",
        apply=_choice_to("mha.status"),
        fields=("mha.status",),
        asks=_topic("mental_health"),
    ),
    Question(
        key="s57_treatment",
        topic="mental_health",
        text=_("Is treatment under section 57 of the Mental Health Act being considered?"),
        hint=_(
            "Section 57 covers neurosurgery for a mental disorder and the surgical implant "
            "of hormones to reduce male sex drive."
        ),
        error=_("Select yes if section 57 treatment is being considered"),
        choices=YES_NO_NOT_SURE,
        apply=_yes_no_to("mha.s57_treatment_considered"),
        fields=("mha.s57_treatment_considered",),
        asks=_mha_not_qualifying_in_england,
    ),
    Question(
        key="ect",
        topic="mental_health",
        text=_("Is electro-convulsive therapy (ECT) being considered?"),
        error=_("Select yes if ECT is being considered"),
        choices=YES_NO_NOT_SURE,
        apply=_yes_no_to("mha.ect_considered"),
        fields=("mha.ect_considered",),
        asks=_asks_ect,
    ),
    # Children's advocacy (Children Act 1989 s26A; SSWBA 2014 s174-178)
    Question(
        key="child_status",
        topic="children",
        text=_("Which of these describes [the_person]?"),
        error=_("Select which of these describes [the_person], or 'I'm not sure'"),
        choices=(
            ("looked_after", _("Looked after by the council (in care)")),
            ("care_leaver", _("A care leaver (aged 25 or under)")),
            ("child_in_need", _("A child in need")),
            ("none", _("None of these")),
            (NOT_SURE, _("I'm not sure")),
        ),
        apply=_choice_to("child_status"),
        fields=("child_status",),
        asks=_topic("children"),
    ),
    Question(
        key="making_representation",
        topic="children",
        text=_(
            "[Does] [the_person] want to make a complaint, or tell the council what [they] "
            "think about [their] care?"
        ),
        error=_("Select yes if [the_person] [does] want to make a complaint or representation"),
        choices=YES_NO_NOT_SURE,
        apply=_yes_no_to("making_representation_or_complaint"),
        fields=("making_representation_or_complaint",),
        asks=_topic("children"),
    ),
)
BY_KEY = {question.key: question for question in QUESTIONS}
# Engine fields the topics answer directly, and those that come from the person's details.
FIELD_LABELS = {
    "nation": _("which nation the person lives in"),
    "age": _("[their] date of birth"),
    "complaint_about_nhs": _("whether [the_person] [is] making a complaint about NHS care"),
}


def age_on(date_of_birth: dt.date | None, day: dt.date) -> int | None:
    """Age in whole years on ``day`` (None when the date of birth is not known)."""
    if date_of_birth is None:
        return None
    before_birthday = (day.month, day.day) < (date_of_birth.month, date_of_birth.day)
    return max(day.year - date_of_birth.year - before_birthday, 0)


def effective_topics(topics: Iterable[str], answers: Mapping[str, Any]) -> frozenset[str]:
    """The topics chosen, plus those of any question answered (staff answer on one page)."""
    chosen = set(topics)
    for key, value in answers.items():
        if key in BY_KEY and value not in (None, "", [], ()):
            chosen.add(BY_KEY[key].topic)
    return frozenset(chosen)


def questions_to_ask(context: Context) -> list[Question]:
    """The questions that matter, in order, given the topics and the answers so far."""
    return [question for question in QUESTIONS if question.asks(context)]


def unanswered(context: Context) -> list[Question]:
    """Questions that matter but have no answer yet ("I'm not sure" counts as an answer)."""
    return [q for q in questions_to_ask(context) if context.answers.get(q.key) in (None, "", [])]


def engine_answers(
    *,
    nation: str,
    topics: Iterable[str],
    answers: Mapping[str, Any],
    date_of_birth: dt.date | None,
    as_of: dt.date,
) -> dict:
    """The engine's answers from the plain ones. Answers to questions that no longer
    matter (the referrer changed an earlier answer) are left out."""
    age = age_on(date_of_birth, as_of)
    context = Context(nation=nation, age=age, topics=frozenset(topics), answers=answers)
    engine: dict = {"nation": nation, "as_of": as_of.isoformat()}
    if age is not None:
        engine["age"] = min(age, 130)
    if "nhs_complaint" in context.topics:
        engine["complaint_about_nhs"] = True
    for question in questions_to_ask(context):
        question.apply(answers.get(question.key), engine)
    return engine


def missing_in_words(missing: Iterable[str], *, self_referral: bool = False) -> list[str]:
    """The engine's ``missing`` fields as the questions that would settle them."""
    texts: list[str] = []
    for name in missing:
        text = FIELD_LABELS.get(name)
        if text is None:
            question = next((q for q in QUESTIONS if name in q.fields), None)
            text = question.text if question else name.replace("_", " ").replace(".", ": ")
        text = words(text, self_referral=self_referral)
        if text not in texts:
            texts.append(text)
    return texts
