"""Voice and co-production for staff: /voice/... (namespace "voice")."""

from django.urls import path

from heard.voice.views import staff as views

app_name = "voice"

urlpatterns = [
    path("", views.feedback, name="feedback"),
    path("paper-feedback/", views.feedback_paper, name="feedback_paper"),
    path("feedback-links/", views.feedback_links, name="feedback_links"),
    path("feedback-links/qr-code.svg", views.feedback_qr, name="feedback_qr"),
    path("cases/<int:case_id>/feedback-link/", views.offer_feedback, name="offer_feedback"),
    path("involvement/", views.involvement, name="involvement"),
    path("involvement/new/", views.involvement_create, name="involvement_create"),
    path("involvement/<int:involvement_id>/", views.involvement_edit, name="involvement_edit"),
    path("engagement/", views.sessions, name="sessions"),
    path("engagement/new/", views.session_create, name="session_create"),
    path("engagement/<int:engagement_id>/", views.session_detail, name="session_detail"),
    path("engagement/<int:engagement_id>/themes/new/", views.theme_create, name="theme_create"),
    path("you-said-we-did/", views.you_said_we_did, name="you_said_we_did"),
    path("you-said-we-did/new/", views.you_said_we_did_create, name="you_said_we_did_create"),
    path(
        "you-said-we-did/<int:you_said_id>/",
        views.you_said_we_did_edit,
        name="you_said_we_did_edit",
    ),
    path("self-assessment/", views.assessments, name="assessments"),
    path("self-assessment/new/", views.assessment_create, name="assessment_create"),
]
