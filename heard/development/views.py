"""Advocates' development pages (the "Team" area). Thin: rules in services, reads in selectors,
who-sees-what in ``access``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from heard.casework.access import with_access
from heard.casework.models import Activity, ActivityKind, Case
from heard.core.permissions import Perm
from heard.design_system.charts import column_chart
from heard.design_system.forms import add_service_errors
from heard.organisations.models import CASEWORK_ROLES, Membership
from heard.organisations.permissions import organisation_permission_required
from heard.organisations.tenancy import get_scoped_or_404, scoped
from heard.people.models import Person
from heard.system_change.models import SystemIssue, SystemIssueStatus

from . import access, selectors, services
from .forms import (
    ActionForm,
    BarrierForm,
    BarrierUpdateForm,
    CheckInForm,
    EscalateForm,
    InductionItemForm,
    LeaveForm,
    ProfileForm,
    ReadinessForm,
    ReflectiveNoteForm,
    SettingsForm,
    ShadowVisitForm,
    SignOffForm,
    SupervisionForm,
    TrainingItemForm,
    TrainingRecordForm,
)
from .models import (
    Barrier,
    InductionItem,
    Readiness,
    ReflectiveNote,
    SupervisionAction,
    SupervisionKind,
    SupervisionSession,
    Theme,
    TrainingItem,
    TrainingKind,
    TrainingRecord,
)
from .presenters import caseload_table, staff_name

VIEW = Perm.DEVELOPMENT_VIEW_OWN


def _posted(request):
    return request.POST if request.method == "POST" else None


def _staff(request):
    return (
        scoped(request, Membership)
        .filter(is_active=True, role__in=CASEWORK_ROLES)
        .select_related("user")
        .order_by("user__full_name", "pk")
    )


def _member(request, membership_id: int):
    """Someone's development record: 404 unless the viewer may see it (ADR-0011)."""
    member = get_scoped_or_404(
        request,
        scoped(request, Membership).select_related("user", "development_profile"),
        pk=membership_id,
    )
    if not access.can_view_development(request.membership, member):
        raise Http404("Not found")
    return member


def _member_url(member) -> str:
    return reverse("development:member", kwargs={"membership_id": member.pk})


def _form_page(request, form, *, title, caption="", intro="", button, back_url):
    return render(
        request,
        "development/form.html",
        {
            "form": form,
            "title": title,
            "caption": caption,
            "intro": intro,
            "button": button,
            "back_url": back_url,
        },
    )


def _save(form, call) -> bool:
    """Run a service call for a valid form; its refusal goes beside the fields."""
    try:
        call()
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    return True


# --- the team ---------------------------------------------------------------------------


@organisation_permission_required(Perm.DEVELOPMENT_VIEW_TEAM)
def team(request):
    today = timezone.localdate()
    rows = selectors.team(request.organisation, scoped(request, Membership), today=today)
    return render(
        request,
        "development/team.html",
        {
            "rows": rows,
            "overdue_count": sum(1 for row in rows if row.overdue),
            "over_capacity_count": sum(1 for row in rows if row.over_capacity),
        },
    )


@organisation_permission_required(Perm.DEVELOPMENT_VIEW_TEAM)
def matrix(request):
    today = timezone.localdate()
    matrix = selectors.training_matrix(
        scoped(request, TrainingItem),
        _staff(request),
        scoped(request, TrainingRecord),
        today=today,
    )
    return render(request, "development/matrix.html", {"matrix": matrix})


@organisation_permission_required(VIEW)
def mine(request):
    return _member_page(request, request.membership)


@organisation_permission_required(VIEW)
def member(request, membership_id: int):
    return _member_page(request, _member(request, membership_id))


