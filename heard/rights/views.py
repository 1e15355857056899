"""Data protection pages (Admin area): subject access requests and the data protection lead.

Thin: rules in services, reads in selectors, who-may in rules.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from heard.core.permissions import Perm
from heard.design_system.forms import add_service_errors
from heard.organisations.models import Membership
from heard.organisations.permissions import organisation_permission_required
from heard.organisations.tenancy import get_scoped_or_404, scoped
from heard.people.models import Person

from . import presenters, selectors, services
from .forms import (
    CompleteForm,
    ErasureForm,
    ExtendForm,
    IdentityForm,
    RefuseForm,
    ReviewForm,
    SettingsForm,
    SubjectAccessRequestForm,
)
from .models import (
    ErasureRequest,
    ErasureStatus,
    RetentionReview,
    RetentionStatus,
    SubjectAccessRequest,
)

MANAGE = Perm.RIGHTS_MANAGE_REQUESTS


def _posted(request):
    return request.POST if request.method == "POST" else None


def _sar(request, sar_id: int) -> SubjectAccessRequest:
    return get_scoped_or_404(
        request,
        scoped(request, SubjectAccessRequest).select_related(
            "person", "created_by", "identity_confirmed_by", "private_reviewed_by"
        ),
        pk=sar_id,
    )


def _save(form, call) -> bool:
    try:
        call()
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    return True


def _form_page(request, form, *, title, caption="", intro="", button, back_url):
    return render(
        request,
        "rights/form.html",
        {
            "form": form,
            "title": title,
            "caption": caption,
            "intro": intro,
            "button": button,
            "back_url": back_url,
        },
    )


@organisation_permission_required(MANAGE)
@require_GET
def requests(request):
    rows = selectors.request_list(scoped(request, SubjectAccessRequest))
    today = timezone.localdate()
    return render(
        request,
        "rights/requests.html",
        {"rows": [presenters.SarPresenter(sar, today) for sar in rows]},
    )


@organisation_permission_required(MANAGE)
def request_create(request):
    form = SubjectAccessRequestForm(_posted(request))
    created = []

    def create():
        person = (
            scoped(request, Person)
            .filter(reference__iexact=form.cleaned_data["person_reference"].strip())
            .first()
        )
        if person is None:
            raise ValidationError(
                {"person_reference": _("No person in your organisation has that reference")}
            )
        created.append(
            services.sar_create(
                organisation=request.organisation,
                person=person,
                requester=form.cleaned_data["requester"],
                representative_name=form.cleaned_data["representative_name"],
                received_on=form.cleaned_data["received_on"],
                acting_user=request.user,
                request=request,
            )
        )

    if request.method == "POST" and form.is_valid() and _save(form, create):
        messages.success(request, _("Subject access request recorded"))
        return redirect("rights:request_detail", sar_id=created[0].pk)
    return _form_page(
        request,
        form,
        title=_("Record a subject access request"),
        intro=_(
            "Anyone may ask, in any form (by phone, letter or in person), for everything held "
            "about them. The answer is due within one calendar month."
        ),
        button=_("Record the request"),
        back_url=_url("rights:requests"),
    )


def _url(name, **kwargs):
    from django.urls import reverse

    return reverse(name, kwargs=kwargs or None)


@organisation_permission_required(MANAGE)
@require_GET
def request_detail(request, sar_id: int):
    sar = _sar(request, sar_id)
    services.sar_record_view(sar=sar, acting_user=request.user, request=request)
    return render(
        request,
        "rights/request_detail.html",
        {
            "sar": presenters.SarPresenter(sar, timezone.localdate()),
            "private_count": selectors.private_notes_for(sar).count(),
            "may_review": request.user.has_perm(
                Perm.RIGHTS_REVIEW_PRIVATE_NOTES, request.organisation
            ),
        },
    )


@organisation_permission_required(MANAGE)
@require_GET
def request_progress(request, sar_id: int):
    """The progress bar alone, polled by htmx while the export builds."""
    sar = _sar(request, sar_id)
    if not request.headers.get("HX-Request"):
        return redirect("rights:request_detail", sar_id=sar.pk)
    return render(
        request,
        "rights/_progress.html",
        {"sar": presenters.SarPresenter(sar, timezone.localdate())},
    )


@organisation_permission_required(MANAGE)
def request_identity(request, sar_id: int):
    sar = _sar(request, sar_id)
    form = IdentityForm(_posted(request))
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(
            form,
            lambda: services.sar_confirm_identity(
                sar=sar,
                method=form.cleaned_data["method"],
                confirmed_on=form.cleaned_data["confirmed_on"],
                acting_user=request.user,
                request=request,
            ),
        )
    ):
        messages.success(request, _("Identity confirmed"))
        return redirect("rights:request_detail", sar_id=sar.pk)
    return _form_page(
        request,
        form,
        title=_("Confirm the requester's identity"),
        caption=sar.reference,
        intro=_(
            "Ask only for what you need to be sure who is asking. When identity is confirmed "
            "after the request was received, the month runs from the day it was confirmed."
        ),
        button=_("Confirm identity"),
        back_url=_url("rights:request_detail", sar_id=sar.pk),
    )


@organisation_permission_required(MANAGE)
def request_extend(request, sar_id: int):
    sar = _sar(request, sar_id)
    form = ExtendForm(_posted(request))
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(
            form,
            lambda: services.sar_extend(
                sar=sar,
                reason=form.cleaned_data["reason"],
                acting_user=request.user,
                request=request,
            ),
        )
    ):
        messages.success(request, _("Deadline extended by two months"))
        return redirect("rights:request_detail", sar_id=sar.pk)
    return _form_page(
        request,
        form,
        title=_("Extend the deadline by two months"),
        caption=sar.reference,
        button=_("Extend the deadline"),
        back_url=_url("rights:request_detail", sar_id=sar.pk),
    )


@organisation_permission_required(MANAGE)
@require_POST
def request_export(request, sar_id: int):
    sar = _sar(request, sar_id)
    try:
        services.sar_start_export(sar=sar, acting_user=request.user, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The export is being built"))
    return redirect("rights:request_detail", sar_id=sar.pk)


@organisation_permission_required(Perm.RIGHTS_REVIEW_PRIVATE_NOTES)
def request_review(request, sar_id: int):
    """The data protection lead's audited review of private notes naming the person."""
    sar = _sar(request, sar_id)
    notes = list(selectors.private_notes_for(sar))
    initial = {"release": [str(pk) for pk in sar.private_note_ids]}
    form = ReviewForm(_posted(request), notes=notes, initial=initial)
    if request.method == "GET":
        services.sar_private_notes_read(
            sar=sar, notes=notes, acting_user=request.user, request=request
        )
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(
            form,
            lambda: services.sar_review_private_notes(
                sar=sar,
                release_ids=[int(pk) for pk in form.cleaned_data["release"]],
                withheld_reason=form.cleaned_data["withheld_reason"],
                acting_user=request.user,
                request=request,
            ),
        )
    ):
        messages.success(request, _("Review recorded"))
        return redirect("rights:request_detail", sar_id=sar.pk)
    return render(request, "rights/review.html", {"sar": sar, "notes": notes, "form": form})


