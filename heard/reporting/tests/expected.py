"""Every figure of the known data's reports, worked out by hand from ``world.py``.

Each report is a dict ``{measure key: (column keys, {row key: (cell, ...)})}`` in the
report's own order, every row and every column, zeros included. ``compare`` lists every
difference between a built report and one of these, and names any measure, row or column
the report has and the hand-worked table lacks: a new measure or row fails until its
figures are worked out here.

Conventions: a count is an int; hours and percentages are strings ("1.25", "66.7"); a
median is a float and a 90th percentile an int (working days); ``X`` is an empty cell (no
figure: nothing to take a median of, or no one answered). Shared (as commissioners see
it): ``F`` is "fewer than 5" and ``N`` is "not shown" (secondary suppression).

Dates (2026): Good Friday 3 April and Easter Monday 6 April, and the early May bank
holiday on Monday 4 May, are not working days. Working days are counted after the received
day up to and including the day reached.
"""

from __future__ import annotations

from decimal import Decimal

from heard.core.suppression import is_suppressed
from heard.reporting.tables import completeness_figures

from .world import CARDIFF, LEEDS

F = "fewer than 5"
N = "not shown"
X = None

REFERRALS = ("referrals",)
DECISIONS = ("decisions",)
TIMELINESS = ("cases", "done", "not_yet", "median", "p90", "within_target")
HOURS = ("direct", "travel", "total_hours", "cases")
ISSUES = ("issues",)
CHALLENGES = ("raised", "upheld", "partly_upheld", "not_upheld", "withdrawn", "no_response")
CONCERNS = ("concerns",)
FEEDBACK = ("answered", "positive", "positive_share")
PEOPLE = ("people", "share")

# --- The Care Act service (Riverside), exact -------------------------------------------------
#
# Referrals in the period for the service: R1 (professional web form, Leeds, eligible),
# R2 (phone, no referrer details, Wakefield, not eligible), R3 (self-referral web form, no
# local authority, no check stored: not known; no case, asked for Care Act), and R7–R11
# (five professional web forms from Leeds with the factory's eligible Care Act check; no
# case, asked for Care Act): 8 in all. R5 is before the period, R6 is spam.
# Triage: R1 accepted; R2 awaiting information, then accepted (once under each); R3 declined
# with no reason (other). R4 is IMHA's.
# Timeliness: C1 (routine) allocated 8 April = 2 working days (7, 8), first contact 10 April
# = 4 (7–10; the visit on 7 April is entered in error); C2 (urgent) allocated 9 April = 2
# (8, 9), over the urgent target of 1, not yet contacted; C3 (routine) neither.
# 90th percentile by nearest rank of one value is that value. Within target: first contact
# 4 <= 5 (1 of 1, 100.0%); allocation C1 2 <= 3, C2 2 > 1: 1 of 2, 50.0%.
# Waiting at the end: C3 only, 3 working days (26, 29, 30 June), not over the target of 3.
# Cases: C1, C2, C3 opened; C1 closed 15 June; C2 allocated (live), C3 waiting (not live).
# Hours: C1's visit 60 + 30 travel and call 15 (the 600 minutes in error left out):
# 75/60 = 1.25 direct, 30/60 = 0.50 travel, 1.75 in all, on 1 case.
# Issues: I1 accommodation (achieved, felt listened to partly), I2 care and support
# (partly achieved, felt listened to yes); the money issue is entered in error.
# Challenges: CH1 level 1 raised and upheld; CH2 level 2 raised; CH3 level 1 raised, its
# outcome (2 July) after the period.
# Safeguarding: SG1 raised, acknowledged, section 42 enquiry on 15 May; SG2 raised 29 June,
# not acknowledged. SG3 is on no case (all services only).
# System issues: access to advocacy from C1 and C2 (1 issue, 2 links); delays from C3
# (1 issue, 1 link; C1's link of 31 March is before the period).
# Feedback (April): listened yes, a bit, no: 3 answered, 2 positive, 66.7%; understood
# rights "not sure": 1 answered, 0, 0.0%; speak up no, yes: 2, 1, 50.0%; things changed: none.
# The March response is before the period; the IMHA one is another service's.
# Equality: one person reached (C1's: Asian Indian, female, disability "yes, a lot", Hindu,
# born 17 March 1941: 85 on 30 June 2026). Shares are of the 1 who answered.

