"""Triage of new referrals by managers."""

from django.urls import path

from heard.referrals.views import triage as views_triage

urlpatterns = [
    path("", views_triage.triage_list, name="triage"),
    path("<int:referral_id>/", views_triage.referral_detail, name="detail"),
    path(
        "<int:referral_id>/acknowledgement-letter/",
        views_triage.acknowledgement_letter,
        name="acknowledgement_letter",
    ),
]