def _member_page(request, member):
    today = timezone.localdate()
    viewer = request.membership
    services.development_viewed(subject=member, actor=viewer, request=request)
    profile = getattr(member, "development_profile", None)
    every = selectors.frequencies(request.organisation)
    annotated = selectors.with_last_supervision(
        scoped(request, Membership).filter(pk=member.pk)
    ).get()
    annotated.development_profile = profile if profile else None
    supervision = selectors.supervision_due(annotated, every=every, today=today)
    items = list(scoped(request, InductionItem).filter(is_active=True))
    signed = {s.item_id: s for s in member.induction_sign_offs.select_related("signed_off_by")}
    records = {r.item_id: r for r in member.training_records.all()}
    training = [
        (item, records.get(item.pk), selectors.cell_state(records.get(item.pk), today=today))
        for item in scoped(request, TrainingItem).filter(is_active=True)
    ]
    sessions = access.visible_sessions(
        scoped(request, SupervisionSession).filter(attendees=member), viewer
    )[:10]
    context = {
        "member": member,
        "profile": profile,
        "is_me": member.pk == viewer.pk,
        "can_manage": access.can_manage_development(viewer, member) and member.pk != viewer.pk,
        "can_manage_profile": viewer.role in access.MANAGING_ROLES,
        "supervision": supervision,
        "induction": [(item, signed.get(item.pk)) for item in items],
        "induction_done": len(signed),
        "shadow_visits": member.shadow_visits.select_related("activity__case"),
        "readiness": member.readiness.filter(withdrawn_at__isnull=True),
        "training": training,
        "sessions": sessions,
        "actions": member.supervision_actions.filter(done_on__isnull=True).select_related(
            "session"
        ),
        "barriers": member.barriers.all()[:20],
        "conflicts": member.conflicts.filter(resolved_at__isnull=True),
    }
    if access.can_view_wellbeing(viewer, member):
        history = selectors.caseload_history(member, today=today)
        context.update(
            wellbeing=True,
            chart=column_chart(
                [f"{d:%b}" for d, _load in history], [float(v) for _d, v in history]
            ),
            caseload_rows=caseload_table(history),
            signals=selectors.signals(
                member, history=history, supervision=supervision, today=today
            ),
            check_ins=member.wellbeing_check_ins.all()[:6],
            leave=member.leave.all()[:5],
        )
    return render(request, "development/member.html", context)


@organisation_permission_required(Perm.DEVELOPMENT_MANAGE)
def profile_edit(request, membership_id: int):
    member = _member(request, membership_id)
    profile = getattr(member, "development_profile", None)
    initial = {}
    if profile:
        initial = {name: getattr(profile, name) for name in services.PROFILE_FIELDS}
    form = ProfileForm(
        _posted(request),
        staff=_staff(request),
        initial=initial,
        nation=request.organisation.nation,
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(
            form,
            lambda: services.profile_update(
                membership=member, actor=request.membership, data=form.cleaned_data, request=request
            ),
        )
    ):
        messages.success(request, _("Profile saved"))
        return redirect(_member_url(member))
    return _form_page(
        request,
        form,
        title=_("Development profile"),
        caption=staff_name(member),
        button=_("Save profile"),
        back_url=_member_url(member),
    )


@organisation_permission_required(VIEW)
def induction_sign_off(request, membership_id: int, induction_item_id: int):
    member = _member(request, membership_id)
    item = get_scoped_or_404(request, InductionItem, pk=induction_item_id)
    form = SignOffForm(_posted(request))
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(
            form,
            lambda: services.induction_sign_off(
                membership=member,
                item=item,
                actor=request.membership,
                request=request,
                **form.cleaned_data,
            ),
        )
    ):
        messages.success(request, _("Signed off: %(item)s") % {"item": item.title})
        return redirect(_member_url(member))
    return _form_page(
        request,
        form,
        title=_("Sign off: %(item)s") % {"item": item.title},
        caption=staff_name(member),
        intro=item.description,
        button=_("Sign off"),
        back_url=_member_url(member),
    )


@organisation_permission_required(VIEW)
def shadow_visit(request, membership_id: int):
    member = _member(request, membership_id)
    openable = with_access(scoped(request, Case), request.membership).filter(can_open=True)
    recent = (
        scoped(request, Activity)
        .in_effect()
        .filter(kind=ActivityKind.VISIT, case__in=openable)
        .order_by("-occurred_at")
        .values("pk")[:50]
    )
    activities = (
        scoped(request, Activity).filter(pk__in=list(recent)).select_related("case")
    ).order_by("-occurred_at")
    form = ShadowVisitForm(_posted(request), activities=activities)
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(
            form,
            lambda: services.shadow_visit_record(
                membership=member, actor=request.membership, request=request, **form.cleaned_data
            ),
        )
    ):
        messages.success(request, _("Shadowed visit recorded"))
        return redirect(_member_url(member))
    return _form_page(
        request,
        form,
        title=_("Record a shadowed visit"),
        caption=staff_name(member),
        intro=_("Choose the visit from the case where it is recorded."),
        button=_("Save"),
        back_url=_member_url(member),
    )