CARE_ACT = {
    "referrals_by_type": (REFERRALS, {"care_act": (8,), "none": (0,), "total": (8,)}),
    "referrals_by_referrer": (
        REFERRALS,
        {"professional": (6,), "self": (1,), "family": (0,), "not_recorded": (1,), "total": (8,)},
    ),
    "referrals_by_channel": (
        REFERRALS,
        {
            "web": (7,),
            "phone": (1,),
            "email": (0,),
            "letter": (0,),
            "in_person": (0,),
            "total": (8,),
        },
    ),
    "referrals_by_local_authority": (
        REFERRALS,
        {LEEDS: (6,), "out_of_area": (1,), "not_recorded": (1,), "total": (8,)},
    ),
    "referrals_by_eligibility": (
        REFERRALS,
        {"eligible": (6,), "not_eligible": (1,), "not_known": (1,), "total": (8,)},
    ),
    "triage_decisions": (
        DECISIONS,
        {
            "accept": (2,),
            "decline": (1,),
            "signpost": (0,),
            "await_information": (1,),
            "withdraw": (0,),
            "total": (4,),
        },
    ),
    "triage_decline_reasons": (
        DECISIONS,
        {
            "not_eligible": (0,),
            "out_of_area": (0,),
            "no_consent": (0,),
            "duplicate": (0,),
            "already_supported": (0,),
            "no_longer_needed": (0,),
            "other": (1,),
            "total": (1,),
        },
    ),
    "time_to_first_contact": (
        TIMELINESS,
        {
            "urgent": (1, 0, 1, X, X, X),
            "standard": (2, 1, 1, 4.0, 4, "100.0"),
            "total": (3, 1, 2, 4.0, 4, "100.0"),
        },
    ),
    "time_to_allocation": (
        TIMELINESS,
        {
            "urgent": (1, 1, 0, 2.0, 2, "0.0"),
            "standard": (2, 1, 1, 2.0, 2, "100.0"),
            "total": (3, 2, 1, 2.0, 2, "50.0"),
        },
    ),
    "waiting_list_at_end": (
        ("waiting", "over_target"),
        {"urgent": (0, 0), "standard": (1, 0), "total": (1, 0)},
    ),
    "case_counts": (("opened", "closed", "live"), {"care_act": (3, 1, 1), "total": (3, 1, 1)}),
    "hours_by_type": (
        HOURS,
        {"care_act": ("1.25", "0.50", "1.75", 1), "total": ("1.25", "0.50", "1.75", 1)},
    ),
    "hours_by_activity": (
        HOURS,
        {
            "visit": ("1.00", "0.50", "1.50", 1),
            "phone_call": ("0.25", "0.00", "0.25", 1),
            "total": ("1.25", "0.50", "1.75", 1),
        },
    ),
    "issues_by_category": (
        ISSUES,
        {
            "care_and_support": (1,),
            "accommodation": (1,),
            "health_treatment": (0,),
            "mental_health_rights": (0,),
            "liberty": (0,),
            "safeguarding": (0,),
            "money": (0,),
            "complaint": (0,),
            "family_and_relationships": (0,),
            "other": (0,),
            "total": (2,),
        },
    ),
    "issue_outcomes": (
        ISSUES,
        {
            "achieved": (1,),
            "partly_achieved": (1,),
            "not_achieved": (0,),
            "withdrawn": (0,),
            "total": (2,),
        },
    ),
    "issues_felt_listened_to": (
        ISSUES,
        {
            "yes": (1,),
            "partly": (1,),
            "no": (0,),
            "not_asked": (0,),
            "not_answered": (0,),
            "total": (2,),
        },
    ),
    "challenges": (
        CHALLENGES,
        {
            "1": (2, 1, 0, 0, 0, 0),
            "2": (1, 0, 0, 0, 0, 0),
            "3": (0, 0, 0, 0, 0, 0),
            "4": (0, 0, 0, 0, 0, 0),
            "total": (3, 1, 0, 0, 0, 0),
        },
    ),
    "safeguarding": (CONCERNS, {"raised": (2,), "answered": (1,), "outcome": (1,)}),
    "safeguarding_outcomes": (
        CONCERNS,
        {
            "section_42_enquiry": (1,),
            "other_enquiry": (0,),
            "action_without_enquiry": (0,),
            "no_further_action": (0,),
            "passed_on": (0,),
            "other": (0,),
            "total": (1,),
        },
    ),
    "system_issues_evidenced": (
        ("issues", "links"),
        {"access_to_advocacy": (1, 2), "delays": (1, 1), "total": (2, 3)},
    ),
    "feedback": (
        FEEDBACK,
        {
            "listened": (3, 2, "66.7"),
            "understood_rights": (1, 0, "0.0"),
            "speak_up": (2, 1, "50.0"),
            "things_changed": (0, 0, X),
        },
    ),
    "equality_ethnic_group": (
        PEOPLE,
        {
            "asian": (1, "100.0"),
            "black": (0, "0.0"),
            "mixed": (0, "0.0"),
            "white": (0, "0.0"),
            "other": (0, "0.0"),
            "prefer_not_to_say": (0, X),
            "not_answered": (0, X),
            "total": (1, X),
        },
    ),
    "equality_age_band": (
        PEOPLE,
        {
            "0–15": (0, "0.0"),
            "16–17": (0, "0.0"),
            "18–24": (0, "0.0"),
            "25–34": (0, "0.0"),
            "35–44": (0, "0.0"),
            "45–54": (0, "0.0"),
            "55–64": (0, "0.0"),
            "65–74": (0, "0.0"),
            "75–84": (0, "0.0"),
            "85+": (1, "100.0"),
            "prefer_not_to_say": (0, X),
            "not_answered": (0, X),
            "total": (1, X),
        },
    ),
    "equality_sex": (
        PEOPLE,
        {
            "female": (1, "100.0"),
            "male": (0, "0.0"),
            "prefer_not_to_say": (0, X),
            "not_answered": (0, X),
            "total": (1, X),
        },
    ),
    "equality_disability": (
        PEOPLE,
        {
            "yes_a_lot": (1, "100.0"),
            "yes_a_little": (0, "0.0"),
            "no": (0, "0.0"),
            "prefer_not_to_say": (0, X),
            "not_answered": (0, X),
            "total": (1, X),
        },
    ),
    "equality_religion": (
        PEOPLE,
        {
            "none": (0, "0.0"),
            "christian": (0, "0.0"),
            "buddhist": (0, "0.0"),
            "hindu": (1, "100.0"),
            "jewish": (0, "0.0"),
            "muslim": (0, "0.0"),
            "sikh": (0, "0.0"),
            "other": (0, "0.0"),
            "prefer_not_to_say": (0, X),
            "not_answered": (0, X),
            "total": (1, X),
        },
    ),
}

# Completeness (answered, of, share %) of each equality table: the one person answered all.
CARE_ACT_COMPLETENESS = dict.fromkeys(
    [
        "equality_ethnic_group",
        "equality_age_band",
        "equality_sex",
        "equality_disability",
        "equality_religion",
    ],
    (1, 1, "100.0"),
)

