"""Staff-entered referrals (phone, email, letter)."""

from django.urls import path

from heard.referrals.views import intake as views_intake

urlpatterns = [
    path("new/", views_intake.referral_new, name="new"),
    path("<int:referral_id>/received/", views_intake.referral_received, name="received"),
]
