"""Public feedback and "you said, we did" pages (no sign-in): /have-your-say/..."""

from django.urls import path

from heard.voice.views import public as views

app_name = "have_your_say"

urlpatterns = [
    path("link/<str:token>/", views.personal_link, name="personal_link"),
    path("<slug:organisation_slug>/", views.start, name="start"),
    path("<slug:organisation_slug>/thank-you/", views.done, name="done"),
    path(
        "<slug:organisation_slug>/you-said-we-did/",
        views.you_said_we_did,
        name="you_said_we_did",
    ),
    path(
        "<slug:organisation_slug>/you-said-we-did/easy-read/",
        views.you_said_we_did_easy_read,
        name="you_said_we_did_easy_read",
    ),
    path(
        "<slug:organisation_slug>/<slug:version>/check-your-answers/",
        views.check,
        name="check",
    ),
    path("<slug:organisation_slug>/<slug:version>/<slug:step>/", views.question, name="question"),
]