# --- The Care Act service as commissioners see it ---------------------------------------------
#
# Every count from 1 to 4 is F; 0 stays 0. The referral columns total 8, so a total is
# shown and a small cell beside it could be worked out by subtraction; secondary
# suppression hides the next smallest cell as N:
# - who: self and not recorded are 1 each (F); two cells of 1 to 4 summing to 8 - 6 = 2 are
#   each 1, so professional (6) is N. Then professional is 5 or 6, self and not recorded
#   1 or 2 (or 1 to 3 with professional at 5): none is pinned down.
# - how: phone (F) alone would be 8 - 7, so web (7) is N. Local authority: out of area and
#   not recorded (F, F) would be 1 each, so Leeds (6) is N. Eligibility: eligible (6) is N.
# - by type: Care Act 8 and "no type given" 0: nothing to hide.
# Every other column totals fewer than 5, so its total is itself F and no secondary is
# needed. Medians, percentiles, percentages and
# hours resting on 1 to 4 cases or people are F; an empty cell stays empty.
# Completeness: the answered rows hold an F, so their sum is not shown (N); the total is one
# hidden cell, shown as it is (F); no share.

CARE_ACT_SHARED = {
    "referrals_by_type": (REFERRALS, {"care_act": (8,), "none": (0,), "total": (8,)}),
    "referrals_by_referrer": (
        REFERRALS,
        {"professional": (N,), "self": (F,), "family": (0,), "not_recorded": (F,), "total": (8,)},
    ),
    "referrals_by_channel": (
        REFERRALS,
        {
            "web": (N,),
            "phone": (F,),
            "email": (0,),
            "letter": (0,),
            "in_person": (0,),
            "total": (8,),
        },
    ),
    "referrals_by_local_authority": (
        REFERRALS,
        {LEEDS: (N,), "out_of_area": (F,), "not_recorded": (F,), "total": (8,)},
    ),
    "referrals_by_eligibility": (
        REFERRALS,
        {"eligible": (N,), "not_eligible": (F,), "not_known": (F,), "total": (8,)},
    ),
    "triage_decisions": (
        DECISIONS,
        {
            "accept": (F,),
            "decline": (F,),
            "signpost": (0,),
            "await_information": (F,),
            "withdraw": (0,),
            "total": (F,),
        },
    ),
    "triage_decline_reasons": (
        DECISIONS,
        {
            "not_eligible": (0,),
            "out_of_area": (0,),
            "no_consent": (0,),
            "duplicate": (0,),
            "already_supported": (0,),
            "no_longer_needed": (0,),
            "other": (F,),
            "total": (F,),
        },
    ),
    "time_to_first_contact": (
        TIMELINESS,
        {
            # No urgent case contacted: no median to hide.
            "urgent": (F, 0, F, X, X, X),
            "standard": (F, F, F, F, F, F),
            "total": (F, F, F, F, F, F),
        },
    ),
    "time_to_allocation": (
        TIMELINESS,
        {
            "urgent": (F, F, 0, F, F, F),
            "standard": (F, F, F, F, F, F),
            "total": (F, F, F, F, F, F),
        },
    ),
    "waiting_list_at_end": (
        ("waiting", "over_target"),
        {"urgent": (0, 0), "standard": (F, 0), "total": (F, 0)},
    ),
    "case_counts": (("opened", "closed", "live"), {"care_act": (F, F, F), "total": (F, F, F)}),
    "hours_by_type": (HOURS, {"care_act": (F, F, F, F), "total": (F, F, F, F)}),
    "hours_by_activity": (
        HOURS,
        {"visit": (F, F, F, F), "phone_call": (F, F, F, F), "total": (F, F, F, F)},
    ),
    "issues_by_category": (
        ISSUES,
        {
            "care_and_support": (F,),
            "accommodation": (F,),
            "health_treatment": (0,),
            "mental_health_rights": (0,),
            "liberty": (0,),
            "safeguarding": (0,),
            "money": (0,),
            "complaint": (0,),
            "family_and_relationships": (0,),
            "other": (0,),
            "total": (F,),
        },
    ),
    "issue_outcomes": (
        ISSUES,
        {
            "achieved": (F,),
            "partly_achieved": (F,),
            "not_achieved": (0,),
            "withdrawn": (0,),
            "total": (F,),
        },
    ),
    "issues_felt_listened_to": (
        ISSUES,
        {
            "yes": (F,),
            "partly": (F,),
            "no": (0,),
            "not_asked": (0,),
            "not_answered": (0,),
            "total": (F,),
        },
    ),
    "challenges": (
        CHALLENGES,
        {
            "1": (F, F, 0, 0, 0, 0),
            "2": (F, 0, 0, 0, 0, 0),
            "3": (0, 0, 0, 0, 0, 0),
            "4": (0, 0, 0, 0, 0, 0),
            "total": (F, F, 0, 0, 0, 0),
        },
    ),
    "safeguarding": (CONCERNS, {"raised": (F,), "answered": (F,), "outcome": (F,)}),
    "safeguarding_outcomes": (
        CONCERNS,
        {
            "section_42_enquiry": (F,),
            "other_enquiry": (0,),
            "action_without_enquiry": (0,),
            "no_further_action": (0,),
            "passed_on": (0,),
            "other": (0,),
            "total": (F,),
        },
    ),
    "system_issues_evidenced": (
        ("issues", "links"),
        {"access_to_advocacy": (F, F), "delays": (F, F), "total": (F, F)},
    ),
    "feedback": (
        FEEDBACK,
        {
            "listened": (F, F, F),
            "understood_rights": (F, 0, F),
            "speak_up": (F, F, F),
            "things_changed": (0, 0, X),
        },
    ),
    # Shares rest on the 1 person who answered: all hidden, zeros' shares included.
    "equality_ethnic_group": (
        PEOPLE,
        {
            "asian": (F, F),
            "black": (0, F),
            "mixed": (0, F),
            "white": (0, F),
            "other": (0, F),
            "prefer_not_to_say": (0, X),
            "not_answered": (0, X),
            "total": (F, X),
        },
    ),
    "equality_age_band": (
        PEOPLE,
        {
            "0–15": (0, F),
            "16–17": (0, F),
            "18–24": (0, F),
            "25–34": (0, F),
            "35–44": (0, F),
            "45–54": (0, F),
            "55–64": (0, F),
            "65–74": (0, F),
            "75–84": (0, F),
            "85+": (F, F),
            "prefer_not_to_say": (0, X),
            "not_answered": (0, X),
            "total": (F, X),
        },
    ),
    "equality_sex": (
        PEOPLE,
        {
            "female": (F, F),
            "male": (0, F),
            "prefer_not_to_say": (0, X),
            "not_answered": (0, X),
            "total": (F, X),
        },
    ),
    "equality_disability": (
        PEOPLE,
        {
            "yes_a_lot": (F, F),
            "yes_a_little": (0, F),
            "no": (0, F),
            "prefer_not_to_say": (0, X),
            "not_answered": (0, X),
            "total": (F, X),
        },
    ),
    "equality_religion": (
        PEOPLE,
        {
            "none": (0, F),
            "christian": (0, F),
            "buddhist": (0, F),
            "hindu": (F, F),
            "jewish": (0, F),
            "muslim": (0, F),
            "sikh": (0, F),
            "other": (0, F),
            "prefer_not_to_say": (0, X),
            "not_answered": (0, X),
            "total": (F, X),
        },
    ),
}

