def organisation(request):
    """The current organisation and the user's others, for the header and switcher."""
    return {
        "current_organisation": getattr(request, "organisation", None),
        "current_membership": getattr(request, "membership", None),
        "user_memberships": getattr(request, "memberships", []),
    }
