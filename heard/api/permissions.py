from rest_framework.permissions import BasePermission


class OrganisationPermission(BasePermission):
    """Deny by default: the view names one permission, asked of the current organisation."""

    def has_permission(self, request, view) -> bool:
        perm = getattr(view, "required_permission", None)
        organisation = getattr(request, "organisation", None)
        return bool(
            perm
            and organisation
            and request.user.is_authenticated
            and request.user.has_perm(perm, organisation)
        )
