"""The health check and error pages."""

from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def forbidden(request, exception=None):
    return render(request, "errors/403.html", status=403)


def server_error(request):
    return render(request, "errors/500.html", status=500)


def set_language(request):
    """The header's language switch: Django's, and the choice kept in the session and on the
    signed-in member's profile, so it lasts beyond the browser's cookie."""
    from django.views.i18n import set_language as django_set_language

    from heard.core.language import SESSION_KEY, is_page_language

    response = django_set_language(request)
    language = request.POST.get("language")
    if request.method == "POST" and is_page_language(language):
        # The cookie Django sets is enough for a visitor; a session in use keeps it too.
        if request.session.session_key:
            request.session[SESSION_KEY] = language
        user = request.user
        if user.is_authenticated and user.language != language:
            user.language = language
            user.save(update_fields=["language"])
    return response