@organisation_permission_required(VIEW)
def readiness_sign_off(request, membership_id: int):
    member = _member(request, membership_id)
    form = ReadinessForm(_posted(request), nation=request.organisation.nation)
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(
            form,
            lambda: services.readiness_sign_off(
                membership=member, actor=request.membership, request=request, **form.cleaned_data
            ),
        )
    ):
        messages.success(request, _("Signed off as ready"))
        return redirect(_member_url(member))
    return _form_page(
        request,
        form,
        title=_("Ready to take cases"),
        caption=staff_name(member),
        intro=_(
            "Sign off only when their induction for this type of advocacy is complete. "
            "Allocation also checks any training the organisation requires for it."
        ),
        button=_("Sign off"),
        back_url=_member_url(member),
    )


@require_POST
@organisation_permission_required(VIEW)
def readiness_withdraw(request, membership_id: int, readiness_id: int):
    member = _member(request, membership_id)
    readiness = get_scoped_or_404(
        request, scoped(request, Readiness).filter(membership=member), pk=readiness_id
    )
    services.readiness_withdraw(readiness=readiness, actor=request.membership, request=request)
    messages.success(request, _("Readiness withdrawn"))
    return redirect(_member_url(member))


@organisation_permission_required(VIEW)
def training_record(request, membership_id: int, training_item_id: int):
    member = _member(request, membership_id)
    item = get_scoped_or_404(request, TrainingItem, pk=training_item_id)
    record = member.training_records.filter(item=item).first()
    initial = {}
    if record:
        initial = {
            k: getattr(record, k) for k in ("status", "started_on", "achieved_on", "expires_on")
        }
    form = TrainingRecordForm(_posted(request), initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(
            form,
            lambda: services.training_update(
                membership=member,
                item=item,
                actor=request.membership,
                request=request,
                **form.cleaned_data,
            ),
        )
    ):
        messages.success(request, _("Saved: %(item)s") % {"item": item.name})
        return redirect(_member_url(member))
    return _form_page(
        request,
        form,
        title=item.name,
        caption=staff_name(member),
        button=_("Save"),
        back_url=_member_url(member),
    )


@organisation_permission_required(VIEW)
def leave(request, membership_id: int):
    member = _member(request, membership_id)
    form = LeaveForm(_posted(request))
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(
            form,
            lambda: services.leave_record(
                membership=member, actor=request.membership, request=request, **form.cleaned_data
            ),
        )
    ):
        messages.success(request, _("Leave recorded"))
        return redirect(_member_url(member))
    return _form_page(
        request,
        form,
        title=_("Record leave"),
        caption=staff_name(member),
        button=_("Save"),
        back_url=_member_url(member),
    )


# --- settings ---------------------------------------------------------------------------


@organisation_permission_required(Perm.DEVELOPMENT_MANAGE)
def settings(request):
    every = selectors.frequencies(request.organisation)
    initial = {**every, "readiness_required": selectors.readiness_required(request.organisation)}
    form = SettingsForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.frequencies_update(
            organisation=request.organisation,
            actor=request.membership,
            every_days={kind: data[kind] for kind in SupervisionKind.values},
            request=request,
        )
        services.readiness_required_set(
            organisation=request.organisation,
            actor=request.membership,
            required=data["readiness_required"],
            request=request,
        )
        messages.success(request, _("Settings saved"))
        return redirect("development:settings")
    return render(
        request,
        "development/settings.html",
        {
            "form": form,
            "induction_items": scoped(request, InductionItem).filter(is_active=True),
            "training_items": scoped(request, TrainingItem).filter(is_active=True),
        },
    )


@organisation_permission_required(Perm.DEVELOPMENT_MANAGE)
def induction_item_create(request):
    form = InductionItemForm(_posted(request))
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(
            form,
            lambda: services.induction_item_create(
                organisation=request.organisation,
                actor=request.membership,
                data=form.cleaned_data,
                request=request,
            ),
        )
    ):
        messages.success(request, _("Induction item added"))
        return redirect("development:settings")
    return _form_page(
        request,
        form,
        title=_("Add an induction item"),
        button=_("Add item"),
        back_url=reverse("development:settings"),
    )


@organisation_permission_required(Perm.DEVELOPMENT_MANAGE)
def training_item_create(request):
    qualifications = scoped(request, TrainingItem).filter(kind=TrainingKind.QUALIFICATION)
    form = TrainingItemForm(
        _posted(request), qualifications=qualifications, nation=request.organisation.nation
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(
            form,
            lambda: services.training_item_create(
                organisation=request.organisation,
                actor=request.membership,
                data=form.cleaned_data,
                request=request,
            ),
        )
    ):
        messages.success(request, _("Training item added"))
        return redirect("development:settings")
    return _form_page(
        request,
        form,
        title=_("Add a qualification, unit or course"),
        button=_("Add item"),
        back_url=reverse("development:settings"),
    )


