"""Advocates' development: /team/... (namespace "development")."""

from django.urls import path

from . import views

app_name = "development"

urlpatterns = [
    path("", views.team, name="team"),
    path("training-matrix/", views.matrix, name="matrix"),
    path("settings/", views.settings, name="settings"),
    path("settings/induction/new/", views.induction_item_create, name="induction_item_create"),
    path("settings/training/new/", views.training_item_create, name="training_item_create"),
    path("me/", views.mine, name="mine"),
    path("people/<int:membership_id>/", views.member, name="member"),
    path("people/<int:membership_id>/profile/", views.profile_edit, name="profile_edit"),
    path(
        "people/<int:membership_id>/induction/<int:induction_item_id>/",
        views.induction_sign_off,
        name="induction_sign_off",
    ),
    path("people/<int:membership_id>/shadowing/new/", views.shadow_visit, name="shadow_visit"),
    path("people/<int:membership_id>/ready/", views.readiness_sign_off, name="readiness_sign_off"),
    path(
        "people/<int:membership_id>/ready/<int:readiness_id>/withdraw/",
        views.readiness_withdraw,
        name="readiness_withdraw",
    ),
    path(
        "people/<int:membership_id>/training/<int:training_item_id>/",
        views.training_record,
        name="training_record",
    ),
    path("people/<int:membership_id>/leave/new/", views.leave, name="leave"),
    path("supervision/new/", views.supervision_create, name="supervision_create"),
    path("supervision/<int:session_id>/", views.supervision_detail, name="supervision_detail"),
    path("supervision/<int:session_id>/actions/new/", views.action_create, name="action_create"),
    path(
        "supervision/actions/<int:supervision_action_id>/done/",
        views.action_done,
        name="action_done",
    ),
    path(
        "supervision/actions/<int:supervision_action_id>/system-issue/",
        views.action_escalate,
        name="action_escalate",
    ),
    path("reflections/", views.notes, name="notes"),
    path("reflections/new/", views.note_create, name="note_create"),
    path("reflections/<int:note_id>/", views.note_detail, name="note_detail"),
    path("reflections/<int:note_id>/share/", views.note_share, name="note_share"),
    path("wellbeing/check-in/", views.check_in, name="check_in"),
    path("barriers/new/", views.barrier_create, name="barrier_create"),
    path("barriers/<int:barrier_id>/", views.barrier_edit, name="barrier_edit"),
]
