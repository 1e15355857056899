"""Case URLs: dashboards (included by heard/casework/urls.py)."""

from django.urls import path

from . import views_dashboards

urlpatterns = [
    path("my-day/", views_dashboards.my_day, name="my_day"),
    path("manager/", views_dashboards.manager, name="manager"),
]
