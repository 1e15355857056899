from django.urls import include, path

from heard.casework import urls as casework_urls
from heard.core import views as core_views
from heard.dashboards import urls as dashboards_urls
from heard.dashboards import views as dashboards_views

# The dashboards sit above casework but keep their URLs under /cases/ ("casework:my_day").
casework_patterns = ([*casework_urls.urlpatterns, *dashboards_urls.urlpatterns], "casework")

urlpatterns = [
    path("", dashboards_views.home, name="home"),
    path("healthz/", core_views.healthz, name="healthz"),
    path("i18n/setlang/", core_views.set_language, name="set_language"),
    path("accounts/", include("heard.accounts.urls")),
    path("sign-in/", include("heard.signin.urls")),
    path("organisation/", include("heard.organisations.urls")),
    path("people/", include("heard.people.urls")),
    path("refer/", include("heard.referrals.urls.public")),
    path("referrals/", include("heard.referrals.urls")),
    path("cases/", include(casework_patterns)),
    path("challenges/", include("heard.challenges.urls")),
    path("safeguarding/", include("heard.safeguarding.urls")),
    path("speaking-up/", include("heard.speaking_up.urls")),
    path("search/", include("heard.search.urls")),
    path("system-issues/", include("heard.system_change.urls")),
    path("team/", include("heard.development.urls")),
    path("voice/", include("heard.voice.urls")),
    path("have-your-say/", include("heard.voice.urls.public")),
    path("reports/", include("heard.reporting.urls")),
    path("data-protection/", include("heard.rights.urls")),
    path("network/", include("heard.network.urls")),
    path("api/v1/network/", include("heard.network.api_urls")),
    path("api/v1/", include("heard.api.urls")),
    path("api-tokens/", include("heard.api.token_urls")),
    path("imports/", include("heard.imports.urls")),
]

handler404 = "heard.core.views.not_found"
handler403 = "heard.core.views.forbidden"
handler500 = "heard.core.views.server_error"
