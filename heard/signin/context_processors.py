from django.conf import settings


def session_timeout(request):
    """The timings the "stay signed in?" warning needs (one place: the settings)."""
    return {
        "session_idle_seconds": settings.HEARD_SESSION_IDLE_SECONDS,
        "session_warning_seconds": settings.HEARD_SESSION_WARNING_SECONDS,
        "session_warning_minutes": max(1, settings.HEARD_SESSION_WARNING_SECONDS // 60),
        "session_idle_minutes": max(1, settings.HEARD_SESSION_IDLE_SECONDS // 60),
    }
