"""Case URLs: cases (included by heard/casework/urls.py)."""

urlpatterns = []
