"""Case pages: /cases/..."""

app_name = "casework"

urlpatterns = []
