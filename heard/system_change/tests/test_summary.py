"""The shared anonymised summary: no names, dates of birth, case references or counts from 1 to 4."""

import datetime as dt
import json
from types import SimpleNamespace

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from heard.system_change import services
from heard.system_change.models import ActionStatus, SystemIssueStatus, Theme
from heard.system_change.selectors import IssueCounts
from heard.system_change.summary import (
    Identifiers,
    _date_forms,
    build_shared_summary,
    find_identifiers,
)
from tests.factories import (
    CaseFactory,
    PersonFactory,
    SystemIssueActionFactory,
    SystemIssueFactory,
    UserFactory,
)

# Names that are not English words, so a safe title can never contain one by chance.
FIRST_NAMES = ["Zanele", "Oluwaseun", "Siobhan", "Dafydd", "Parveen", "Tomasz", "Ngozi"]
LAST_NAMES = ["Okonkwo", "Pryddereth", "Wojcikowska", "Abernethy", "Chaudhry", "Mbeki"]
SAFE_WORDS = [
    "care",
    "homes",
    "refusing",
    "advocates",
    "access",
    "letters",
    "not",
    "in",
    "Easy",
    "Read",
    "discharge",
    "delays",
    "ward",
    "council",
    "review",
    "meet",
    "write",
    "to",
    "the",
    "policy",
]

people = st.lists(
    st.fixed_dictionaries(
        {
            "first_name": st.sampled_from(FIRST_NAMES),
            "last_name": st.sampled_from(LAST_NAMES),
            "reference": st.integers(1, 999_999).map(lambda n: f"P{n:06d}"),
            "case_reference": st.integers(1, 999_999).map(lambda n: f"C{n:06d}"),
            "date_of_birth": st.dates(dt.date(1920, 1, 1), dt.date(2008, 12, 31)),
        }
    ),
    min_size=0,
    max_size=12,
)
safe_text = st.lists(st.sampled_from(SAFE_WORDS), min_size=1, max_size=8).map(" ".join)
counts = st.builds(
    IssueCounts,
    cases=st.integers(0, 60),
    people=st.integers(0, 60),
    recent_people=st.integers(0, 30),
    previous_people=st.integers(0, 30),
)
actions = st.lists(
    st.builds(
        SimpleNamespace,
        description=safe_text,
        status=st.sampled_from(ActionStatus.values),
        owner=st.just("Olu Owner"),
        due_on=st.dates(dt.date(2025, 1, 1), dt.date(2027, 12, 31)),
    ),
    max_size=5,
)
issues = st.builds(
    SimpleNamespace,
    title=safe_text,
    theme=st.sampled_from(Theme.values),
    status=st.sampled_from([SystemIssueStatus.OPEN, SystemIssueStatus.CLOSED]),
    description=st.just("Zanele Okonkwo, born 01/02/1950, case C000123, was refused a visit."),
)


def identifiers_of(persons) -> Identifiers:
    return Identifiers(
        names=frozenset(
            name
            for p in persons
            for name in (p["first_name"], p["last_name"], f"{p['first_name']} {p['last_name']}")
        ),
        references=frozenset(ref for p in persons for ref in (p["reference"], p["case_reference"])),
        dates_of_birth=frozenset(p["date_of_birth"] for p in persons),
    )


def assert_anonymous(summary: dict, persons) -> None:
    text = json.dumps(summary, ensure_ascii=False).casefold()
    for person in persons:
        assert person["first_name"].casefold() not in text
        assert person["last_name"].casefold() not in text
        assert person["reference"].casefold() not in text
        assert person["case_reference"].casefold() not in text
        for form in _date_forms(person["date_of_birth"]):
            assert form.casefold() not in text
    for name, value in summary["counts"].items():
        assert value == "fewer than 5" or (isinstance(value, int) and not 1 <= value <= 4), name


@settings(max_examples=200, deadline=None)
@given(issue=issues, counts=counts, actions=actions, persons=people)
def test_summary_never_contains_personal_data_or_small_counts(issue, counts, actions, persons):
    """Whatever the issue, counts and actions: no names, DOBs, references, or counts 1 to 4."""
    summary = build_shared_summary(issue, counts, actions=actions)
    assert_anonymous(summary, persons)
    assert find_identifiers(summary, identifiers_of(persons)) == []
    assert set(summary) == {
        "version",
        "title",
        "theme",
        "theme_label",
        "status",
        "status_label",
        "counts",
        "actions",
    }
    assert all(
        set(action) == {"description", "status", "status_label"} for action in summary["actions"]
    )


@settings(max_examples=200, deadline=None)
@given(
    issue=issues,
    counts=counts,
    persons=people.filter(bool),
    data=st.data(),
)
def test_any_identifier_typed_into_the_title_is_found(issue, counts, persons, data):
    """A linked person's name, reference or date of birth in the title is always caught."""
    person = data.draw(st.sampled_from(persons))
    identifier = data.draw(
        st.sampled_from(
            [
                person["first_name"],
                person["last_name"],
                person["reference"],
                person["case_reference"],
                *_date_forms(person["date_of_birth"]),
            ]
        )
    )
    issue.title = f"{issue.title} {identifier} {issue.title}"
    summary = build_shared_summary(issue, counts, actions=[])
    findings = find_identifiers(summary, identifiers_of(persons))
    assert findings and all(finding.where == "title" for finding in findings)


