"""Case URLs: dashboards (included by heard/casework/urls.py)."""

urlpatterns = []
