"""Staff-entered referrals: a referral that arrived by phone, email, letter or in person."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from heard.core.permissions import Perm
from heard.organisations.permissions import organisation_permission_required
from heard.organisations.tenancy import get_scoped_or_404
from heard.referrals.forms.intake import StaffReferralForm
from heard.referrals.models import Referral
from heard.referrals.presenters import intake as presenters_intake
from heard.referrals.services import intake


@organisation_permission_required(Perm.REFERRALS_ADD_REFERRAL)
def referral_new(request):
    organisation = request.organisation
    if request.method == "POST":
        form = StaffReferralForm(request.POST, nation=organisation.nation)
    else:
        form = StaffReferralForm(initial={"token": intake.new_token()}, nation=organisation.nation)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"] or intake.new_token()
        referral, created = intake.referral_submit(
            organisation=organisation,
            idempotency_key=token,
            source=form.cleaned_data["source"],
            received_at=form.cleaned_data["received_at"],
            data=intake.staff_referral_data(form, organisation),
            acting_user=request.user,
            request=request,
            base_url=request.build_absolute_uri("/").rstrip("/"),
        )
        if created:
            messages.success(
                request, _("Referral %(reference)s saved") % {"reference": referral.reference}
            )
        else:
            messages.info(
                request,
                _("This referral was already saved as %(reference)s")
                % {"reference": referral.reference},
            )
        return redirect("referrals:received", referral_id=referral.pk)
    return render(request, "referrals/intake/new.html", {"form": form, "sections": form.sections()})


@organisation_permission_required(Perm.REFERRALS_ADD_REFERRAL)
def referral_received(request, referral_id: int):
    """What was stored, and the eligibility result, straight after entering a referral."""
    referral = get_scoped_or_404(request, Referral, pk=referral_id)
    intake.referral_record_view(
        referral=referral, acting_user=request.user, what="received", request=request
    )
    return render(
        request,
        "referrals/intake/received.html",
        {
            "referral": referral,
            "received_at": timezone.localtime(referral.received_at),
            "staff": True,
            "eligibility": presenters_intake.present_eligibility(
                referral.eligibility_result,
                topics=(),
                nation=request.organisation.nation,
                everything=True,
            ),
        },
    )