CARE_ACT_SHARED_COMPLETENESS = dict.fromkeys(CARE_ACT_COMPLETENESS, (N, F, X))

# --- All of Riverside's services, exact --------------------------------------------------------
#
# Referrals: R1–R4 and R7–R11 (every referral of the organisation, spam and R5 left out): 9.
# By type: Care Act R1–R3 and R7–R11 (8), IMHA R4 (1). Every type with a law in England is
# a row; Wales IPA is among them, since ``heard.core.nations.NATION_ONLY_TYPES`` leaves
# no type out in England.
# Who: professional R1 and R7–R11 (6), self R3, family R4 (family web form), not recorded R2.
# How: web R1, R3, R4, R7–R11 (8), phone R2. Local authority: Leeds R1, R4, R7–R11 (7),
# Wakefield (out of area) R2, none R3. Eligibility: R1, R4 and R7–R11 carry the factory's
# Care Act check, eligible (7); R2 not eligible; R3 not known.
# Triage: as the Care Act service, and R4 accepted: accept 3, await 1, decline 1 (other).
# Timeliness adds C4 (IMHA, routine, received Saturday 2 May): allocated and contacted
# Tuesday 5 May, 1 working day (Monday 4 May is a bank holiday), within the default targets.
# First contact, routine: 4 and 1: median 2.5, 90th percentile (rank ceil(1.8) = 2) 4.
# Allocation, routine: 2 and 1: median 1.5, 90th percentile 2. All: 2, 2, 1: median 2.0,
# 90th (rank ceil(2.7) = 3) 2; within target C1 and C4 of 3: 66.7%.
# Cases: C4 opened and live (active). Hours: C4's visit 90 + 45 travel: 1.50 + 0.75 = 2.25;
# all: direct 75 + 90 = 165 = 2.75, travel 30 + 45 = 75 = 1.25, 4.00, on 2 cases; visits
# 150 minutes direct (2.50), 75 travel (1.25), 3.75, on 2 cases.
# Issues: I3 (C4) mental health rights, not achieved, felt listened to not recorded.
# Challenges: CH4 (C4) level 3 raised, partly upheld 25 June. Safeguarding: SG3 on no
# case counts for all services: 3 raised, 2 answered, 1 with an outcome.
# System issues: C4's link adds a third piece of evidence to access to advocacy.
# Feedback: the IMHA response adds listened yes (4 answered, 3 positive, 75.0%) and things
# changed "a bit" (1, 1, 100.0%).
# Equality: two people reached: C1's (as above) and C4's (no answers but born 30 June 2001:
# 25 on the last day of the period, band 25–34).

