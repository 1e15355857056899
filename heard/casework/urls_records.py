"""Case URLs: records (included by heard/casework/urls.py)."""

urlpatterns = []