# --- supervision ------------------------------------------------------------------------


def _session(request, session_id: int) -> SupervisionSession:
    sessions = access.visible_sessions(scoped(request, SupervisionSession), request.membership)
    return get_scoped_or_404(
        request, sessions.select_related("supervisor__user", "recorded_by"), pk=session_id
    )


@organisation_permission_required(VIEW)
def supervision_create(request):
    openable = with_access(scoped(request, Case), request.membership).filter(can_open=True)
    form = SupervisionForm(_posted(request), staff=_staff(request), cases=openable)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        result = {}

        def record():
            result["session"] = services.supervision_record(
                organisation=request.organisation,
                actor=request.membership,
                kind=data["kind"],
                held_on=data["held_on"],
                attendees=data["attendees"],
                supervisor=data["supervisor"],
                external_supervisor=data["external_supervisor"],
                cases=data.get("cases", []),
                themes=data["themes"],
                summary=data["summary"],
                request=request,
            )

        if _save(form, record):
            messages.success(request, _("Supervision recorded. Add any actions agreed."))
            return redirect("development:supervision_detail", session_id=result["session"].pk)
    return _form_page(
        request,
        form,
        title=_("Record supervision"),
        button=_("Save supervision"),
        back_url=reverse("development:mine"),
    )


@organisation_permission_required(VIEW)
def supervision_detail(request, session_id: int):
    session = _session(request, session_id)
    services.supervision_viewed(session=session, actor=request.membership, request=request)
    cases = with_access(session.cases.all(), request.membership).select_related("person")
    return render(
        request,
        "development/supervision_detail.html",
        {
            "session": session,
            "attendees": session.attendees.select_related("user"),
            "cases": cases,
            "actions": session.actions.select_related("owner__user", "system_issue"),
            "theme_labels": [Theme(t).label for t in session.themes if t in Theme.values],
        },
    )


@organisation_permission_required(VIEW)
def action_create(request, session_id: int):
    session = _session(request, session_id)
    form = ActionForm(_posted(request), staff=_staff(request))
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(
            form,
            lambda: services.supervision_action_create(
                session=session, actor=request.membership, request=request, **form.cleaned_data
            ),
        )
    ):
        messages.success(request, _("Action added"))
        return redirect("development:supervision_detail", session_id=session.pk)
    return _form_page(
        request,
        form,
        title=_("Add an action"),
        caption=str(session.get_kind_display()),
        button=_("Add action"),
        back_url=reverse("development:supervision_detail", kwargs={"session_id": session.pk}),
    )


def _action(request, supervision_action_id: int) -> SupervisionAction:
    sessions = access.visible_sessions(scoped(request, SupervisionSession), request.membership)
    mine_or_visible = scoped(request, SupervisionAction).filter(session__in=sessions) | scoped(
        request, SupervisionAction
    ).filter(owner=request.membership)
    return get_scoped_or_404(
        request, mine_or_visible.select_related("session", "owner"), pk=supervision_action_id
    )


@require_POST
@organisation_permission_required(VIEW)
def action_done(request, supervision_action_id: int):
    action = _action(request, supervision_action_id)
    services.supervision_action_done(action=action, actor=request.membership, request=request)
    messages.success(request, _("Action marked as done"))
    back = request.POST.get("next")
    if back == "my_day":
        return redirect("casework:my_day")
    return redirect("development:supervision_detail", session_id=action.session_id)


@organisation_permission_required(VIEW)
def action_escalate(request, supervision_action_id: int):
    action = _action(request, supervision_action_id)
    system_issues = scoped(request, SystemIssue).exclude(status=SystemIssueStatus.CLOSED)
    form = EscalateForm(_posted(request), system_issues=system_issues)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        propose = None
        if not data["system_issue"]:
            propose = {
                "title": data["title"],
                "description": data["description"],
                "theme": "other",
            }
        if _save(
            form,
            lambda: services.supervision_action_link(
                action=action,
                actor=request.membership,
                system_issue=data["system_issue"],
                propose=propose,
                request=request,
            ),
        ):
            messages.success(request, _("Linked to the system issues register"))
            return redirect("development:supervision_detail", session_id=action.session_id)
    return _form_page(
        request,
        form,
        title=_("Take this to the system issues register"),
        intro=action.description,
        button=_("Link"),
        back_url=reverse(
            "development:supervision_detail", kwargs={"session_id": action.session_id}
        ),
    )