@organisation_permission_required(MANAGE)
@require_GET
def request_download(request, sar_id: int):
    sar = _sar(request, sar_id)
    try:
        services.sar_record_download(sar=sar, acting_user=request.user, request=request)
        handle = sar.archive.open("rb")
    except ValidationError as error:
        raise PermissionDenied(" ".join(error.messages)) from None
    except (FileNotFoundError, OSError, ValueError):
        raise Http404("The file is missing from storage") from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"subject-access-{sar.reference.lower()}.zip",
        content_type="application/zip",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@organisation_permission_required(MANAGE)
def request_complete(request, sar_id: int):
    sar = _sar(request, sar_id)
    form = CompleteForm(_posted(request))
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(
            form,
            lambda: services.sar_complete(
                sar=sar,
                completed_on=form.cleaned_data["completed_on"],
                acting_user=request.user,
                request=request,
            ),
        )
    ):
        messages.success(request, _("Request recorded as answered"))
        return redirect("rights:request_detail", sar_id=sar.pk)
    return _form_page(
        request,
        form,
        title=_("Record the request as answered"),
        caption=sar.reference,
        intro=_("Heard then deletes its stored copy of the export."),
        button=_("Record as answered"),
        back_url=_url("rights:request_detail", sar_id=sar.pk),
    )


@organisation_permission_required(Perm.RIGHTS_MANAGE_SETTINGS)
def settings(request):
    current = selectors.settings_for(request.organisation)
    staff = (
        scoped(request, Membership)
        .filter(is_active=True, role__in=services.LEAD_ROLES)
        .select_related("user")
        .order_by("user__full_name", "pk")
    )
    form = SettingsForm(
        _posted(request),
        staff=staff,
        initial={
            "data_protection_lead": current.data_protection_lead_id,
            "closed_case_years": current.closed_case_years,
            "declined_referral_months": current.declined_referral_months,
        },
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(
            form,
            lambda: services.data_protection_settings_update(
                organisation=request.organisation,
                data_protection_lead=form.cleaned_data["data_protection_lead"],
                closed_case_years=form.cleaned_data["closed_case_years"],
                declined_referral_months=form.cleaned_data["declined_referral_months"],
                acting_user=request.user,
                request=request,
            ),
        )
    ):
        messages.success(request, _("Data protection settings saved"))
        return redirect("rights:settings")
    return _form_page(
        request,
        form,
        title=_("Data protection settings"),
        button=_("Save settings"),
        back_url=_url("rights:requests"),
    )


# --- erasure -------------------------------------------------------------------------------


