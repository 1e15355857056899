"""The network hub: /network/... (namespace "network")."""

from django.urls import path

from . import views

app_name = "network"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.network_create, name="create"),
    path("notifications/", views.notifications, name="notifications"),
    path("invitations/<int:invitation_id>/", views.invitation, name="invitation"),
    path("<int:network_id>/", views.detail, name="detail"),
    path("<int:network_id>/invite/", views.member_invite, name="member_invite"),
    path("<int:network_id>/coordinators/new/", views.coordinator_add, name="coordinator_add"),
    path("<int:network_id>/agreement/", views.agreement, name="agreement"),
    path("<int:network_id>/agreement/new/", views.agreement_new, name="agreement_new"),
    path("<int:network_id>/figures/", views.figures, name="figures"),
    path("<int:network_id>/picture/", views.national_picture, name="picture"),
    path("<int:network_id>/benchmark/", views.benchmark, name="benchmark"),
    path("<int:network_id>/figures/upload/", views.figures_upload, name="figures_upload"),
    path("members/<int:member_id>/installation/", views.member_installation, name="installation"),
    # Hubs on other installations this organisation sends its figures to (its admins)
    path("remote-hubs/", views.remote_hubs, name="remote_hubs"),
    path("remote-hubs/new/", views.remote_hub_create, name="remote_hub_create"),
    path("remote-hubs/<int:hub_id>/", views.remote_hub_edit, name="remote_hub_edit"),
    path("remote-hubs/<int:hub_id>/remove/", views.remote_hub_delete, name="remote_hub_delete"),
    path("remote-hubs/<int:hub_id>/send/", views.remote_hub_send, name="remote_hub_send"),
    # The peer-support forum
    path("<int:network_id>/forum/", views.forum, name="forum"),
    path("<int:network_id>/forum/code-of-conduct/", views.conduct, name="conduct"),
    path("<int:network_id>/forum/topics/new/", views.topic_create, name="topic_create"),
    path("<int:network_id>/forum/moderation/", views.moderation, name="moderation"),
    path("forum/topics/<int:topic_id>/", views.topic, name="topic"),
    path("forum/topics/<int:topic_id>/new/", views.thread_create, name="thread_create"),
    path("forum/threads/<int:thread_id>/", views.thread, name="thread"),
    path("forum/posts/<int:post_id>/report/", views.post_report, name="post_report"),
    path("forum/posts/<int:post_id>/moderate/", views.post_moderate, name="post_moderate"),
    path("forum/posts/<int:post_id>/suspend/", views.post_suspend, name="post_suspend"),
    # The resource library
    path("<int:network_id>/library/", views.resources, name="resources"),
    path("<int:network_id>/library/propose/", views.resource_propose, name="resource_propose"),
    path("library/<int:resource_id>/", views.resource, name="resource"),
    path("library/<int:resource_id>/publish/", views.resource_publish, name="resource_publish"),
    path(
        "library/<int:resource_id>/versions/new/",
        views.resource_version_add,
        name="resource_version_add",
    ),
    path("library/files/<int:version_id>/", views.resource_download, name="resource_download"),
    # Surveys of advocates
    path("<int:network_id>/surveys/", views.surveys, name="surveys"),
    path("<int:network_id>/surveys/new/", views.survey_create, name="survey_create"),
    path("surveys/<int:survey_id>/", views.survey, name="survey"),
    path("surveys/<int:survey_id>/questions/new/", views.question_create, name="question_create"),
    path("surveys/<int:survey_id>/status/", views.survey_status, name="survey_status"),
    path("surveys/<int:survey_id>/results/", views.survey_results, name="survey_results"),
    path("surveys/<int:survey_id>/results.csv", views.survey_csv, name="survey_csv"),
    path("surveys/<int:survey_id>/results.xlsx", views.survey_xlsx, name="survey_xlsx"),
    path("surveys/<int:survey_id>/report/", views.survey_report, name="survey_report"),
    path(
        "surveys/<int:survey_id>/report/publish/",
        views.survey_report_publish,
        name="survey_report_publish",
    ),
    # The link a member passes on to its advocates: no sign-in, nothing identifying kept.
    path("s/<str:survey_token>/", views.survey_answer, name="survey_answer"),
    path("s/<str:survey_token>/thanks/", views.survey_thanks, name="survey_thanks"),
]
