from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated

from .models import READ, WRITE, ApiToken


class DenyAll(BasePermission):
    """The API's default: an endpoint that does not name its permission answers no one.
    Each endpoint opts in with ``permission_classes`` (ADR-0007)."""

    def has_permission(self, request, view) -> bool:
        return False


class SignedIn(IsAuthenticated):
    """Any signed-in user: for the API's index, which lists endpoints and no personal data."""


class OrganisationPermission(BasePermission):
    """Deny by default: the view names one permission, asked of the current organisation.

    A view may name ``write_permission`` for its unsafe methods. With a token, the token's
    scopes must also allow the view's ``api_area`` (read, or write for unsafe methods): a
    token never does more than its user could, and often less.
    """

    def has_permission(self, request, view) -> bool:
        writing = request.method not in SAFE_METHODS
        perm = getattr(view, "required_permission", None)
        if writing:
            perm = getattr(view, "write_permission", None)
        organisation = getattr(request, "organisation", None)
        if not (
            perm
            and organisation
            and request.user.is_authenticated
            and request.user.has_perm(perm, organisation)
        ):
            return False
        token = request.auth
        if isinstance(token, ApiToken):
            area = getattr(view, "api_area", None)
            return bool(area) and token.allows(area, WRITE if writing else READ)
        return True
