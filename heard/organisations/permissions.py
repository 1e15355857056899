"""View decorators that ask the permission rules about the current organisation."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def organisation_permission_required(perm: str):
    """Require sign-in, a current organisation, and ``perm`` in it (403 otherwise)."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.organisation is None or not request.user.has_perm(
                perm, request.organisation
            ):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.required_permission = perm
        return wrapped

    return decorator
