"""The eligibility result in plain words: eligible first, duties and missing facts explained."""

from heard.eligibility import assess
from heard.referrals.presenters.triage import EligibilityPresenter


def test_eligible_types_come_first_and_duties_are_in_plain_words():
    """Eligible (statutory duty before power) first, then "need more information", then not."""
    presenter = EligibilityPresenter(
        assess(
            {
                "nation": "england",
                "age": 40,
                "mha": {"status": "s3"},
                "complaint_about_nhs": True,
                "process": "needs_assessment",
                "substantial_difficulty": {"understanding": True},
                "appropriate_individual_available": False,
            }
        )
    )
    rows = presenter.rows
    decisions = [row["decision"] for row in rows]
    assert decisions == sorted(
        decisions, key=["eligible", "need_more_information", "not_eligible"].index
    )
    eligible = [row for row in rows if row["decision"] == "eligible"]
    assert {row["type"] for row in eligible} >= {"care_act", "imha"}
    care_act = next(row for row in rows if row["type"] == "care_act")
    assert care_act["decision_label"] == "Eligible" and care_act["colour"] == "green"
    assert care_act["duty"] == "A legal duty: an advocate must be provided"
    assert care_act["citations"] == ["Care Act 2014 s67(4)"]
    assert care_act["reasons"][0].startswith("Care Act advocacy")
    assert presenter.summary.startswith("Eligible: ")
    assert "Care Act advocacy" in presenter.summary


def test_missing_answers_are_named_as_questions():
    """What the engine still needs is shown as plain questions, not field names."""
    presenter = EligibilityPresenter(assess({"nation": "england", "lacks_capacity": True}))
    imca = next(row for row in presenter.rows if row["type"] == "imca")
    assert imca["decision_label"] == "Need more information"
    assert imca["duty"] == "Not known until the questions below are answered"
    assert "which decision is being made" in imca["missing"]
    assert not any("." in question or "_" in question for question in imca["missing"])


def test_not_eligible_says_no_duty():
    """A type that is ruled out (Welsh advocacy for someone in England) has no duty, grey tag."""
    presenter = EligibilityPresenter(assess({"nation": "england", "age": 40}))
    wales = next(row for row in presenter.rows if row["type"] == "wales_ipa")
    assert (wales["decision_label"], wales["colour"]) == ("Not eligible", "grey")
    assert wales["duty"] == "No duty to provide an advocate"
    assert presenter.rows[-1]["decision"] == "not_eligible"
    assert presenter.not_eligible_count >= 1


def test_a_referral_without_an_assessment():
    """No stored result reads as "Not assessed", with no rows."""
    presenter = EligibilityPresenter({})
    assert not presenter.assessed
    assert presenter.rows == []
    assert presenter.summary == "Not assessed"
