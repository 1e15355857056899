"""The v1 router and schema wiring only; endpoints live in each app's api.py.

The API denies by default (``DenyAll``); the schema and its documentation are public, as
they describe the API and hold no personal data."""

from csp.decorators import csp_update
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView
from rest_framework.permissions import AllowAny
from rest_framework.routers import DefaultRouter

from heard.api.eligibility import EligibilityView
from heard.api.permissions import SignedIn
from heard.api.problems import UnknownAddressView
from heard.casework.api import ActivityViewSet, CaseViewSet, IssueViewSet, TaskViewSet
from heard.challenges.api import ChallengeViewSet
from heard.people.api import PersonViewSet
from heard.referrals.api import ReferralViewSet
from heard.reporting.api import ServiceMeasuresView
from heard.safeguarding.api import SafeguardingConcernViewSet
from heard.system_change.api import SystemIssueViewSet


class Router(DefaultRouter):
    """The v1 router; its index page opts in to signed-in users (the API denies by default)."""

    class APIRootView(DefaultRouter.APIRootView):
        permission_classes = [SignedIn]


# The API reference page runs Redoc, served from Heard's own static files (the sidecar
# package), which styles itself inline and parses in a worker. It shows the schema only,
# never personal data, so this one page's policy is widened for exactly that; every other
# page keeps the strict one.
REDOC_POLICY = {
    "style-src": ["'unsafe-inline'"],
    "worker-src": ["blob:"],
}
api_docs = csp_update(REDOC_POLICY)(
    SpectacularRedocView.as_view(
        url_name="api:schema", permission_classes=[AllowAny], template_name="api/redoc.html"
    )
)

router = Router()
router.register("people", PersonViewSet, basename="person")
router.register("referrals", ReferralViewSet, basename="referral")
router.register("cases", CaseViewSet, basename="case")
router.register("issues", IssueViewSet, basename="issue")
router.register("activities", ActivityViewSet, basename="activity")
router.register("tasks", TaskViewSet, basename="task")
router.register("challenges", ChallengeViewSet, basename="challenge")
router.register(
    "safeguarding-concerns", SafeguardingConcernViewSet, basename="safeguarding-concern"
)
router.register("system-issues", SystemIssueViewSet, basename="system-issue")

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(permission_classes=[AllowAny]), name="schema"),
    path("docs/", api_docs, name="docs"),
    path("eligibility/", EligibilityView.as_view(), name="eligibility"),
    path(
        "reports/services/<int:service_id>/measures/",
        ServiceMeasuresView.as_view(),
        name="report-measures",
    ),
    path("", include(router.urls)),
    re_path(r"^.*$", UnknownAddressView.as_view(), name="unknown"),  # last: a 404 as a problem
]