ALL_SERVICES = {
    "referrals_by_type": (
        REFERRALS,
        {
            "care_act": (8,),
            "imca": (0,),
            "imca_dols_39a": (0,),
            "imca_dols_39c": (0,),
            "imca_dols_39d": (0,),
            "paid_rpr": (0,),
            "imha": (1,),
            "nhs_complaints": (0,),
            "childrens": (0,),
            "non_statutory": (0,),
            "self_advocacy": (0,),
            "peer_advocacy": (0,),
            "none": (0,),
            "total": (9,),
        },
    ),
    "referrals_by_referrer": (
        REFERRALS,
        {"professional": (6,), "self": (1,), "family": (1,), "not_recorded": (1,), "total": (9,)},
    ),
    "referrals_by_channel": (
        REFERRALS,
        {
            "web": (8,),
            "phone": (1,),
            "email": (0,),
            "letter": (0,),
            "in_person": (0,),
            "total": (9,),
        },
    ),
    "referrals_by_local_authority": (
        REFERRALS,
        {LEEDS: (7,), "out_of_area": (1,), "not_recorded": (1,), "total": (9,)},
    ),
    "referrals_by_eligibility": (
        REFERRALS,
        {"eligible": (7,), "not_eligible": (1,), "not_known": (1,), "total": (9,)},
    ),
    "triage_decisions": (
        DECISIONS,
        {
            "accept": (3,),
            "decline": (1,),
            "signpost": (0,),
            "await_information": (1,),
            "withdraw": (0,),
            "total": (5,),
        },
    ),
    "triage_decline_reasons": CARE_ACT["triage_decline_reasons"],
    "time_to_first_contact": (
        TIMELINESS,
        {
            "urgent": (1, 0, 1, X, X, X),
            "standard": (3, 2, 1, 2.5, 4, "100.0"),
            "total": (4, 2, 2, 2.5, 4, "100.0"),
        },
    ),
    "time_to_allocation": (
        TIMELINESS,
        {
            "urgent": (1, 1, 0, 2.0, 2, "0.0"),
            "standard": (3, 2, 1, 1.5, 2, "100.0"),
            "total": (4, 3, 1, 2.0, 2, "66.7"),
        },
    ),
    "waiting_list_at_end": CARE_ACT["waiting_list_at_end"],
    "case_counts": (
        ("opened", "closed", "live"),
        {"care_act": (3, 1, 1), "imha": (1, 0, 1), "total": (4, 1, 2)},
    ),
    "hours_by_type": (
        HOURS,
        {
            "care_act": ("1.25", "0.50", "1.75", 1),
            "imha": ("1.50", "0.75", "2.25", 1),
            "total": ("2.75", "1.25", "4.00", 2),
        },
    ),
    "hours_by_activity": (
        HOURS,
        {
            "visit": ("2.50", "1.25", "3.75", 2),
            "phone_call": ("0.25", "0.00", "0.25", 1),
            "total": ("2.75", "1.25", "4.00", 2),
        },
    ),
    "issues_by_category": (
        ISSUES,
        {
            "care_and_support": (1,),
            "accommodation": (1,),
            "health_treatment": (0,),
            "mental_health_rights": (1,),
            "liberty": (0,),
            "safeguarding": (0,),
            "money": (0,),
            "complaint": (0,),
            "family_and_relationships": (0,),
            "other": (0,),
            "total": (3,),
        },
    ),
    "issue_outcomes": (
        ISSUES,
        {
            "achieved": (1,),
            "partly_achieved": (1,),
            "not_achieved": (1,),
            "withdrawn": (0,),
            "total": (3,),
        },
    ),
    "issues_felt_listened_to": (
        ISSUES,
        {
            "yes": (1,),
            "partly": (1,),
            "no": (0,),
            "not_asked": (0,),
            "not_answered": (1,),
            "total": (3,),
        },
    ),
    "challenges": (
        CHALLENGES,
        {
            "1": (2, 1, 0, 0, 0, 0),
            "2": (1, 0, 0, 0, 0, 0),
            "3": (1, 0, 1, 0, 0, 0),
            "4": (0, 0, 0, 0, 0, 0),
            "total": (4, 1, 1, 0, 0, 0),
        },
    ),
    "safeguarding": (CONCERNS, {"raised": (3,), "answered": (2,), "outcome": (1,)}),
    "safeguarding_outcomes": CARE_ACT["safeguarding_outcomes"],
    "system_issues_evidenced": (
        ("issues", "links"),
        {"access_to_advocacy": (1, 3), "delays": (1, 1), "total": (2, 4)},
    ),
    "feedback": (
        FEEDBACK,
        {
            "listened": (4, 3, "75.0"),
            "understood_rights": (1, 0, "0.0"),
            "speak_up": (2, 1, "50.0"),
            "things_changed": (1, 1, "100.0"),
        },
    ),
    "equality_ethnic_group": (
        PEOPLE,
        {
            "asian": (1, "100.0"),
            "black": (0, "0.0"),
            "mixed": (0, "0.0"),
            "white": (0, "0.0"),
            "other": (0, "0.0"),
            "prefer_not_to_say": (0, X),
            "not_answered": (1, X),
            "total": (2, X),
        },
    ),
    "equality_age_band": (
        PEOPLE,
        {
            "0–15": (0, "0.0"),
            "16–17": (0, "0.0"),
            "18–24": (0, "0.0"),
            "25–34": (1, "50.0"),
            "35–44": (0, "0.0"),
            "45–54": (0, "0.0"),
            "55–64": (0, "0.0"),
            "65–74": (0, "0.0"),
            "75–84": (0, "0.0"),
            "85+": (1, "50.0"),
            "prefer_not_to_say": (0, X),
            "not_answered": (0, X),
            "total": (2, X),
        },
    ),
    "equality_sex": (
        PEOPLE,
        {
            "female": (1, "100.0"),
            "male": (0, "0.0"),
            "prefer_not_to_say": (0, X),
            "not_answered": (1, X),
            "total": (2, X),
        },
    ),
    "equality_disability": (
        PEOPLE,
        {
            "yes_a_lot": (1, "100.0"),
            "yes_a_little": (0, "0.0"),
            "no": (0, "0.0"),
            "prefer_not_to_say": (0, X),
            "not_answered": (1, X),
            "total": (2, X),
        },
    ),
    "equality_religion": (
        PEOPLE,
        {
            "none": (0, "0.0"),
            "christian": (0, "0.0"),
            "buddhist": (0, "0.0"),
            "hindu": (1, "100.0"),
            "jewish": (0, "0.0"),
            "muslim": (0, "0.0"),
            "sikh": (0, "0.0"),
            "other": (0, "0.0"),
            "prefer_not_to_say": (0, X),
            "not_answered": (1, X),
            "total": (2, X),
        },
    ),
}

# Known for 1 of the 2 people reached (50.0%), except age: both have a date of birth.
ALL_SERVICES_COMPLETENESS = {
    "equality_ethnic_group": (1, 2, "50.0"),
    "equality_age_band": (2, 2, "100.0"),
    "equality_sex": (1, 2, "50.0"),
    "equality_disability": (1, 2, "50.0"),
    "equality_religion": (1, 2, "50.0"),
}

# --- All services as commissioners see it -----------------------------------------------------
#
# The referral columns total 9, so a total is shown and the small cells beside it could be
# worked out by subtraction. Secondary suppression hides the next smallest cell as N:
# - by type: IMHA 1 is F; alone it would be 9 less the rest, so Care Act (8) is N. Then
#   IMHA is 1 to 4 and Care Act at least 5, adding to 9: neither pinned down.
# - who: self, family, not recorded are 1 each (F); three cells of 1 to 4 summing to 9 - 6
#   = 3 are each 1, so professional (6) is N.
# - how: phone 1 (F) would be 9 - 8, so web (8) is N. Local authority: out of area and
#   not recorded (F, F) would be 1 each, so Leeds (7) is N. Eligibility likewise: eligible N.
# - triage decisions total 5: accept 3, decline 1, await 1 are F; three cells of 1 to 4
#   summing to 5 leave each 1 to 3, so none is pinned down and nothing more is hidden.
# Other columns total fewer than 5, so the total is F too and no secondary is needed.

