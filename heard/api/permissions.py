from rest_framework.permissions import BasePermission, IsAuthenticated


class DenyAll(BasePermission):
    """The API's default: an endpoint that does not name its permission answers no one.
    Each endpoint opts in with ``permission_classes`` (ADR-0007)."""

    def has_permission(self, request, view) -> bool:
        return False


class SignedIn(IsAuthenticated):
    """Any signed-in user: for the API's index, which lists endpoints and no personal data."""


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
