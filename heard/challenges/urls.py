"""Challenge URLs, mounted at /challenges/ (namespace "challenges")."""

from django.urls import path

from . import views

app_name = "challenges"

urlpatterns = [
    path("", views.challenge_list, name="list"),
    path("export/", views.challenge_export, name="export"),
    path("response-times/", views.response_times, name="response_times"),
    path("case/<int:case_id>/new/", views.challenge_create, name="create"),
    path("<int:challenge_id>/", views.challenge_detail, name="detail"),
    path("<int:challenge_id>/response/", views.challenge_respond, name="respond"),
    path("<int:challenge_id>/escalate/", views.challenge_escalate, name="escalate"),
]
