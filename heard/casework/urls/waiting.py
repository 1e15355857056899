"""Case URLs: the waiting list and priority changes (included by heard/casework/urls)."""

from django.urls import path

from heard.casework.views import waiting as views

urlpatterns = [
    path("waiting/", views.waiting_list, name="waiting_list"),
    path("<int:case_id>/priority/", views.change_priority, name="change_priority"),
]