ALL_SERVICES_SHARED = {
    "referrals_by_type": (
        REFERRALS,
        {
            "care_act": (N,),
            "imca": (0,),
            "imca_dols_39a": (0,),
            "imca_dols_39c": (0,),
            "imca_dols_39d": (0,),
            "paid_rpr": (0,),
            "imha": (F,),
            "nhs_complaints": (0,),
            "childrens": (0,),
            "non_statutory": (0,),
            "self_advocacy": (0,),
            "peer_advocacy": (0,),
            "none": (0,),
            "total": (9,),
        },
    ),
    "referrals_by_referrer": (
        REFERRALS,
        {"professional": (N,), "self": (F,), "family": (F,), "not_recorded": (F,), "total": (9,)},
    ),
    "referrals_by_channel": (
        REFERRALS,
        {
            "web": (N,),
            "phone": (F,),
            "email": (0,),
            "letter": (0,),
            "in_person": (0,),
            "total": (9,),
        },
    ),
    "referrals_by_local_authority": (
        REFERRALS,
        {LEEDS: (N,), "out_of_area": (F,), "not_recorded": (F,), "total": (9,)},
    ),
    "referrals_by_eligibility": (
        REFERRALS,
        {"eligible": (N,), "not_eligible": (F,), "not_known": (F,), "total": (9,)},
    ),
    "triage_decisions": (
        DECISIONS,
        {
            "accept": (F,),
            "decline": (F,),
            "signpost": (0,),
            "await_information": (F,),
            "withdraw": (0,),
            "total": (5,),
        },
    ),
    "triage_decline_reasons": CARE_ACT_SHARED["triage_decline_reasons"],
    "time_to_first_contact": (
        TIMELINESS,
        {
            "urgent": (F, 0, F, X, X, X),
            "standard": (F, F, F, F, F, F),
            "total": (F, F, F, F, F, F),
        },
    ),
    "time_to_allocation": CARE_ACT_SHARED["time_to_allocation"],
    "waiting_list_at_end": CARE_ACT_SHARED["waiting_list_at_end"],
    "case_counts": (
        ("opened", "closed", "live"),
        {"care_act": (F, F, F), "imha": (F, 0, F), "total": (F, F, F)},
    ),
    "hours_by_type": (
        HOURS,
        {"care_act": (F, F, F, F), "imha": (F, F, F, F), "total": (F, F, F, F)},
    ),
    "hours_by_activity": CARE_ACT_SHARED["hours_by_activity"],
    "issues_by_category": (
        ISSUES,
        {
            "care_and_support": (F,),
            "accommodation": (F,),
            "health_treatment": (0,),
            "mental_health_rights": (F,),
            "liberty": (0,),
            "safeguarding": (0,),
            "money": (0,),
            "complaint": (0,),
            "family_and_relationships": (0,),
            "other": (0,),
            "total": (F,),
        },
    ),
    "issue_outcomes": (
        ISSUES,
        {
            "achieved": (F,),
            "partly_achieved": (F,),
            "not_achieved": (F,),
            "withdrawn": (0,),
            "total": (F,),
        },
    ),
    "issues_felt_listened_to": (
        ISSUES,
        {
            "yes": (F,),
            "partly": (F,),
            "no": (0,),
            "not_asked": (0,),
            "not_answered": (F,),
            "total": (F,),
        },
    ),
    "challenges": (
        CHALLENGES,
        {
            "1": (F, F, 0, 0, 0, 0),
            "2": (F, 0, 0, 0, 0, 0),
            "3": (F, 0, F, 0, 0, 0),
            "4": (0, 0, 0, 0, 0, 0),
            "total": (F, F, F, 0, 0, 0),
        },
    ),
    "safeguarding": CARE_ACT_SHARED["safeguarding"],
    "safeguarding_outcomes": CARE_ACT_SHARED["safeguarding_outcomes"],
    "system_issues_evidenced": CARE_ACT_SHARED["system_issues_evidenced"],
    "feedback": (
        FEEDBACK,
        {
            "listened": (F, F, F),
            "understood_rights": (F, 0, F),
            "speak_up": (F, F, F),
            "things_changed": (F, F, F),
        },
    ),
    "equality_ethnic_group": (
        PEOPLE,
        {
            "asian": (F, F),
            "black": (0, F),
            "mixed": (0, F),
            "white": (0, F),
            "other": (0, F),
            "prefer_not_to_say": (0, X),
            "not_answered": (F, X),
            "total": (F, X),
        },
    ),
    "equality_age_band": (
        PEOPLE,
        {
            "0–15": (0, F),
            "16–17": (0, F),
            "18–24": (0, F),
            "25–34": (F, F),
            "35–44": (0, F),
            "45–54": (0, F),
            "55–64": (0, F),
            "65–74": (0, F),
            "75–84": (0, F),
            "85+": (F, F),
            "prefer_not_to_say": (0, X),
            "not_answered": (0, X),
            "total": (F, X),
        },
    ),
    "equality_sex": (
        PEOPLE,
        {
            "female": (F, F),
            "male": (0, F),
            "prefer_not_to_say": (0, X),
            "not_answered": (F, X),
            "total": (F, X),
        },
    ),
    "equality_disability": (
        PEOPLE,
        {
            "yes_a_lot": (F, F),
            "yes_a_little": (0, F),
            "no": (0, F),
            "prefer_not_to_say": (0, X),
            "not_answered": (F, X),
            "total": (F, X),
        },
    ),
    "equality_religion": (
        PEOPLE,
        {
            "none": (0, F),
            "christian": (0, F),
            "buddhist": (0, F),
            "hindu": (F, F),
            "jewish": (0, F),
            "muslim": (0, F),
            "sikh": (0, F),
            "other": (0, F),
            "prefer_not_to_say": (0, X),
            "not_answered": (F, X),
            "total": (F, X),
        },
    ),
}

