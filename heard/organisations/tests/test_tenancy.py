"""Tenancy's fetch-and-authorise: another organisation's object is a 404, and an object found
carries the request's organisation without reading it again."""

from types import SimpleNamespace

import pytest
from django.http import Http404

from heard.casework.models import Case
from heard.organisations.tenancy import get_scoped_or_404
from tests.factories import CaseFactory


def test_a_found_object_carries_the_request_organisation_without_a_query(
    organisation, django_assert_num_queries
):
    """The case's organisation is the request's own object: reading it costs no query."""
    case = CaseFactory(organisation=organisation)
    request = SimpleNamespace(organisation=organisation)
    with django_assert_num_queries(1):
        found = get_scoped_or_404(request, Case, pk=case.pk)
        assert found.organisation is organisation
        assert found.organisation_id == organisation.pk


def test_a_joined_organisation_is_kept(organisation, django_assert_num_queries):
    """A queryset that joins the organisation keeps what it read."""
    case = CaseFactory(organisation=organisation)
    request = SimpleNamespace(organisation=organisation)
    with django_assert_num_queries(1):
        found = get_scoped_or_404(request, Case.objects.select_related("organisation"), pk=case.pk)
        assert found.organisation == organisation and found.organisation is not organisation


def test_another_organisations_object_is_a_404(organisation, other_organisation):
    case = CaseFactory(organisation=other_organisation)
    with pytest.raises(Http404):
        get_scoped_or_404(SimpleNamespace(organisation=organisation), Case, pk=case.pk)
