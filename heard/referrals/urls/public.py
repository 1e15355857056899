"""Public referral pages (no sign-in): /refer/<organisation-slug>/..."""

from django.urls import path

from heard.referrals.views import public as views

app_name = "refer"

urlpatterns = [
    path("<slug:organisation_slug>/", views.start, name="start"),
    path("<slug:organisation_slug>/about-you/", views.referrer, name="referrer"),
    path("<slug:organisation_slug>/about-the-person/", views.person, name="person"),
    path("<slug:organisation_slug>/situation/", views.situation, name="situation"),
    path("<slug:organisation_slug>/questions/", views.questions, name="questions"),
    path("<slug:organisation_slug>/communication/", views.communication, name="communication"),
    path("<slug:organisation_slug>/agreement/", views.basis, name="basis"),
    path("<slug:organisation_slug>/check-your-answers/", views.check, name="check"),
    path("<slug:organisation_slug>/sent/", views.confirmation, name="confirmation"),
    path("<slug:organisation_slug>/easy-read/", views.easy_read, name="easy_read"),
    path("<slug:organisation_slug>/easy-read/name/", views.easy_read_name, name="easy_read_name"),
    path(
        "<slug:organisation_slug>/easy-read/contact/",
        views.easy_read_contact,
        name="easy_read_contact",
    ),
    path(
        "<slug:organisation_slug>/easy-read/contact-details/",
        views.easy_read_details,
        name="easy_read_details",
    ),
    path("<slug:organisation_slug>/easy-read/help/", views.easy_read_help, name="easy_read_help"),
    path(
        "<slug:organisation_slug>/easy-read/urgent/",
        views.easy_read_urgent,
        name="easy_read_urgent",
    ),
    path(
        "<slug:organisation_slug>/easy-read/helping/",
        views.easy_read_helping,
        name="easy_read_helping",
    ),
    path(
        "<slug:organisation_slug>/easy-read/helper/",
        views.easy_read_helper,
        name="easy_read_helper",
    ),
    path(
        "<slug:organisation_slug>/easy-read/check-your-answers/",
        views.easy_read_check,
        name="easy_read_check",
    ),
    path(
        "<slug:organisation_slug>/easy-read/sent/",
        views.easy_read_confirmation,
        name="easy_read_confirmation",
    ),
]
