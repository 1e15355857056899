"""The home page, health check and error pages."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from heard.casework.views_dashboards import render_manager, render_my_day
from heard.core.selectors import home_summary


@login_required
def home(request):
    # Managers and admins start from the manager view, advocates from their day; others as before.
    organisation = request.organisation
    if organisation is not None:
        if request.user.has_perm("casework.view_manager_dashboard", organisation):
            return render_manager(request, at_home=True)
        if request.user.has_perm("casework.view_my_day", organisation):
            return render_my_day(request, at_home=True)
    return render(request, "core/home.html", {"summary": home_summary(request)})


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
