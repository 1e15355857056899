"""The plain-English eligibility questions: which are asked, and what they tell the engine."""

import datetime as dt

from heard.eligibility import assess
from heard.referrals import eligibility_questions as eq

TODAY = dt.date(2026, 11, 24)


def context(topics, answers=None, nation="england", age=40):
    return eq.Context(nation=nation, age=age, topics=frozenset(topics), answers=answers or {})


def asked(topics, answers=None, **kwargs) -> list[str]:
    return [q.key for q in eq.questions_to_ask(context(topics, answers, **kwargs))]


def engine(topics, answers, nation="england", dob=dt.date(1980, 1, 1)):
    return eq.engine_answers(
        nation=nation, topics=topics, answers=answers, date_of_birth=dob, as_of=TODAY
    )


def result(answers, type_code):
    return next(r for r in assess(answers)["results"] if r["type"] == type_code)


def test_no_topics_asks_nothing():
    """Someone who picks no topic (or only "something else") gets no legal questions."""
    assert asked([]) == []
    assert asked(["other"]) == []


def test_care_topic_asks_the_care_act_questions_only():
    """Choosing care and support asks about the process, difficulty and support, nothing else."""
    assert asked(["care"]) == ["process", "difficulty", "appropriate_individual"]


def test_regulation_4_questions_follow_an_appropriate_individual_in_england_only():
    """The two regulation 4 exceptions are asked only when someone could support them, in England."""
    answers = {"appropriate_individual": "yes"}
    assert "nhs_placement" in asked(["care"], answers)
    assert "disagreement" in asked(["care"], answers)
    assert "nhs_placement" not in asked(["care"], {"appropriate_individual": "no"})
    assert "nhs_placement" not in asked(["care"], answers, nation="wales")


def test_dols_follow_up_questions_depend_on_the_stage_and_representative():
    """The RPR questions appear only for a standard authorisation, and branch on who the RPR is."""
    assert "dols_rpr" not in asked(["dols"], {"dols_stage": "requested"})
    authorised = {"dols_stage": "authorised"}
    assert "dols_rpr" in asked(["dols"], authorised)
    assert "unpaid_rpr_available" in asked(["dols"], {**authorised, "dols_rpr": "none"})
    unpaid = asked(["dols"], {**authorised, "dols_rpr": "unpaid"})
    assert "dols_imca_requested" in unpaid
    assert "unpaid_rpr_available" not in unpaid


def test_capacity_questions_branch_on_the_decision():
    """Serious medical treatment asks about urgency; a move asks where and for how long."""
    medical = asked(["capacity"], {"mca_decision": "serious_medical_treatment"})
    assert {"treatment_urgent", "treatment_mha", "anyone_to_consult"} <= set(medical)
    assert "stay_length" not in medical
    move = asked(["capacity"], {"mca_decision": "accommodation_change"})
    assert {"accommodation_setting", "stay_length", "required_by_mha"} <= set(move)
    safeguarding = asked(["capacity"], {"mca_decision": "safeguarding"})
    assert "anyone_to_consult" not in safeguarding  # family being there does not rule it out


def test_ect_is_asked_only_for_children_in_england_outside_the_qualifying_sections():
    """s130C(3): ECT matters for under-18s who are not already qualifying patients."""
    informal = {"mha_status": "informal_inpatient"}
    assert "ect" in asked(["mental_health"], informal, age=16)
    assert "ect" not in asked(["mental_health"], informal, age=40)
    assert "ect" not in asked(["mental_health"], {"mha_status": "s3"}, age=16)
    assert "s57_treatment" not in asked(["mental_health"], informal, nation="wales")


def test_not_sure_leaves_the_engine_field_unknown():
    """'I'm not sure' never becomes a guess: the engine says it needs more information."""
    answers = engine(
        ["care"],
        {"process": "not_sure", "difficulty": ["not_sure"], "appropriate_individual": "not_sure"},
    )
    assert "process" not in answers
    assert "substantial_difficulty" not in answers
    assert "appropriate_individual_available" not in answers
    assert result(answers, "care_act")["decision"] == "need_more_information"


