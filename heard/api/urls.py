"""The v1 router and schema wiring only; endpoints live in each app's api.py."""

from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView
from rest_framework.routers import DefaultRouter

from heard.api.eligibility import EligibilityView
from heard.people.api import PersonViewSet

# The API reference page runs Redoc, which drf-spectacular loads from its CDN and which styles
# itself inline and parses in a worker. It shows the schema only, never personal data, so this
# one page's policy is widened for exactly that; every other page keeps the strict one.
REDOC_POLICY = {
    "script-src": ["https://cdn.jsdelivr.net"],
    "style-src": ["'unsafe-inline'", "https://fonts.googleapis.com"],
    "font-src": ["https://fonts.gstatic.com"],
    "worker-src": ["blob:"],
}
api_docs = csp_update(REDOC_POLICY)(SpectacularRedocView.as_view(url_name="api:schema"))

router = DefaultRouter()
router.register("people", PersonViewSet, basename="person")

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", api_docs, name="docs"),
    path("eligibility/", EligibilityView.as_view(), name="eligibility"),
    path("", include(router.urls)),
]