ALL_SERVICES_SHARED_COMPLETENESS = dict.fromkeys(CARE_ACT_COMPLETENESS, (N, F, X))

# --- The Welsh organisation's Cardiff IPA service, exact --------------------------------------
#
# Referrals: WR1 (professional by email, Cardiff) and WR2 (self-referral by phone, no local
# authority); neither has an eligibility check stored. WR1 accepted, WR2 declined (the
# person does not want advocacy). Only Wales IPA is delivered: its row, and "no type given".
# W1 received Tuesday 14 April: allocated 15 April (1 working day), first contact (the
# visit) 16 April (2). W2 received Monday 22 June, still waiting on 30 June: 6 working days
# (23–26, 29, 30 June), over the allocation target of 3; not contacted or allocated.
# Hours: W1's visit, 60 minutes, no travel. Issue: other, achieved 10 June, felt listened
# to "no". Challenge: level 1, withdrawn. Concern: raised, acknowledged, an adult at risk
# enquiry (stored as section_42_enquiry, labelled for Wales). System issue: rights not
# explained, 1 link. Feedback: listened yes (1 of 1, 100.0%).
# Equality: one person reached (W1's), with no answers but born 1 July 1972: 53 on 30 June
# 2026, band 45–54. Nobody answered the other questions, so no share can be given.

WALES = {
    "referrals_by_type": (REFERRALS, {"wales_ipa": (2,), "none": (0,), "total": (2,)}),
    "referrals_by_referrer": (
        REFERRALS,
        {"professional": (1,), "self": (1,), "family": (0,), "not_recorded": (0,), "total": (2,)},
    ),
    "referrals_by_channel": (
        REFERRALS,
        {
            "web": (0,),
            "phone": (1,),
            "email": (1,),
            "letter": (0,),
            "in_person": (0,),
            "total": (2,),
        },
    ),
    "referrals_by_local_authority": (
        REFERRALS,
        {CARDIFF: (1,), "out_of_area": (0,), "not_recorded": (1,), "total": (2,)},
    ),
    "referrals_by_eligibility": (
        REFERRALS,
        {"eligible": (0,), "not_eligible": (0,), "not_known": (2,), "total": (2,)},
    ),
    "triage_decisions": (
        DECISIONS,
        {
            "accept": (1,),
            "decline": (1,),
            "signpost": (0,),
            "await_information": (0,),
            "withdraw": (0,),
            "total": (2,),
        },
    ),
    "triage_decline_reasons": (
        DECISIONS,
        {
            "not_eligible": (0,),
            "out_of_area": (0,),
            "no_consent": (1,),
            "duplicate": (0,),
            "already_supported": (0,),
            "no_longer_needed": (0,),
            "other": (0,),
            "total": (1,),
        },
    ),
    "time_to_first_contact": (
        TIMELINESS,
        {
            "urgent": (0, 0, 0, X, X, X),
            "standard": (2, 1, 1, 2.0, 2, "100.0"),
            "total": (2, 1, 1, 2.0, 2, "100.0"),
        },
    ),
    "time_to_allocation": (
        TIMELINESS,
        {
            "urgent": (0, 0, 0, X, X, X),
            "standard": (2, 1, 1, 1.0, 1, "100.0"),
            "total": (2, 1, 1, 1.0, 1, "100.0"),
        },
    ),
    "waiting_list_at_end": (
        ("waiting", "over_target"),
        {"urgent": (0, 0), "standard": (1, 1), "total": (1, 1)},
    ),
    "case_counts": (
        ("opened", "closed", "live"),
        {"wales_ipa": (2, 0, 1), "total": (2, 0, 1)},
    ),
    "hours_by_type": (
        HOURS,
        {"wales_ipa": ("1.00", "0.00", "1.00", 1), "total": ("1.00", "0.00", "1.00", 1)},
    ),
    "hours_by_activity": (
        HOURS,
        {"visit": ("1.00", "0.00", "1.00", 1), "total": ("1.00", "0.00", "1.00", 1)},
    ),
    "issues_by_category": (
        ISSUES,
        {
            "care_and_support": (0,),
            "accommodation": (0,),
            "health_treatment": (0,),
            "mental_health_rights": (0,),
            "liberty": (0,),
            "safeguarding": (0,),
            "money": (0,),
            "complaint": (0,),
            "family_and_relationships": (0,),
            "other": (1,),
            "total": (1,),
        },
    ),
    "issue_outcomes": (
        ISSUES,
        {
            "achieved": (1,),
            "partly_achieved": (0,),
            "not_achieved": (0,),
            "withdrawn": (0,),
            "total": (1,),
        },
    ),
    "issues_felt_listened_to": (
        ISSUES,
        {
            "yes": (0,),
            "partly": (0,),
            "no": (1,),
            "not_asked": (0,),
            "not_answered": (0,),
            "total": (1,),
        },
    ),
    "challenges": (
        CHALLENGES,
        {
            "1": (1, 0, 0, 0, 1, 0),
            "2": (0, 0, 0, 0, 0, 0),
            "3": (0, 0, 0, 0, 0, 0),
            "4": (0, 0, 0, 0, 0, 0),
            "total": (1, 0, 0, 0, 1, 0),
        },
    ),
    "safeguarding": (CONCERNS, {"raised": (1,), "answered": (1,), "outcome": (1,)}),
    "safeguarding_outcomes": CARE_ACT["safeguarding_outcomes"],
    "system_issues_evidenced": (
        ("issues", "links"),
        {"rights_not_explained": (1, 1), "total": (1, 1)},
    ),
    "feedback": (
        FEEDBACK,
        {
            "listened": (1, 1, "100.0"),
            "understood_rights": (0, 0, X),
            "speak_up": (0, 0, X),
            "things_changed": (0, 0, X),
        },
    ),
    "equality_ethnic_group": (
        PEOPLE,
        {
            "asian": (0, X),
            "black": (0, X),
            "mixed": (0, X),
            "white": (0, X),
            "other": (0, X),
            "prefer_not_to_say": (0, X),
            "not_answered": (1, X),
            "total": (1, X),
        },
    ),
    "equality_age_band": (
        PEOPLE,
        {
            "0–15": (0, "0.0"),
            "16–17": (0, "0.0"),
            "18–24": (0, "0.0"),
            "25–34": (0, "0.0"),
            "35–44": (0, "0.0"),
            "45–54": (1, "100.0"),
            "55–64": (0, "0.0"),
            "65–74": (0, "0.0"),
            "75–84": (0, "0.0"),
            "85+": (0, "0.0"),
            "prefer_not_to_say": (0, X),
            "not_answered": (0, X),
            "total": (1, X),
        },
    ),
    "equality_sex": (
        PEOPLE,
        {
            "female": (0, X),
            "male": (0, X),
            "prefer_not_to_say": (0, X),
            "not_answered": (1, X),
            "total": (1, X),
        },
    ),
    "equality_disability": (
        PEOPLE,
        {
            "yes_a_lot": (0, X),
            "yes_a_little": (0, X),
            "no": (0, X),
            "prefer_not_to_say": (0, X),
            "not_answered": (1, X),
            "total": (1, X),
        },
    ),
    "equality_religion": (
        PEOPLE,
        {
            "none": (0, X),
            "christian": (0, X),
            "buddhist": (0, X),
            "hindu": (0, X),
            "jewish": (0, X),
            "muslim": (0, X),
            "sikh": (0, X),
            "other": (0, X),
            "prefer_not_to_say": (0, X),
            "not_answered": (1, X),
            "total": (1, X),
        },
    ),
}

