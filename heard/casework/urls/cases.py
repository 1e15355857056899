"""Case URLs: the case list, the case page, status changes, allocation, conflicts, weights.

Included by heard/casework/urls (namespace "casework", mounted at /cases/).
"""

from django.urls import path

from heard.casework.views import cases as views_cases
from heard.casework.views import mha as views_mha

urlpatterns = [
    path("", views_cases.case_list, name="case_list"),
    path("conflicts/", views_cases.conflict_list, name="conflicts"),
    path("conflicts/new/", views_cases.conflict_declare, name="conflict_declare"),
    path("weights/", views_cases.caseload_weights, name="caseload_weights"),
    path("<int:case_id>/", views_cases.case_detail, name="case_detail"),
    path("<int:case_id>/details/", views_cases.case_details, name="case_details"),
    path("<int:case_id>/mental-health-act/", views_mha.case_mha, name="case_mha"),
    path("<int:case_id>/allocate/", views_cases.case_allocate, name="case_allocate"),
    path("<int:case_id>/deallocate/", views_cases.case_deallocate, name="case_deallocate"),
    path("<int:case_id>/hold/", views_cases.case_hold, name="case_hold"),
    path("<int:case_id>/resume/", views_cases.case_resume, name="case_resume"),
    path("<int:case_id>/close/", views_cases.case_close, name="case_close"),
    path("<int:case_id>/reopen/", views_cases.case_reopen, name="case_reopen"),
]
