"""/api/v1/network/... (namespace "network_api"), mounted by the root URLconf."""

from django.urls import path

from heard.core.tenant_db import public_page

from .api import FiguresView

app_name = "network_api"

# Nobody is signed in: the view runs in its own transaction, which binds the network its
# token names (``services.member_for_token``, ADR-0035).
urlpatterns = [path("figures/", public_page(FiguresView.as_view()), name="figures")]
