"""Organisation pages: switcher, settings, staff and services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from heard.core.permissions import Perm

from .forms import InviteForm, MembershipForm, OrganisationSettingsForm, ServiceForm
from .models import Membership, Service
from .permissions import organisation_permission_required
from .presenters import ServicePresenter
from .services import (
    MembershipError,
    membership_invite,
    membership_set_active,
    membership_update,
    organisation_switch,
    organisation_update,
    service_save,
)
from .tenancy import get_scoped_or_404, scoped


@login_required
@require_POST
def switch(request):
    try:
        organisation_id = int(request.POST.get("organisation", ""))
    except ValueError:
        organisation_id = None
    organisation = organisation_switch(request=request, organisation_id=organisation_id)
    if organisation is None:
        raise PermissionDenied
    messages.success(request, _("You are now working in %(name)s") % {"name": organisation.name})
    next_url = request.POST.get("next") or reverse("home")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = reverse("home")
    # An object page of the old organisation would now be a 404, so go home instead.
    return redirect("home" if next_url.count("/") > 2 else next_url)


@organisation_permission_required(Perm.ORGANISATIONS_CHANGE_ORGANISATION)
def organisation_settings(request):
    form = OrganisationSettingsForm(request.POST or None, instance=request.organisation)
    if request.method == "POST" and form.is_valid():
        organisation_update(
            organisation=request.organisation,
            acting_user=request.user,
            data=form.to_service_data(),
            request=request,
        )
        messages.success(request, _("Organisation settings saved"))
        return redirect("organisations:settings")
    return render(request, "organisations/settings.html", {"form": form})


def _staff(request):
    return scoped(request, Membership).select_related("user")


@organisation_permission_required(Perm.ORGANISATIONS_VIEW_STAFF)
def staff_list(request):
    members = _staff(request).order_by("-is_active", "user__full_name")
    return render(request, "organisations/staff_list.html", {"members": members})


@organisation_permission_required(Perm.ORGANISATIONS_MANAGE_STAFF)
def staff_invite(request):
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = membership_invite(
                organisation=request.organisation,
                acting_user=request.user,
                request=request,
                **form.cleaned_data,
            )
        except MembershipError as error:
            form.add_error("email", str(error))
        else:
            messages.success(
                request, _("Invitation sent to %(email)s") % {"email": membership.user.email}
            )
            return redirect("organisations:staff")
    return render(request, "organisations/staff_invite.html", {"form": form})


@organisation_permission_required(Perm.ORGANISATIONS_MANAGE_STAFF)
def staff_edit(request, membership_id: int):
    membership = get_scoped_or_404(request, _staff(request), pk=membership_id)
    form = MembershipForm(request.POST or None, instance=membership)
    if request.method == "POST" and form.is_valid():
        try:
            membership_update(
                membership=membership,
                acting_user=request.user,
                data=form.cleaned_data,
                request=request,
            )
        except MembershipError as error:
            form.add_error("role", str(error))
        else:
            messages.success(request, _("Changes to %(user)s saved") % {"user": membership.user})
            return redirect("organisations:staff")
    return render(
        request, "organisations/staff_edit.html", {"form": form, "membership": membership}
    )


@organisation_permission_required(Perm.ORGANISATIONS_MANAGE_STAFF)
@require_POST
def staff_set_active(request, membership_id: int):
    membership = get_scoped_or_404(request, _staff(request), pk=membership_id)
    active = request.POST.get("active") == "1"
    try:
        membership_set_active(
            membership=membership, acting_user=request.user, active=active, request=request
        )
    except MembershipError as error:
        messages.error(request, str(error))
    else:
        done = _("%(user)s has been reactivated") if active else _("%(user)s has been deactivated")
        messages.success(request, done % {"user": membership.user})
    return redirect("organisations:staff")


@organisation_permission_required(Perm.ORGANISATIONS_VIEW_SERVICE)
def service_list(request):
    services = [ServicePresenter(s) for s in scoped(request, Service)]
    return render(request, "organisations/service_list.html", {"services": services})


@organisation_permission_required(Perm.ORGANISATIONS_MANAGE_SERVICES)
def service_create(request):
    return _service_form(request, None)


@organisation_permission_required(Perm.ORGANISATIONS_MANAGE_SERVICES)
def service_edit(request, service_id: int):
    return _service_form(request, get_scoped_or_404(request, Service, pk=service_id))


def _service_form(request, service):
    form = ServiceForm(request.POST or None, instance=service, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        service_save(
            organisation=request.organisation,
            acting_user=request.user,
            data=form.cleaned_data,
            service=service,
            request=request,
        )
        messages.success(request, _("Service saved"))
        return redirect("organisations:services")
    return render(request, "organisations/service_form.html", {"form": form, "service": service})
