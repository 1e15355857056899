"""Case pages: /cases/... One URL module per topic, combined here (namespace "casework").

The root URLconf adds the dashboards' pages ("casework:my_day", "casework:manager") to this
namespace, so their URL names stay stable without casework importing the dashboards.
"""

from heard.casework.urls import cases, records, waiting

app_name = "casework"

urlpatterns = [
    *waiting.urlpatterns,
    *cases.urlpatterns,
    *records.urlpatterns,
]
