"""The v1 router and schema wiring only; endpoints live in each app's api.py."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView
from rest_framework.routers import DefaultRouter

from heard.api.eligibility import EligibilityView
from heard.people.api import PersonViewSet

router = DefaultRouter()
router.register("people", PersonViewSet, basename="person")

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularRedocView.as_view(url_name="api:schema"), name="docs"),
    path("eligibility/", EligibilityView.as_view(), name="eligibility"),
    path("", include(router.urls)),
]
