"""Public referral pages (no sign-in): /refer/<organisation-slug>/..."""

from django.urls import path

from heard.core.tenant_db import public_page
from heard.referrals.views import public as views

app_name = "refer"

urlpatterns = [
    path("<slug:organisation_slug>/", public_page(views.start), name="start"),
    path("<slug:organisation_slug>/about-you/", public_page(views.referrer), name="referrer"),
    path("<slug:organisation_slug>/about-the-person/", public_page(views.person), name="person"),
    path("<slug:organisation_slug>/situation/", public_page(views.situation), name="situation"),
    path("<slug:organisation_slug>/questions/", public_page(views.questions), name="questions"),
    path(
        "<slug:organisation_slug>/communication/",
        public_page(views.communication),
        name="communication",
    ),
    path("<slug:organisation_slug>/agreement/", public_page(views.basis), name="basis"),
    path(
        "<slug:organisation_slug>/equality-questions/",
        public_page(views.equality),
        name="equality",
    ),
    path("<slug:organisation_slug>/check-your-answers/", public_page(views.check), name="check"),
    path("<slug:organisation_slug>/sent/", public_page(views.confirmation), name="confirmation"),
    path("<slug:organisation_slug>/easy-read/", public_page(views.easy_read), name="easy_read"),
    path(
        "<slug:organisation_slug>/easy-read/name/",
        public_page(views.easy_read_name),
        name="easy_read_name",
    ),
    path(
        "<slug:organisation_slug>/easy-read/contact/",
        public_page(views.easy_read_contact),
        name="easy_read_contact",
    ),
    path(
        "<slug:organisation_slug>/easy-read/contact-details/",
        public_page(views.easy_read_details),
        name="easy_read_details",
    ),
    path(
        "<slug:organisation_slug>/easy-read/help/",
        public_page(views.easy_read_help),
        name="easy_read_help",
    ),
    path(
        "<slug:organisation_slug>/easy-read/urgent/",
        public_page(views.easy_read_urgent),
        name="easy_read_urgent",
    ),
    path(
        "<slug:organisation_slug>/easy-read/helping/",
        public_page(views.easy_read_helping),
        name="easy_read_helping",
    ),
    path(
        "<slug:organisation_slug>/easy-read/helper/",
        public_page(views.easy_read_helper),
        name="easy_read_helper",
    ),
    path(
        "<slug:organisation_slug>/easy-read/about-you/",
        public_page(views.easy_read_equality),
        name="easy_read_equality",
    ),
    path(
        "<slug:organisation_slug>/easy-read/check-your-answers/",
        public_page(views.easy_read_check),
        name="easy_read_check",
    ),
    path(
        "<slug:organisation_slug>/easy-read/sent/",
        public_page(views.easy_read_confirmation),
        name="easy_read_confirmation",
    ),
]