def test_care_act_answers_make_the_engine_say_eligible_with_a_duty():
    """A needs assessment, substantial difficulty and nobody to help: Care Act advocacy, must."""
    answers = engine(
        ["care"],
        {
            "process": "needs_assessment",
            "difficulty": ["understanding", "communicating"],
            "appropriate_individual": "no",
        },
    )
    assert answers["substantial_difficulty"] == {
        "understanding": True,
        "retaining": False,
        "using_or_weighing": False,
        "communicating": True,
    }
    care_act = result(answers, "care_act")
    assert (care_act["decision"], care_act["duty"]) == ("eligible", "must")


def test_none_of_these_difficulties_rules_care_act_out():
    """'None of these' is a known answer: all four areas false, so Care Act advocacy is ruled out."""
    answers = engine(
        ["care"],
        {"process": "needs_assessment", "difficulty": ["none"], "appropriate_individual": "no"},
    )
    assert result(answers, "care_act")["decision"] == "not_eligible"


def test_stay_bands_fall_exactly_on_the_legal_thresholds():
    """28 days in hospital is not enough for an IMCA; 'more than 4 weeks' is (MCA s38)."""
    base = {
        "mca_decision": "accommodation_change",
        "lacks_capacity": "yes",
        "anyone_to_consult": "no",
        "attorney_or_deputy": "no",
        "accommodation_setting": "hospital",
        "required_by_mha": "no",
    }
    short = engine(["capacity"], {**base, "stay_length": "up_to_4_weeks"})
    longer = engine(["capacity"], {**base, "stay_length": "up_to_8_weeks"})
    assert short["accommodation"] == {"setting": "hospital", "expected_stay_days": 28}
    assert result(short, "imca")["decision"] == "not_eligible"
    assert result(longer, "imca")["decision"] == "eligible"
    care_home = engine(
        ["capacity"],
        {**base, "accommodation_setting": "care_home", "stay_length": "up_to_8_weeks"},
    )
    assert result(care_home, "imca")["decision"] == "not_eligible"  # needs more than 8 weeks


def test_answers_that_no_longer_matter_are_left_out():
    """Changing an earlier answer drops the follow-ups it made irrelevant."""
    answers = engine(["dols"], {"dols_stage": "requested", "dols_rpr": "paid"})
    assert answers["dols"] == {"stage": "requested"}
    untopic = engine([], {"process": "needs_assessment"})
    assert "process" not in untopic


def test_age_comes_from_date_of_birth_and_nation_from_the_organisation():
    """The engine is told the organisation's nation and the age on the day it is assessed."""
    answers = engine([], {}, nation="wales", dob=dt.date(2010, 11, 25))
    assert answers["nation"] == "wales"
    assert answers["age"] == 15  # 16 tomorrow
    assert answers["as_of"] == "2026-11-24"
    assert "age" not in engine([], {}, dob=None)


def test_nhs_complaint_topic_answers_the_complaint_question():
    """Choosing the NHS complaint topic is the answer: complaints advocacy in England."""
    answers = engine(["nhs_complaint"], {})
    assert answers["complaint_about_nhs"] is True
    assert result(answers, "nhs_complaints")["decision"] == "eligible"


def test_wording_changes_for_self_referral():
    """A self-referral reads 'you', a referrer reads 'the person'."""
    question = eq.BY_KEY["lacks_capacity"]
    assert question.label() == (
        "Has the person been assessed as lacking mental capacity to make this decision?"
    )
    assert question.label(self_referral=True) == (
        "Have you been assessed as lacking mental capacity to make this decision?"
    )


def test_missing_fields_are_explained_with_the_questions_that_settle_them():
    """The engine's 'missing' list reads as the questions a referrer would recognise."""
    texts = eq.missing_in_words(["lacks_capacity", "dols.stage", "age"])
    assert texts == [
        "Has the person been assessed as lacking mental capacity to make this decision?",
        "What stage is the DoLS authorisation at?",
        "their date of birth",
    ]


def test_every_question_maps_only_to_fields_the_engine_knows():
    """Every mapped answer passes the engine's own validation (no invented fields or values)."""
    for question in eq.QUESTIONS:
        for value, _label in question.choices:
            answers = {question.key: [value] if question.widget == "checkboxes" else value}
            mapped = eq.engine_answers(
                nation="england",
                topics=eq.TOPIC_CODES,
                answers=answers,
                date_of_birth=dt.date(2012, 1, 1),
                as_of=TODAY,
            )
            assess(mapped)  # raises InvalidAnswers if the mapping is wrong
