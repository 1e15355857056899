"""Case pages: /cases/..."""

from django.urls import path

from . import views

app_name = "casework"

urlpatterns = [
    path("waiting/", views.waiting_list, name="waiting_list"),
    path("<int:case_id>/priority/", views.change_priority, name="change_priority"),
]
