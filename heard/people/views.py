"""People pages: list, create (with duplicate check), detail, edit, access log."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.formats import number_format
from django.utils.translation import gettext

from heard.audit.selectors import access_log_about
from heard.casework.access import check_person_access, with_person_restriction
from heard.core.keyset import COUNT_CAP, Keyset, filters_query_string
from heard.core.permissions import Perm
from heard.organisations.permissions import organisation_permission_required
from heard.organisations.tenancy import get_scoped_or_404, scoped

from . import selectors, services
from .forms import PersonCreateForm, PersonFilterForm, PersonForm
from .models import Person
from .presenters import PersonPresenter
from .sections import person_sections

# Name order, as person_order_idx holds it: a keyset page (ADR-0052) is one index range.
PEOPLE_ORDER = Keyset("last_name", "first_name", "id")


@organisation_permission_required(Perm.PEOPLE_VIEW_PERSON)
def person_list(request):
    filters = PersonFilterForm(request.GET or None)
    cleaned = filters.cleaned_data if filters.is_valid() else {}
    people = selectors.person_list(
        with_person_restriction(scoped(request, Person), request.membership),
        query=cleaned.get("q", ""),
        local_authority=cleaned.get("local_authority", ""),
        need=cleaned.get("need", ""),
    )
    page = PEOPLE_ORDER.page(
        people,
        per_page=(request.GET.get("per_page") and 100) or 25,
        after=request.GET.get("after"),
        before=request.GET.get("before"),
    )
    return render(
        request,
        "people/person_list.html",
        {
            "filters": filters,
            "page": page,
            "count_cap": number_format(COUNT_CAP, force_grouping=True),
            "rows": [PersonPresenter(p) for p in page.rows],
            "query_string": filters_query_string(request.GET),
        },
    )


@organisation_permission_required(Perm.PEOPLE_ADD_PERSON)
def person_create(request):
    form = PersonCreateForm(request.POST or None)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "confirm_new_person"}
        duplicates = selectors.possible_duplicates(
            with_person_restriction(scoped(request, Person), request.membership),
            first_name=data["first_name"],
            last_name=data["last_name"],
            date_of_birth=data.get("date_of_birth"),
            postcode=data.get("postcode", ""),
        )
        if not duplicates or form.cleaned_data.get("confirm_new_person"):
            person = services.person_create(
                organisation=request.organisation,
                acting_user=request.user,
                data=data,
                request=request,
            )
            messages.success(
                request,
                gettext("%(name)s has been added (%(reference)s)")
                % {"name": person.full_name, "reference": person.reference},
            )
            return redirect("people:detail", person_id=person.pk)
    return render(
        request,
        "people/person_form.html",
        {
            "form": form,
            "duplicates": [PersonPresenter(p) for p in duplicates],
            "title": "Add a person",
            "submit_label": "Save person",
        },
    )


@organisation_permission_required(Perm.PEOPLE_VIEW_PERSON)
def person_detail(request, person_id: int):
    person = get_scoped_or_404(request, Person, pk=person_id)
    check_person_access(request, person)
    services.person_record_view(person=person, acting_user=request.user, request=request)
    return render(
        request,
        "people/person_detail.html",
        {"person": PersonPresenter(person), "sections": person_sections(request, person)},
    )


@organisation_permission_required(Perm.PEOPLE_CHANGE_PERSON)
def person_edit(request, person_id: int):
    person = get_scoped_or_404(request, Person, pk=person_id)
    check_person_access(request, person)
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        services.person_update(
            person=person,
            acting_user=request.user,
            data=form.cleaned_data,
            request=request,
        )
        messages.success(request, gettext("Changes saved"))
        return redirect("people:detail", person_id=person.pk)
    return render(
        request,
        "people/person_form.html",
        {
            "form": form,
            "person": person,
            "title": f"Change details for {person.full_name}",
            "submit_label": "Save changes",
        },
    )


@organisation_permission_required(Perm.AUDIT_VIEW_ACCESS_LOG)
def person_access_log(request, person_id: int):
    person = get_scoped_or_404(request, Person, pk=person_id)
    check_person_access(request, person)
    services.person_record_access_log_view(person=person, acting_user=request.user, request=request)
    events = Paginator(access_log_about(request.organisation, person), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "people/person_access_log.html",
        {"person": PersonPresenter(person), "page": events},
    )
