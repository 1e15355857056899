"""Writing organisations, services and memberships. Every change is audited."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from heard.audit.services import audit_record, diff, snapshot
from heard.core import tenant_db

from .middleware import SESSION_KEY
from .models import Membership, Organisation, Service
from .tasks import send_invitation_email


class MembershipError(Exception):
    """A staff change that would break a rule (e.g. leave the organisation without an admin)."""


def organisation_switch(*, request, organisation_id: int) -> Organisation | None:
    """Make another of the user's organisations current. Returns None if not a member."""
    membership = request.user._heard_memberships.get(organisation_id)
    if membership is None:
        return None
    request.session[SESSION_KEY] = organisation_id
    # From here the request works for the new organisation (the row-level security key).
    tenant_db.bind(organisation=organisation_id)
    audit_record(
        "organisation.switched",
        organisation=membership.organisation,
        actor=request.user,
        request=request,
    )
    return membership.organisation


def organisation_update(*, organisation: Organisation, acting_user, data: dict, request=None):
    leads = data.pop("speaking_up_leads", None)
    with transaction.atomic():
        # From the database: a ModelForm's validation has already copied the new values onto
        # ``organisation``, so a snapshot of it would record no change.
        before = snapshot(Organisation.objects.get(pk=organisation.pk), list(data))
        for field, value in data.items():
            setattr(organisation, field, value)
        organisation.full_clean()
        organisation.save()
        changes = diff(before, snapshot(organisation, list(data)))
        if leads is not None:
            old = sorted(str(m) for m in organisation.speaking_up_leads.all())
            organisation.speaking_up_leads.set(leads)
            new = sorted(str(m) for m in leads)
            if old != new:
                changes["speaking_up_leads"] = [old, new]
        if changes:
            audit_record(
                "organisation.updated",
                organisation=organisation,
                actor=acting_user,
                target=organisation,
                changes=changes,
                request=request,
            )
    return organisation


def service_save(
    *, organisation: Organisation, acting_user, data: dict, service=None, request=None
):
    with transaction.atomic():
        created = service is None
        if created:
            service = Service(organisation=organisation)
            before = {}
        else:
            before = snapshot(Service.objects.get(pk=service.pk), list(data))
        for field, value in data.items():
            setattr(service, field, value)
        service.full_clean()
        service.save()
        changes = diff(before, snapshot(service, list(data)))
        if created or changes:
            audit_record(
                "service.created" if created else "service.updated",
                organisation=organisation,
                actor=acting_user,
                target=service,
                changes=changes,
                request=request,
            )
    return service


def membership_invite(
    *,
    organisation: Organisation,
    acting_user,
    email: str,
    full_name: str,
    role: str,
    caseload_capacity=0,
    job_title: str = "",
    request=None,
) -> Membership:
    """Add someone to the organisation, creating their account if they have none.

    A new account has no password: the invitation email carries a one-time
    link to set one (Django's password reset token), so no password is ever sent.
    """
    User = get_user_model()
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).first()
        new_account = user is None
        if new_account:
            user = User.objects.create_user(email=email, full_name=full_name)
        membership, created = Membership.objects.get_or_create(
            user=user,
            organisation=organisation,
            defaults={
                "role": role,
                "caseload_capacity": caseload_capacity,
                "job_title": job_title,
                "invited_by": acting_user,
            },
        )
        if not created:
            raise MembershipError(
                _("%(email)s is already a member of %(organisation)s")
                % {"email": email, "organisation": organisation}
            )
        membership.full_clean()
        audit_record(
            "membership.invited",
            organisation=organisation,
            actor=acting_user,
            target=membership,
            changes={"email": [None, email], "role": [None, role]},
            request=request,
        )
        base_url = request.build_absolute_uri("/").rstrip("/") if request else ""
        transaction.on_commit(
            lambda: send_invitation_email.enqueue(
                membership.pk, new_account, base_url, organisation_id=organisation.pk
            )
        )
    return membership


def _ensure_an_admin_remains(membership: Membership, *, new_role=None, deactivating=False):
    from .models import Role

    losing_admin = membership.role == Role.ADMIN and (deactivating or new_role != Role.ADMIN)
    if not losing_admin:
        return
    other_admins = (
        Membership.objects.active()
        .filter(organisation=membership.organisation, role=Role.ADMIN)
        .exclude(pk=membership.pk)
    )
    if not other_admins.exists():
        raise MembershipError(_("The organisation must keep at least one active admin"))


def membership_update(*, membership: Membership, acting_user, data: dict, request=None):
    with transaction.atomic():
        stored = Membership.objects.select_for_update().get(pk=membership.pk)
        _ensure_an_admin_remains(stored, new_role=data.get("role", stored.role))
        before = snapshot(stored, list(data))
        for field, value in data.items():
            setattr(membership, field, value)
        membership.full_clean()
        membership.save()
        changes = diff(before, snapshot(membership, list(data)))
        if changes:
            audit_record(
                "membership.updated",
                organisation=membership.organisation,
                actor=acting_user,
                target=membership,
                changes=changes,
                request=request,
            )
    return membership


def membership_set_active(*, membership: Membership, acting_user, active: bool, request=None):
    with transaction.atomic():
        if not active:
            _ensure_an_admin_remains(membership, deactivating=True)
        membership.is_active = active
        membership.deactivated_at = None if active else timezone.now()
        membership.save(update_fields=["is_active", "deactivated_at"])
        if not active:
            # Every session they have ends now, not when it would have timed out.
            membership.user.end_all_sessions()
        audit_record(
            "membership.reactivated" if active else "membership.deactivated",
            organisation=membership.organisation,
            actor=acting_user,
            target=membership,
            changes={"is_active": [not active, active]},
            request=request,
        )
    return membership