# --- reflective notes -------------------------------------------------------------------


@organisation_permission_required(VIEW)
def notes(request):
    readable = access.readable_notes(scoped(request, ReflectiveNote), request.membership)
    return render(
        request,
        "development/notes.html",
        {
            "mine": readable.filter(author=request.membership),
            "shared": readable.exclude(author=request.membership).select_related("author__user"),
        },
    )


@organisation_permission_required(VIEW)
def note_create(request):
    form = ReflectiveNoteForm(_posted(request), people=scoped(request, Person))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _save(
            form,
            lambda: services.reflective_note_write(
                author=request.membership,
                data=data,
                people_named=data.get("people_named", []),
                request=request,
            ),
        ):
            messages.success(request, _("Reflective note saved. Only you can read it."))
            return redirect("development:notes")
    return _form_page(
        request,
        form,
        title=_("Write a reflective note"),
        intro=_(
            "Only you can read it. You can choose to share it with your line supervisor afterwards."
        ),
        button=_("Save note"),
        back_url=reverse("development:notes"),
    )


@organisation_permission_required(VIEW)
def note_detail(request, note_id: int):
    note = access.get_note_or_404(scoped(request, ReflectiveNote), request.membership, pk=note_id)
    services.reflective_note_viewed(note=note, viewer=request.membership, request=request)
    return render(
        request,
        "development/note_detail.html",
        {"note": note, "is_author": note.author_id == request.membership.pk},
    )


@require_POST
@organisation_permission_required(VIEW)
def note_share(request, note_id: int):
    note = access.get_note_or_404(
        scoped(request, ReflectiveNote).filter(author=request.membership),
        request.membership,
        pk=note_id,
    )
    share = request.POST.get("share") == "yes"
    try:
        services.reflective_note_share(
            note=note, author=request.membership, share=share, request=request
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Shared with your line supervisor") if share else _("No longer shared")
        )
    return redirect("development:note_detail", note_id=note.pk)


# --- wellbeing and barriers ----------------------------------------------------------------


@organisation_permission_required(VIEW)
def check_in(request):
    form = CheckInForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        services.wellbeing_check_in(
            membership=request.membership, request=request, **form.cleaned_data
        )
        messages.success(request, _("Thank you for checking in"))
        return redirect("development:mine")
    return _form_page(
        request,
        form,
        title=_("Wellbeing check-in"),
        intro=_(
            "Optional and short. Only you and your line supervisor see it; it is never a "
            "performance figure."
        ),
        button=_("Save check-in"),
        back_url=reverse("development:mine"),
    )


@organisation_permission_required(VIEW)
def barrier_create(request):
    form = BarrierForm(_posted(request))
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(
            form,
            lambda: services.barrier_record(
                membership=request.membership,
                actor=request.membership,
                data=form.cleaned_data,
                request=request,
            ),
        )
    ):
        messages.success(request, _("Barrier recorded. You can review it in supervision."))
        return redirect("development:mine")
    return _form_page(
        request,
        form,
        title=_("Record a barrier to independence"),
        button=_("Save"),
        back_url=reverse("development:mine"),
    )


@organisation_permission_required(VIEW)
def barrier_edit(request, barrier_id: int):
    barrier = get_scoped_or_404(
        request,
        scoped(request, Barrier).select_related("membership__development_profile"),
        pk=barrier_id,
    )
    if not access.can_view_development(request.membership, barrier.membership):
        raise Http404("Not found")
    sessions = scoped(request, SupervisionSession).filter(attendees=barrier.membership)
    form = BarrierUpdateForm(
        _posted(request),
        sessions=sessions,
        initial={k: getattr(barrier, k) for k in ("how_addressed", "addressed_on", "reviewed_in")},
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(
            form,
            lambda: services.barrier_update(
                barrier=barrier, actor=request.membership, data=form.cleaned_data, request=request
            ),
        )
    ):
        messages.success(request, _("Barrier updated"))
        return redirect(_member_url(barrier.membership))
    return _form_page(
        request,
        form,
        title=_("How the barrier was addressed"),
        caption=barrier.get_kind_display(),
        intro=barrier.description,
        button=_("Save"),
        back_url=_member_url(barrier.membership),
    )