WALES_COMPLETENESS = {
    "equality_ethnic_group": (0, 1, "0.0"),
    "equality_age_band": (1, 1, "100.0"),
    "equality_sex": (0, 1, "0.0"),
    "equality_disability": (0, 1, "0.0"),
    "equality_religion": (0, 1, "0.0"),
}


# --- Comparing ---------------------------------------------------------------------------------


def canon(value) -> str:
    """One text form for a figure whatever the format: numbers without trailing zeros."""
    if value is None or value == "":
        return ""
    if is_suppressed(value):
        return str(value)
    if isinstance(value, str):
        text = value.strip().rstrip("%").replace(",", "")
        if text in ("–", ""):
            return ""
        try:
            value = Decimal(text)
        except Exception:
            return text
    if isinstance(value, bool):
        raise TypeError("a figure is never a boolean")
    number = Decimal(str(value)).normalize()
    return format(number, "f")


def figures(expected: dict) -> dict:
    """``{(measure, row, column): canonical text}`` for every cell of a hand-worked report."""
    found = {}
    for key, (columns, rows) in expected.items():
        for row, cells in rows.items():
            assert len(cells) == len(columns), (key, row, "one figure per column")
            for column, value in zip(columns, cells, strict=True):
                found[(key, row, column)] = canon(value)
    return found


def completeness(expected: dict) -> dict:
    """``{measure: (answered, total, share)}`` as canonical text."""
    return {key: tuple(canon(value) for value in values) for key, values in expected.items()}


def compare(report, expected: dict, expected_completeness: dict) -> list[str]:
    """Every difference between ``report`` and the hand-worked tables, as sentences.

    Measures, rows and columns must be the same and in the same order; each cell equal.
    """
    problems = []
    actual_keys = [table.key for table in report.tables]
    for key in actual_keys:
        if key not in expected:
            problems.append(f"{key}: in the report but not worked out by hand in expected.py")
    for key in expected:
        if key not in actual_keys:
            problems.append(f"{key}: worked out by hand but missing from the report")
    if not problems and actual_keys != list(expected):
        problems.append(f"measures in another order: {actual_keys}")
    for table in report.tables:
        if table.key not in expected:
            continue
        columns, rows = expected[table.key]
        actual_columns = tuple(column.key for column in table.columns)
        if actual_columns != columns:
            problems.append(f"{table.key}: columns {actual_columns}, worked out {columns}")
            continue
        actual_rows = [row.key for row in table.rows]
        for row in actual_rows:
            if row not in rows:
                problems.append(f"{table.key}: row {row!r} not worked out by hand")
        for row in rows:
            if row not in actual_rows:
                problems.append(f"{table.key}: row {row!r} worked out but not in the report")
        if set(actual_rows) == set(rows) and actual_rows != list(rows):
            problems.append(f"{table.key}: rows in another order: {actual_rows}")
        for row in table.rows:
            if row.key not in rows:
                continue
            for column, want in zip(columns, rows[row.key], strict=True):
                got = row.values.get(column)
                if canon(got) != canon(want):
                    problems.append(
                        f"{table.key}[{row.key!r}][{column!r}]: {got!r}, worked {want!r}"
                    )
        want_completeness = expected_completeness.get(table.key)
        got_completeness = completeness_figures(table)
        if (want_completeness is None) != (got_completeness is None):
            problems.append(
                f"{table.key}: completeness {got_completeness!r}, worked {want_completeness!r}"
            )
        elif got_completeness is not None:
            got = tuple(canon(value) for value in got_completeness)
            want = tuple(canon(value) for value in want_completeness)
            if got != want:
                problems.append(f"{table.key}: completeness {got}, worked {want}")
    return problems
