"""Search: one box across people and cases, scoped to the organisation and the member's access."""

from django.shortcuts import render

from heard.casework.models import Case
from heard.core.permissions import Perm
from heard.organisations.permissions import organisation_permission_required
from heard.organisations.tenancy import scoped
from heard.people.models import Person
from heard.referrals.models import Referral
from heard.referrals.presenters.triage import ReferralPresenter
from heard.referrals.selectors.triage import is_referral_reference, referral_search

from . import selectors, services
from .forms import SearchForm
from .presenters import ResultsPresenter


@organisation_permission_required(Perm.SEARCH_SEARCH)
def results(request):
    form = SearchForm(request.GET if "q" in request.GET else None)
    found = referrals = None
    if form.is_bound and form.is_valid():
        text = form.cleaned_data["q"]
        results = selectors.search(
            people=scoped(request, Person),
            cases=scoped(request, Case),
            text=text,
            membership=request.membership,
        )
        # A referral's reference finds the referral, for those who triage (one query).
        if is_referral_reference(text) and request.user.has_perm(
            Perm.REFERRALS_VIEW_REFERRAL, request.organisation
        ):
            referrals = [
                ReferralPresenter(referral)
                for referral in referral_search(scoped(request, Referral), text)[
                    : selectors.RESULT_LIMIT
                ]
            ]
        services.search_record(
            organisation=request.organisation,
            acting_user=request.user,
            text=text,
            results=results,
            referrals=None if referrals is None else len(referrals),
            request=request,
        )
        found = ResultsPresenter(results)
    return render(
        request,
        "search/results.html",
        {
            "form": form,
            "found": found,
            "referrals": referrals,
            "limit": selectors.RESULT_LIMIT,
        },
    )
