"""Property-based: the per-object permission check and the list query always agree.

For random organisations, members of every role, people and cases (restricted or not,
allocated or not, with random managers named), each member's view must be the same
whichever way it is asked:

* a case: ``case_access`` (the one documented function, used by every case page) says FULL
  exactly when the list query's ``can_open`` annotation (``with_access``) says so, and a
  member never has any access to another organisation's case;
* a person: the people API's list holds exactly the people its per-object endpoint answers
  200 for, and both match what ``case_access`` says about the person's restricted cases;
  roles that see no personal data get 403 from both.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from heard.casework.access import CaseAccess, case_access, with_access
from heard.casework.models import Case
from heard.organisations.models import CASEWORK_ROLES, Role
from tests.factories import CaseFactory, MembershipFactory, PersonFactory, ServiceFactory

pytestmark = pytest.mark.django_db

PROPERTY = settings(
    max_examples=20,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
ROLES = st.sampled_from(list(Role))

WORLD = st.fixed_dictionaries(
    {
        # (role, organisation index)
        "members": st.lists(st.tuples(ROLES, st.integers(0, 1)), min_size=1, max_size=5),
        # organisation index of each person
        "people": st.lists(st.integers(0, 1), min_size=1, max_size=4),
        # (person index, restricted, allocated member index or None, named member indexes)
        "cases": st.lists(
            st.tuples(
                st.integers(0, 3),
                st.booleans(),
                st.none() | st.integers(0, 4),
                st.sets(st.integers(0, 4), max_size=3),
            ),
            max_size=6,
        ),
    }
)


class Rollback(Exception):
    pass


def build(spec, organisations):
    members = [MembershipFactory(organisation=organisations[o], role=r) for r, o in spec["members"]]
    people = [PersonFactory(organisation=organisations[o]) for o in spec["people"]]
    services = [ServiceFactory(organisation=org) for org in organisations]
    cases = []
    for person_index, restricted, allocated, named in spec["cases"]:
        person = people[person_index % len(people)]
        org_index = organisations.index(person.organisation)
        same_org = [m for m in members if m.organisation_id == person.organisation_id]
        advocate = None
        if allocated is not None and same_org:
            advocate = same_org[allocated % len(same_org)]
        case = CaseFactory(
            organisation=person.organisation,
            person=person,
            service=services[org_index],
            is_restricted=restricted,
            allocated_to=advocate,
        )
        if same_org:
            case.restricted_managers.set({same_org[i % len(same_org)] for i in named})
        cases.append(case)
    return members, people, cases


@PROPERTY
@given(spec=WORLD)
def test_case_access_and_the_case_list_agree(organisation, other_organisation, spec):
    organisations = [organisation, other_organisation]
    try:
        with transaction.atomic():
            members, _people, cases = build(spec, organisations)
            for member in members:
                listed = {
                    case.pk: case.can_open
                    for case in with_access(
                        Case.objects.for_organisation(member.organisation), member
                    )
                }
                for case in cases:
                    access = case_access(member, case)
                    if case.organisation_id != member.organisation_id:
                        assert access is CaseAccess.NONE
                        assert case.pk not in listed
                        continue
                    assert case.pk in listed
                    assert (access is CaseAccess.FULL) == listed[case.pk], (member.role, case)
                    if member.role not in CASEWORK_ROLES:
                        assert access is CaseAccess.NONE and not listed[case.pk]
            raise Rollback
    except Rollback:
        pass


@PROPERTY
@given(spec=WORLD, who=st.integers(0, 4))
def test_the_people_api_list_and_detail_agree(client, organisation, other_organisation, spec, who):
    organisations = [organisation, other_organisation]
    try:
        with transaction.atomic():
            members, people, cases = build(spec, organisations)
            member = members[who % len(members)]
            cache.clear()  # the rate limit is not what is being tested
            client.force_login(member.user)
            listing = client.get("/api/v1/people/")
            if member.role not in CASEWORK_ROLES:
                assert listing.status_code == 403
                for person in people:
                    assert client.get(f"/api/v1/people/{person.pk}/").status_code in {403, 404}
                raise Rollback
            assert listing.status_code == 200
            listed = {row["id"] for row in listing.json()["results"]}
            for person in people:
                detail = client.get(f"/api/v1/people/{person.pk}/").status_code
                ours = person.organisation_id == member.organisation_id
                hidden = any(
                    case.is_restricted and case_access(member, case) is not CaseAccess.FULL
                    for case in cases
                    if case.person_id == person.pk
                )
                expected = ours and not hidden
                assert (person.pk in listed) == expected, (member.role, person, cases)
                assert (detail == 200) == expected, (member.role, person, detail)
            raise Rollback
    except Rollback:
        pass