def _erasure(request, erasure_id: int) -> ErasureRequest:
    return get_scoped_or_404(
        request,
        scoped(request, ErasureRequest).select_related("requested_by", "decided_by", "person"),
        pk=erasure_id,
    )


@organisation_permission_required(Perm.RIGHTS_ERASE)
@require_GET
def erasures(request):
    rows = scoped(request, ErasureRequest).select_related("requested_by", "decided_by")
    return render(request, "rights/erasures.html", {"rows": rows})


@organisation_permission_required(Perm.RIGHTS_ERASE)
def erasure_create(request):
    form = ErasureForm(_posted(request))
    created = []

    def create():
        person = (
            scoped(request, Person)
            .filter(reference__iexact=form.cleaned_data["person_reference"].strip())
            .first()
        )
        created.append(
            services.erasure_request_create(
                organisation=request.organisation,
                person=person,
                reason=form.cleaned_data["reason"],
                acting_user=request.user,
                request=request,
            )
        )

    if request.method == "POST" and form.is_valid() and _save(form, create):
        messages.success(request, _("Erasure asked for: another manager or admin must approve it"))
        return redirect("rights:erasure_detail", erasure_id=created[0].pk)
    return _form_page(
        request,
        form,
        title=_("Ask for a person's record to be erased"),
        intro=_(
            "Erasure removes their name, contact details, what they said and every document, "
            "from the record and from the audit trail. It cannot be undone. A second manager "
            "or admin must approve it."
        ),
        button=_("Ask for erasure"),
        back_url=_url("rights:erasures"),
    )


@organisation_permission_required(Perm.RIGHTS_ERASE)
def erasure_detail(request, erasure_id: int):
    erasure = _erasure(request, erasure_id)
    refuse_form = RefuseForm(request.POST if request.POST.get("decision") == "refuse" else None)
    if request.method == "POST":
        if request.POST.get("decision") == "approve":
            try:
                services.erasure_approve(erasure=erasure, acting_user=request.user, request=request)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("The record has been erased"))
            return redirect("rights:erasure_detail", erasure_id=erasure.pk)
        if refuse_form.is_valid() and _save(
            refuse_form,
            lambda: services.erasure_refuse(
                erasure=erasure,
                reason=refuse_form.cleaned_data["reason"],
                acting_user=request.user,
                request=request,
            ),
        ):
            messages.success(request, _("Erasure refused"))
            return redirect("rights:erasure_detail", erasure_id=erasure.pk)
    else:
        services.erasure_record_view(erasure=erasure, acting_user=request.user, request=request)
    return render(
        request,
        "rights/erasure_detail.html",
        {
            "erasure": erasure,
            "refuse_form": refuse_form,
            "awaiting": erasure.status == ErasureStatus.AWAITING_APPROVAL,
            "may_decide": erasure.requested_by_id != request.user.pk,
        },
    )


# --- retention -----------------------------------------------------------------------------

RETENTION = Perm.RIGHTS_MANAGE_RETENTION
SHOWN = 200


@organisation_permission_required(RETENTION)
def retention(request):
    """The rules, the dry runs, and a button to run a new one."""
    if request.method == "POST":
        review = services.retention_dry_run(
            organisation=request.organisation, acting_user=request.user, request=request
        )
        return redirect("rights:retention_review", review_id=review.pk)
    return render(
        request,
        "rights/retention.html",
        {
            "rules": selectors.settings_for(request.organisation),
            "reviews": scoped(request, RetentionReview).select_related("created_by", "approved_by")[
                :50
            ],
            "may_change_rules": request.user.has_perm(
                Perm.RIGHTS_MANAGE_SETTINGS, request.organisation
            ),
        },
    )


@organisation_permission_required(RETENTION)
def retention_review(request, review_id: int):
    review = get_scoped_or_404(
        request,
        scoped(request, RetentionReview).select_related("created_by", "approved_by"),
        pk=review_id,
    )
    if request.method == "POST":
        decision = request.POST.get("decision")
        try:
            if decision == "approve":
                services.retention_approve(review=review, acting_user=request.user, request=request)
                messages.success(request, _("Approved: the records are being erased"))
            elif decision == "discard":
                services.retention_discard(review=review, acting_user=request.user, request=request)
                messages.success(request, _("Dry run discarded"))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("rights:retention_review", review_id=review.pk)
    services.retention_record_view(review=review, acting_user=request.user, request=request)
    people = scoped(request, Person).filter(pk__in=review.person_ids[:SHOWN]).order_by("reference")
    from heard.referrals.models import Referral

    referrals = (
        scoped(request, Referral)
        .filter(pk__in=review.referral_ids[:SHOWN])
        .order_by("received_at", "pk")
    )
    return render(
        request,
        "rights/retention_review.html",
        {
            "review": review,
            "people": people,
            "referrals": referrals,
            "shown": SHOWN,
            "awaiting": review.status == RetentionStatus.AWAITING_APPROVAL,
        },
    )
