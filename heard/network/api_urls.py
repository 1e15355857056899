"""/api/v1/network/... (namespace "network_api"), mounted by the root URLconf."""

from django.urls import path

from .api import FiguresView

app_name = "network_api"

urlpatterns = [path("figures/", FiguresView.as_view(), name="figures")]
