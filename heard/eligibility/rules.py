"""The law, as dated routes to each kind of statutory advocacy.

A *route* is one legal basis for one advocacy type: its conditions, the duty
it creates, the citation it rests on, the nation it is limited to and the
dates it is in force. A type is eligible if any of its routes is met.

Changing the law means adding a route with a new ``in_force_from`` (and giving
the old one a ``ceased_on``), never editing an old route: an assessment made
"as of" a past date must keep giving the answer the law gave then. The Mental
Health Act 2025 is the expected first case: when its IMHA provisions are
commenced in England, add new IMHA routes dated from commencement and cease
the ones below that it replaces.

See ``docs/eligibility.md`` for the plain-English version of every rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .answers import CARE_AND_SUPPORT_PROCESSES, MHA_STATUSES, PROCESSES, SAFEGUARDING_PROCESSES
from .logic import (
    Condition,
    all_of,
    any_of,
    assumed_not,
    at_least,
    at_most,
    equals,
    is_false,
    is_true,
    more_than,
    one_of,
    under,
)
from .wording import _

__all__ = ["MAY", "MUST", "ROUTES", "TYPES", "Cite", "Route"]

MUST = "must"  # a statutory duty
MAY = "may"  # a power

#: The advocacy types the engine assesses, in the contract's output order.
TYPES = (
    "care_act",
    "imca",
    "imca_dols_39a",
    "imca_dols_39c",
    "imca_dols_39d",
    "paid_rpr",
    "imha",
    "nhs_complaints",
    "childrens",
    "wales_ipa",
)


@dataclass(frozen=True)
class Cite:
    """A citation that only applies in one nation (e.g. Welsh regulations)."""

    text: str
    nation: str


@dataclass(frozen=True)
class Route:
    """One legal basis for one advocacy type, in force between two dates."""

    type: str
    label: str  # starts a sentence: "<label> applies because ..."
    duty: str
    citations: tuple[str | Cite, ...]
    in_force_from: date
    conditions: tuple[Condition, ...]
    ceased_on: date | None = None  # first day it no longer applies
    nation: str | None = None  # None: England and Wales alike
    outside_nation: str = ""  # sentence when the nation rules it out (default generated)

    def in_force(self, on: date) -> bool:
        return self.in_force_from <= on and (self.ceased_on is None or on < self.ceased_on)


# --- shared wording ----------------------------------------------------------

ASSUME_NO_ATTORNEY = _("Assumes no attorney or deputy holds this decision.")
ASSUME_NOT_URGENT = _("Assumes the serious medical treatment does not need to be given urgently.")
ASSUME_NOT_PART4 = _("Assumes the treatment is not regulated by Part 4 of the Mental Health Act.")
ASSUME_NOT_REQUIRED_BY_MHA = _(
    "Assumes the person is not required to live there under the Mental Health Act."
)
ASSUME_NO_DOLS_AUTHORISATION = _("Assumes no DoLS standard authorisation is in force.")

CARE_ACT_REG_4 = _("Care and Support (Independent Advocacy Support) (No. 2) Regulations 2014 reg 4")
ENGLAND_EXPANSION_REGS_3 = _(
    "Mental Capacity Act 2005 (Independent Mental Capacity Advocates) "
    "(Expansion of Role) Regulations 2006 reg 3"
)
ENGLAND_EXPANSION_REGS_4 = _(
    "Mental Capacity Act 2005 (Independent Mental Capacity Advocates) "
    "(Expansion of Role) Regulations 2006 reg 4"
)
WALES_IMCA_REGS = _(
    "Mental Capacity Act 2005 (Independent Mental Capacity Advocates) (Wales) "
    "Regulations 2007 (SI 2007/852 (W.77))"
)
# Citations are whole strings (not built with f-strings) so each is one translatable entry.
WALES_130E = _("Mental Health Act 1983 s130E (inserted by the Mental Health (Wales) Measure 2010)")
WALES_130I = _("Mental Health Act 1983 s130I (inserted by the Mental Health (Wales) Measure 2010)")
WALES_130J = _("Mental Health Act 1983 s130J (inserted by the Mental Health (Wales) Measure 2010)")


#: The four areas, in the Care Act's words ("substantial difficulty", s67(4)).
CARE_ACT_AREAS = (
    _("the person would have substantial difficulty understanding relevant information"),
    _("the person would have substantial difficulty retaining information"),
    _("the person would have substantial difficulty using or weighing information"),
    _(
        "the person would have substantial difficulty communicating their views, "
        "wishes and feelings"
    ),
)
#: The same four areas as barriers to participating, in the words of the Part 10 Code of
#: Practice under the Social Services and Well-being (Wales) Act 2014.
WALES_BARRIERS = (
    _("the person faces a barrier to understanding relevant information"),
    _("the person faces a barrier to retaining information"),
    _("the person faces a barrier to using or weighing information"),
    _("the person faces a barrier to communicating their views, wishes and feelings"),
)


def _difficulty(met: str, failed: str, areas: tuple[str, ...] = CARE_ACT_AREAS) -> Condition:
    """Care Act "substantial difficulty" / Welsh barriers: any one of four."""
    understanding, retaining, weighing, communicating = areas
    return any_of(
        is_true("substantial_difficulty.understanding", met=understanding),
        is_true("substantial_difficulty.retaining", met=retaining),
        is_true("substantial_difficulty.using_or_weighing", met=weighing),
        is_true("substantial_difficulty.communicating", met=communicating),
        met=met,
        failed=failed,
    )


# --- Care Act advocacy (England) ---------------------------------------------

CARE_ACT_DIFFICULTY = _difficulty(
    met=_("the person would have substantial difficulty in at least one of the four areas"),
    failed=_(
        "The person would not have substantial difficulty understanding, retaining, "
        "using or weighing information, or communicating, so Care Act advocacy is not needed."
    ),
)

# Care Act 2014 s67(5) and s68(4); waived by reg 4 of the 2014 Regulations.
CARE_ACT_NO_APPROPRIATE_INDIVIDUAL = any_of(
    is_false(
        "appropriate_individual_available",
        met=_("there is no appropriate individual to support them"),
    ),
    is_true(
        "nhs_placement_likely",
        met=_(
            "the process is likely to lead to an NHS-funded placement, so under regulation 4 "
            "an appropriate individual does not remove the duty"
        ),
        citations=(CARE_ACT_REG_4,),
    ),
    is_true(
        "disagreement_with_appropriate_individual",
        met=_(
            "the local authority and the appropriate individual disagree on a material issue "
            "and agree an advocate would help, so regulation 4 applies"
        ),
        citations=(CARE_ACT_REG_4,),
    ),
    met=_("there is no appropriate individual to support them (or regulation 4 applies)"),
    failed=_(
        "An appropriate individual is available to support the person and neither "
        "exception in regulation 4 applies, so Care Act advocacy is not needed."
    ),
)

CARE_ACT_OUTSIDE_ENGLAND = _(
    "Care Act advocacy applies only in England; in Wales, advocacy in care and support is "
    "Independent Professional Advocacy under the Social Services and Well-being (Wales) Act 2014."
)

CARE_ACT_ROUTES = (
    Route(
        type="care_act",
        label=_("Care Act advocacy for a care and support process (section 67)"),
        duty=MUST,
        citations=(_("Care Act 2014 s67(4)"),),
        in_force_from=date(2015, 4, 1),
        nation="england",
        outside_nation=CARE_ACT_OUTSIDE_ENGLAND,
        conditions=(
            one_of(
                "process",
                CARE_AND_SUPPORT_PROCESSES,
                met=_("the person is involved in a care and support process"),
                failed=_(
                    "The process is a safeguarding enquiry or review, which section 68 "
                    "covers rather than section 67."
                ),
            ),
            any_of(
                at_least("age", 18, met=_("the person is 18 or over")),
                equals(
                    "process",
                    "transition_assessment",
                    met=_("this is a transition assessment (which has no lower age limit)"),
                ),
                met=_("the person is 18 or over or this is a transition assessment"),
                failed=_(
                    "The person is under 18 and this is not a transition assessment, "
                    "so Care Act advocacy does not apply."
                ),
            ),
            CARE_ACT_DIFFICULTY,
            CARE_ACT_NO_APPROPRIATE_INDIVIDUAL,
        ),
    ),
    Route(
        type="care_act",
        label=_("Care Act advocacy for a safeguarding enquiry or review (section 68)"),
        duty=MUST,
        citations=(_("Care Act 2014 s68(3)"),),
        in_force_from=date(2015, 4, 1),
        nation="england",
        outside_nation=CARE_ACT_OUTSIDE_ENGLAND,
        conditions=(
            one_of(
                "process",
                SAFEGUARDING_PROCESSES,
                met=_(
                    "the person is the subject of a safeguarding enquiry or safeguarding "
                    "adults review"
                ),
                failed=_(
                    "The process is not a safeguarding enquiry or safeguarding adults "
                    "review, so section 68 does not apply."
                ),
            ),
            at_least(
                "age",
                18,
                met=_("the person is 18 or over"),
                failed=_(
                    "The person is under 18, and Care Act safeguarding advocacy is for adults."
                ),
            ),
            CARE_ACT_DIFFICULTY,
            CARE_ACT_NO_APPROPRIATE_INDIVIDUAL,
        ),
    ),
)


# --- IMCA: Mental Capacity Act 2005 s35-41 (England and Wales) ----------------

IMCA_AGE = at_least(
    "age",
    16,
    met=_("the person is 16 or over"),
    failed=_("An IMCA is only for people aged 16 or over."),
)
IMCA_LACKS_CAPACITY = is_true(
    "lacks_capacity",
    met=_("the person has been assessed as lacking capacity for the decision"),
    failed=_(
        "The person has not been assessed as lacking capacity for this decision, "
        "so an IMCA is not needed."
    ),
)
# MCA 2005 s40: a nominated person, attorney or deputy removes the IMCA duties.
IMCA_NO_ATTORNEY = assumed_not(
    "attorney_or_deputy",
    True,
    met=_("no nominated person, attorney or deputy holds the decision"),
    failed=_(
        "A person the individual nominated, an attorney or a deputy has authority for "
        "this decision, so no IMCA is needed (Mental Capacity Act 2005 s40)."
    ),
    assumption=ASSUME_NO_ATTORNEY,
)
IMCA_NOBODY_TO_CONSULT = is_false(
    "anyone_appropriate_to_consult",
    met=_("there is no family member or friend it is appropriate to consult"),
    failed=_(
        "There is a family member or friend it is appropriate to consult, so an IMCA "
        "is not required for this decision."
    ),
)
IMCA_NOT_REQUIRED_BY_MHA = assumed_not(
    "accommodation_required_by_mha",
    True,
    met=_("the person is not required to live there under the Mental Health Act"),
    failed=_(
        "The person is required to live there under the Mental Health Act, so the IMCA "
        "accommodation and care-review routes do not apply."
    ),
    assumption=ASSUME_NOT_REQUIRED_BY_MHA,
)
IMCA_COMMON = (IMCA_AGE, IMCA_LACKS_CAPACITY, IMCA_NO_ATTORNEY)


def _decision(value: str, met: str, failed: str) -> Condition:
    return equals("mca_decision", value, met=met, failed=failed)


IMCA_ROUTES = (
    Route(
        type="imca",
        label=_("An IMCA for serious medical treatment"),
        duty=MUST,
        citations=(_("Mental Capacity Act 2005 s37"),),
        in_force_from=date(2007, 4, 1),
        conditions=(
            *IMCA_COMMON,
            _decision(
                "serious_medical_treatment",
                met=_("the decision is about serious medical treatment"),
                failed=_(
                    "The decision is not about serious medical treatment, so section 37 "
                    "does not apply."
                ),
            ),
            IMCA_NOBODY_TO_CONSULT,
            assumed_not(  # s37(4)
                "treatment_urgent",
                True,
                met=_("the treatment does not need to be given urgently"),
                failed=_(
                    "The treatment must be given urgently, so it need not wait for an "
                    "IMCA (Mental Capacity Act 2005 s37(4))."
                ),
                assumption=ASSUME_NOT_URGENT,
            ),
            assumed_not(  # s37(2)
                "treatment_regulated_by_mha_part4",
                True,
                met=_("the treatment is not regulated by Part 4 of the Mental Health Act"),
                failed=_(
                    "The treatment is regulated by Part 4 of the Mental Health Act, so "
                    "section 37 does not apply."
                ),
                assumption=ASSUME_NOT_PART4,
            ),
        ),
    ),
    Route(
        type="imca",
        label=_("An IMCA for a change of accommodation"),
        duty=MUST,
        citations=(_("Mental Capacity Act 2005 s38"), _("Mental Capacity Act 2005 s39")),
        in_force_from=date(2007, 4, 1),
        conditions=(
            *IMCA_COMMON,
            _decision(
                "accommodation_change",
                met=_("the decision is about a change of accommodation"),
                failed=_(
                    "The decision is not about a change of accommodation, so sections "
                    "38 and 39 do not apply."
                ),
            ),
            IMCA_NOBODY_TO_CONSULT,
            any_of(
                all_of(
                    equals("accommodation.setting", "hospital"),
                    more_than("accommodation.expected_stay_days", 28),
                    met=_("the hospital stay is expected to last more than 28 days"),
                ),
                all_of(
                    equals("accommodation.setting", "care_home"),
                    more_than("accommodation.expected_stay_days", 56),
                    met=_("the care home stay is expected to last more than 8 weeks"),
                ),
                met=_(
                    "the stay is expected to last more than 28 days in hospital or more "
                    "than 8 weeks in a care home"
                ),
                failed=_(
                    "The stay is not expected to last more than 28 days in hospital or "
                    "more than 8 weeks (56 days) in a care home."
                ),
            ),
            IMCA_NOT_REQUIRED_BY_MHA,
        ),
    ),
    Route(
        type="imca",
        label=_("The power to instruct an IMCA for a care review"),
        duty=MAY,
        citations=(
            _("Mental Capacity Act 2005 s41"),
            Cite(ENGLAND_EXPANSION_REGS_3, "england"),
            Cite(WALES_IMCA_REGS, "wales"),
        ),
        in_force_from=date(2007, 4, 1),
        conditions=(
            *IMCA_COMMON,
            _decision(
                "care_review",
                met=_("the decision is a review of accommodation arrangements"),
                failed=_(
                    "The decision is not a review of accommodation arrangements, so the "
                    "care-review power does not apply."
                ),
            ),
            IMCA_NOBODY_TO_CONSULT,
            # Whatever the setting: the regulations set one 12-week threshold.
            more_than(
                "accommodation.expected_stay_days",
                84,
                met=_("the arrangement has lasted or is expected to last more than 12 weeks"),
                failed=_(
                    "The arrangement has not lasted, and is not expected to last, more "
                    "than 12 weeks (84 days), so the care-review power does not apply."
                ),
            ),
            IMCA_NOT_REQUIRED_BY_MHA,
            assumed_not(
                "dols.stage",
                "authorised",
                met=_("no DoLS standard authorisation is in force"),
                failed=_(
                    "A DoLS standard authorisation is in force, so the care-review power "
                    "does not apply."
                ),
                assumption=ASSUME_NO_DOLS_AUTHORISATION,
            ),
        ),
    ),
    Route(
        type="imca",
        label=_("The power to instruct an IMCA in adult safeguarding"),
        duty=MAY,
        citations=(
            _("Mental Capacity Act 2005 s41"),
            Cite(ENGLAND_EXPANSION_REGS_4, "england"),
            Cite(WALES_IMCA_REGS, "wales"),
        ),
        in_force_from=date(2007, 4, 1),
        conditions=(
            *IMCA_COMMON,
            # Family or friends being available does not rule this route out.
            _decision(
                "safeguarding",
                met=_("the decision is about protective measures in adult safeguarding"),
                failed=_(
                    "The decision is not about protective measures in adult safeguarding, "
                    "so the safeguarding power does not apply."
                ),
            ),
        ),
    ),
)


# --- DoLS IMCA and paid RPR: MCA 2005 s39A, s39C, s39D, Schedule A1 Part 10 ---

DOLS_AGE = at_least(
    "age",
    18,
    met=_("the person is 18 or over"),
    failed=_("The Deprivation of Liberty Safeguards apply only to people aged 18 or over."),
)
# s40 covers s39A, s39C and s39D, but not the paid RPR.
DOLS_NO_ATTORNEY = IMCA_NO_ATTORNEY
DOLS_AUTHORISED = equals(
    "dols.stage",
    "authorised",
    met=_("a DoLS standard authorisation is in force"),
    failed=_("No DoLS standard authorisation is in force."),
)
DOLS_DATE = date(2009, 4, 1)

DOLS_ROUTES = (
    Route(
        type="imca_dols_39a",
        label=_("An IMCA under section 39A"),
        duty=MUST,
        citations=(_("Mental Capacity Act 2005 s39A"),),
        in_force_from=DOLS_DATE,
        conditions=(
            DOLS_AGE,
            DOLS_NO_ATTORNEY,
            one_of(
                "dols.stage",
                ("requested", "urgent"),
                met=_(
                    "a standard authorisation has been requested or an urgent authorisation given"
                ),
                failed=_(
                    "No standard authorisation has been requested and no urgent "
                    "authorisation given, so section 39A does not apply."
                ),
            ),
            is_false(
                "anyone_appropriate_to_consult",
                met=_("there is nobody appropriate to consult other than paid carers"),
                failed=_(
                    "There is someone other than a paid carer it is appropriate to "
                    "consult, so section 39A does not apply."
                ),
            ),
        ),
    ),
    Route(
        type="imca_dols_39c",
        label=_("An IMCA under section 39C"),
        duty=MUST,
        citations=(_("Mental Capacity Act 2005 s39C"),),
        in_force_from=DOLS_DATE,
        conditions=(
            DOLS_AGE,
            DOLS_NO_ATTORNEY,
            DOLS_AUTHORISED,
            equals(
                "dols.rpr",
                "none",
                met=_("there is currently no relevant person's representative"),
                failed=_(
                    "A relevant person's representative is in place, so section 39C does not apply."
                ),
            ),
            is_false(
                "anyone_appropriate_to_consult",
                met=_("there is nobody appropriate to consult"),
                failed=_(
                    "There is someone it is appropriate to consult, so section 39C does not apply."
                ),
            ),
        ),
    ),
    Route(
        type="imca_dols_39d",
        label=_("An IMCA under section 39D"),
        duty=MUST,
        citations=(_("Mental Capacity Act 2005 s39D"),),
        in_force_from=DOLS_DATE,
        conditions=(
            DOLS_AGE,
            DOLS_NO_ATTORNEY,
            DOLS_AUTHORISED,
            equals(
                "dols.rpr",
                "unpaid",
                met=_("the relevant person's representative is unpaid"),
                failed=_(
                    "The relevant person's representative is not an unpaid "
                    "representative, so section 39D does not apply."
                ),
            ),
            is_true(
                "dols.imca_requested",
                met=_(
                    "the person or their representative has asked for an IMCA or the "
                    "supervisory body believes one is needed"
                ),
                failed=_(
                    "Neither the person nor their representative has asked for an IMCA, "
                    "and the supervisory body does not believe one is needed."
                ),
            ),
        ),
    ),
    Route(
        type="paid_rpr",
        label=_("A paid relevant person's representative"),
        duty=MUST,
        citations=(_("Mental Capacity Act 2005 Schedule A1 Part 10"),),
        in_force_from=DOLS_DATE,
        conditions=(
            DOLS_AGE,
            DOLS_AUTHORISED,
            one_of(
                "dols.rpr",
                ("none", "paid"),
                met=_("there is no unpaid relevant person's representative"),
                failed=_(
                    "An unpaid relevant person's representative is in place, so a paid "
                    "representative is not needed."
                ),
            ),
            is_false(
                "dols.unpaid_rpr_available",
                met=_(
                    "no suitable family member or friend is able and willing to be the "
                    "representative"
                ),
                failed=_(
                    "A suitable family member or friend is able and willing to be the "
                    "representative, so a paid representative is not needed."
                ),
            ),
        ),
    ),
)


# --- IMHA: Mental Health Act 1983 -------------------------------------------

# s130C(2): liable to be detained (except s4, s5(2), s5(4), s135, s136),
# guardianship, community treatment order, conditional discharge.
ENGLAND_SHORT_TERM = ("s4", "s5_2", "s5_4", "s135", "s136")
ENGLAND_QUALIFYING = tuple(
    s for s in MHA_STATUSES if s not in (*ENGLAND_SHORT_TERM, "none", "informal_inpatient")
)
ENGLAND_NOT_QUALIFYING = ("none", "informal_inpatient", *ENGLAND_SHORT_TERM)
# s130I (Wales): every compulsory status, including the short-term sections.
WALES_COMPULSORY = tuple(s for s in MHA_STATUSES if s not in ("none", "informal_inpatient"))

IMHA_ENGLAND_DATE = date(2009, 4, 1)
IMHA_ENGLAND_CITATIONS = (_("Mental Health Act 1983 s130A"), _("Mental Health Act 1983 s130C"))


def _not_qualifying_by_status(failed: str) -> Condition:
    """s130C(3) is for people not already qualifying under s130C(2)."""
    return one_of(
        "mha.status",
        ENGLAND_NOT_QUALIFYING,
        met=_(
            "the person is not already a qualifying patient through their status under "
            "the Mental Health Act"
        ),
        failed=failed,
    )


IMHA_ROUTES = (
    Route(
        type="imha",
        label=_("An IMHA for a qualifying patient in England (section 130C(2))"),
        duty=MUST,
        citations=IMHA_ENGLAND_CITATIONS,
        in_force_from=IMHA_ENGLAND_DATE,
        nation="england",
        conditions=(
            one_of(
                "mha.status",
                ENGLAND_QUALIFYING,
                met=_(
                    "the person's status under the Mental Health Act makes them a "
                    "qualifying patient"
                ),
                failed=_(
                    "The person's status under the Mental Health Act does not make them "
                    "a qualifying patient in England under section 130C(2)."
                ),
            ),
        ),
    ),
    Route(
        type="imha",
        label=_(
            "An IMHA in England because section 57 treatment is being considered (section 130C(3))"
        ),
        duty=MUST,
        citations=IMHA_ENGLAND_CITATIONS,
        in_force_from=IMHA_ENGLAND_DATE,
        nation="england",
        conditions=(
            _not_qualifying_by_status(
                _(
                    "The section 57 route is for people who do not already qualify through "
                    "their status under the Mental Health Act."
                )
            ),
            is_true(
                "mha.s57_treatment_considered",
                met=_("section 57 treatment is being considered"),
                failed=_("Section 57 treatment is not being considered."),
            ),
        ),
    ),
    Route(
        type="imha",
        label=_(
            "An IMHA in England for someone under 18 being considered for ECT (section 130C(3))"
        ),
        duty=MUST,
        citations=IMHA_ENGLAND_CITATIONS,
        in_force_from=IMHA_ENGLAND_DATE,
        nation="england",
        conditions=(
            _not_qualifying_by_status(
                _(
                    "The ECT route for under-18s is for people who do not already qualify "
                    "through their status under the Mental Health Act."
                )
            ),
            under(
                "age",
                18,
                met=_("the person is under 18"),
                failed=_(
                    "The person is 18 or over, so the ECT route for under-18s does not apply."
                ),
            ),
            is_true(
                "mha.ect_considered",
                met=_("ECT is being considered"),
                failed=_("ECT is not being considered."),
            ),
        ),
    ),
    Route(
        type="imha",
        label=_("An IMHA for a compulsory patient in Wales"),
        duty=MUST,
        citations=(
            WALES_130E,
            WALES_130I,
        ),
        in_force_from=date(2012, 1, 3),  # SI 2011/3046 art 2
        nation="wales",
        conditions=(
            one_of(
                "mha.status",
                WALES_COMPULSORY,
                met=_("the person is subject to compulsory powers under the Mental Health Act"),
                failed=_(
                    "The person is not subject to compulsory powers under the Mental Health Act."
                ),
            ),
        ),
    ),
    Route(
        type="imha",
        label=_("An IMHA for an informal in-patient in Wales"),
        duty=MUST,
        citations=(
            WALES_130E,
            WALES_130J,
        ),
        in_force_from=date(2012, 4, 2),  # SI 2011/3046 art 3
        nation="wales",
        conditions=(
            equals(
                "mha.status",
                "informal_inpatient",
                met=_("the person is an informal in-patient in hospital for mental disorder"),
                failed=_("The person is not an informal in-patient in hospital."),
            ),
        ),
    ),
)


# --- NHS complaints advocacy (England) ---------------------------------------

NHS_COMPLAINTS_ROUTES = (
    Route(
        type="nhs_complaints",
        label=_("NHS complaints advocacy"),
        duty=MUST,
        citations=(
            _(
                "Local Government and Public Involvement in Health Act 2007 s223A "
                "(inserted by the Health and Social Care Act 2012 s185)"
            ),
        ),
        in_force_from=date(2013, 4, 1),
        nation="england",
        outside_nation=_(
            "NHS complaints advocacy applies only in England; in Wales, support "
            "with NHS complaints comes from Llais."
        ),
        conditions=(
            is_true(
                "complaint_about_nhs",
                met=_("the person is making or intends to make a complaint about NHS-funded care"),
                failed=_(
                    "The person is not making or intending to make a complaint about "
                    "NHS-funded care."
                ),
            ),
        ),
    ),
)


# --- Children's advocacy -----------------------------------------------------


def _child_or_care_leaver(child: str, child_or_leaver: str, failed: str) -> Condition:
    """The wording differs by nation ("child in need" is the Children Act's term)."""
    return any_of(
        all_of(
            one_of("child_status", ("looked_after", "child_in_need")),
            under("age", 18),
            met=child,
        ),
        all_of(
            equals("child_status", "care_leaver"),
            at_most("age", 25),
            met=_("the person is a care leaver aged 25 or under"),
        ),
        met=child_or_leaver,
        failed=failed,
    )


MAKING_REPRESENTATION = is_true(
    "making_representation_or_complaint",
    met=_("they are making or intend to make a representation or complaint"),
    failed=_("The person is not making or intending to make a representation or complaint."),
)

CHILDRENS_ROUTES = (
    Route(
        type="childrens",
        label=_("Children's advocacy in England"),
        duty=MUST,
        citations=(_("Children Act 1989 s26A"),),
        in_force_from=date(2004, 4, 1),
        nation="england",
        conditions=(
            MAKING_REPRESENTATION,
            _child_or_care_leaver(
                _("the person is a looked-after child or child in need under 18"),
                _(
                    "the person is a looked-after child or child in need under 18, or a care "
                    "leaver aged 25 or under"
                ),
                _(
                    "The person is not a looked-after child or child in need under 18, or a "
                    "care leaver aged 25 or under."
                ),
            ),
        ),
    ),
    Route(
        type="childrens",
        label=_("Children's advocacy in Wales"),
        duty=MUST,
        citations=(_("Social Services and Well-being (Wales) Act 2014 s174–178"),),
        in_force_from=date(2016, 4, 6),
        nation="wales",
        conditions=(
            MAKING_REPRESENTATION,
            _child_or_care_leaver(
                _(
                    "the person is a looked-after child or child with care and support needs "
                    "under 18"
                ),
                _(
                    "the person is a looked-after child or child with care and support needs "
                    "under 18, or a care leaver aged 25 or under"
                ),
                _(
                    "The person is not a looked-after child or child with care and support needs "
                    "under 18, or a care leaver aged 25 or under."
                ),
            ),
        ),
    ),
)


# --- Independent Professional Advocacy (Wales) -------------------------------

WALES_IPA_ROUTES = (
    Route(
        type="wales_ipa",
        label=_("Independent Professional Advocacy"),
        duty=MUST,
        citations=(
            _("Social Services and Well-being (Wales) Act 2014 Part 10"),
            _(
                "Social Services and Well-being (Wales) Act 2014 Part 10 Code of Practice (Advocacy)"
            ),
        ),
        in_force_from=date(2016, 4, 6),
        nation="wales",
        conditions=(
            one_of(
                "process",
                PROCESSES,
                met=_("the person is involved in a care and support process"),
                failed=_("The person is not involved in a care and support process."),
            ),
            _difficulty(
                met=_("the person faces at least one of the four barriers to participating"),
                failed=_(
                    "The person faces none of the four barriers to participating "
                    "(understanding, retaining, using or weighing information, communicating)."
                ),
                areas=WALES_BARRIERS,
            ),
            is_false(
                "appropriate_individual_available",
                met=_("there is no appropriate individual to help them take part"),
                failed=_("An appropriate individual is available to help the person take part."),
            ),
        ),
    ),
)


#: Every route, by type, in the order reasons are given.
ROUTES: dict[str, tuple[Route, ...]] = {
    "care_act": CARE_ACT_ROUTES,
    "imca": IMCA_ROUTES,
    "imca_dols_39a": DOLS_ROUTES[0:1],
    "imca_dols_39c": DOLS_ROUTES[1:2],
    "imca_dols_39d": DOLS_ROUTES[2:3],
    "paid_rpr": DOLS_ROUTES[3:4],
    "imha": IMHA_ROUTES,
    "nhs_complaints": NHS_COMPLAINTS_ROUTES,
    "childrens": CHILDRENS_ROUTES,
    "wales_ipa": WALES_IPA_ROUTES,
}
assert tuple(ROUTES) == TYPES
assert all(r.type == t for t, routes in ROUTES.items() for r in routes)