@settings(max_examples=100, deadline=None)
@given(counts=counts, persons=people.filter(bool), data=st.data())
def test_any_identifier_typed_into_an_action_is_found(counts, persons, data):
    """The same holds for each action's description, and the finding names the action."""
    person = data.draw(st.sampled_from(persons))
    identifier = data.draw(st.sampled_from([person["last_name"], person["case_reference"]]))
    issue = SimpleNamespace(title="Delays", theme="delays", status="open")
    actions = [
        SimpleNamespace(description="Write to the council", status="done"),
        SimpleNamespace(description=f"Ask about {identifier}.", status="in_progress"),
    ]
    findings = find_identifiers(
        build_shared_summary(issue, counts, actions=actions), identifiers_of(persons)
    )
    assert [finding.where for finding in findings] == ["actions.1.description"]
    assert findings[0].field_label == "action 2"


@pytest.mark.parametrize("text", ["See P000042", "case c001234 again", "HRD-2025-000017 onwards"])
def test_anything_shaped_like_a_heard_reference_is_found(text):
    """References are caught by their shape even when they are not among the linked cases."""
    issue = SimpleNamespace(title=text, theme="delays", status="open")
    summary = build_shared_summary(issue, IssueCounts(), actions=[])
    assert find_identifiers(summary, Identifiers()) != []


@pytest.mark.parametrize("count", [1, 2, 3, 4])
def test_counts_from_1_to_4_are_fewer_than_5(count):
    """Each count between 1 and 4 is stored as the words, never the number."""
    issue = SimpleNamespace(title="Delays", theme="delays", status="open")
    summary = build_shared_summary(
        issue,
        IssueCounts(cases=count, people=count, recent_people=count, previous_people=count),
        actions=[],
    )
    assert set(summary["counts"].values()) == {"fewer than 5"}
    assert json.loads(json.dumps(summary))["counts"]["cases"] == "fewer than 5"


@pytest.mark.parametrize("count", [0, 5, 17])
def test_zero_and_five_or_more_are_shared_as_numbers(count):
    """Zero identifies nobody and five or more are not small counts: both stay numbers."""
    issue = SimpleNamespace(title="Delays", theme="delays", status="open")
    summary = build_shared_summary(issue, IssueCounts(cases=count, people=count), actions=[])
    assert summary["counts"]["cases"] == count


# End to end: real cases linked, the summary stored on the model by the sharing service.
DATA_SETS = {
    "one person": [("Zanele", "Okonkwo", dt.date(1950, 2, 1))],
    "three people, one with two cases": [
        ("Siobhan", "Abernethy", dt.date(1961, 7, 30)),
        ("Siobhan", "Abernethy", dt.date(1961, 7, 30)),
        ("Dafydd", "Pryddereth", dt.date(1944, 11, 11)),
        ("Parveen", "Chaudhry", dt.date(1988, 3, 4)),
    ],
    "four people": [
        (first, last, dt.date(1940 + i, i + 1, i + 1))
        for i, (first, last) in enumerate(zip(FIRST_NAMES[:4], LAST_NAMES[:4], strict=True))
    ],
    "seven people": [
        (first, last, dt.date(1930 + i, 12, 20 - i))
        for i, (first, last) in enumerate(zip(FIRST_NAMES, LAST_NAMES * 2, strict=False))
    ],
}


@pytest.mark.parametrize("data_set", DATA_SETS.values(), ids=DATA_SETS.keys())
def test_the_stored_summary_is_anonymous(organisation, data_set):
    """Shared for real: the stored JSON has no names, DOBs, references or counts 1 to 4."""
    user = UserFactory()
    system_issue = SystemIssueFactory(organisation=organisation, title="Care homes refusing access")
    SystemIssueActionFactory(system_issue=system_issue, description="Meet the home's manager")
    persons, by_name = [], {}
    for first, last, born in data_set:
        person = by_name.get((first, last)) or PersonFactory(
            organisation=organisation, first_name=first, last_name=last, date_of_birth=born
        )
        by_name[(first, last)] = person
        case = CaseFactory(
            organisation=organisation, person=person, received_on=timezone.localdate()
        )
        services.evidence_link_add(system_issue=system_issue, case=case, acting_user=user)
        persons.append(
            {
                "first_name": first,
                "last_name": last,
                "reference": person.reference,
                "case_reference": case.reference,
                "date_of_birth": born,
            }
        )
    services.system_issue_set_sharing(system_issue=system_issue, share=True, acting_user=user)
    system_issue.refresh_from_db()
    stored = system_issue.shared_summary
    assert_anonymous(stored, persons)
    people_count = len(by_name)
    expected = people_count if people_count >= 5 else "fewer than 5"
    assert stored["counts"]["people_affected"] == expected


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(first=st.sampled_from(FIRST_NAMES), last=st.sampled_from(LAST_NAMES))
def test_sharing_is_refused_while_the_title_names_a_linked_person(organisation, first, last):
    """Through the service: a linked person's name in the title keeps the issue unshared."""
    user = UserFactory()
    person = PersonFactory(organisation=organisation, first_name=first, last_name=last)
    system_issue = SystemIssueFactory(organisation=organisation, title=f"Visits for {last}")
    services.evidence_link_add(
        system_issue=system_issue,
        case=CaseFactory(organisation=organisation, person=person),
        acting_user=user,
    )
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.system_issue_set_sharing(system_issue=system_issue, share=True, acting_user=user)
    system_issue.refresh_from_db()
    assert system_issue.shared_summary == {}
