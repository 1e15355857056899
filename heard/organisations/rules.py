"""Who may do what, declared once. Views, templates and the API all ask these.

Predicates take ``(user, obj)`` where ``obj`` is the organisation or anything
with an ``organisation`` attribute. The membership comes from the cache the
middleware fills, so a permission check costs no query.
"""

import rules

from heard.core.permissions import Perm

from .models import CASEWORK_ROLES, Membership, Organisation, Role


def organisation_of(obj) -> Organisation | None:
    if isinstance(obj, Organisation):
        return obj
    return getattr(obj, "organisation", None)


def membership_of(user, obj) -> Membership | None:
    organisation = organisation_of(obj)
    if organisation is None or not user.is_authenticated:
        return None
    cache = getattr(user, "_heard_memberships", None)
    if cache is None:
        cache = {
            m.organisation_id: m
            for m in Membership.objects.active().filter(user=user).select_related("organisation")
        }
        user._heard_memberships = cache
    return cache.get(organisation.pk)


def has_role(*roles: str):
    name = "has_role:" + ",".join(roles)

    @rules.predicate(name=name)
    def predicate(user, obj=None) -> bool:
        membership = membership_of(user, obj)
        return membership is not None and membership.role in roles

    return predicate


is_member = rules.predicate(
    lambda user, obj=None: membership_of(user, obj) is not None, name="is_member"
)
is_admin = has_role(Role.ADMIN)
is_manager = has_role(Role.MANAGER)
is_advocate = has_role(Role.ADVOCATE)
is_commissioner = has_role(Role.COMMISSIONER)
is_network_coordinator = has_role(Role.NETWORK_COORDINATOR)
sees_personal_data = has_role(*CASEWORK_ROLES)
is_admin_or_manager = has_role(Role.ADMIN, Role.MANAGER)

rules.add_perm(Perm.ORGANISATIONS_VIEW_ORGANISATION, is_member)
rules.add_perm(Perm.ORGANISATIONS_CHANGE_ORGANISATION, is_admin)
rules.add_perm(Perm.ORGANISATIONS_MANAGE_STAFF, is_admin)
rules.add_perm(Perm.ORGANISATIONS_VIEW_STAFF, is_admin_or_manager)
rules.add_perm(Perm.ORGANISATIONS_VIEW_SERVICE, is_member)
rules.add_perm(Perm.ORGANISATIONS_MANAGE_SERVICES, is_admin_or_manager)
