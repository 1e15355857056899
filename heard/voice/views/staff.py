"""Voice and co-production pages for staff (the "Voice" area). Thin: writes in services, reads
in selectors."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from heard.casework.access import get_case_or_404
from heard.core.permissions import Perm
from heard.design_system import charts
from heard.design_system.forms import add_service_errors
from heard.organisations.models import Service
from heard.organisations.permissions import organisation_permission_required
from heard.organisations.tenancy import get_scoped_or_404, scoped
from heard.system_change.models import SystemIssue
from heard.voice import forms, selectors, services
from heard.voice.models import (
    DIMENSION_FIELDS,
    Channel,
    EngagementSession,
    Involvement,
    SelfAssessment,
    SessionTheme,
    YouSaidWeDid,
)

VIEW, MANAGE = Perm.VOICE_VIEW, Perm.VOICE_MANAGE
TOKEN_RE = re.compile(r"^[0-9a-f]{32}$")
CHART_YEARS = 4


def _posted(request):
    return request.POST if request.method == "POST" else None


def _save(form, call):
    """Run a service call for a valid form; its refusal goes beside the fields."""
    try:
        return call()
    except ValidationError as error:
        add_service_errors(form, error)
        return None


def _form_page(request, form, *, title, button, back_url, caption="", intro=""):
    return render(
        request,
        "voice/form.html",
        {
            "form": form,
            "title": title,
            "caption": caption,
            "intro": intro,
            "button": button,
            "back_url": back_url,
        },
    )


# --- Feedback -----------------------------------------------------------------------------


@organisation_permission_required(VIEW)
def feedback(request):
    """Results per service and period, with the words of people who agreed to be quoted."""
    today = timezone.localdate()
    service_list = list(scoped(request, Service).order_by("name", "pk"))
    form = forms.PeriodForm(request.GET or None, services=service_list)
    start, end = selectors.default_period(today)
    chosen = None
    if form.is_bound and form.is_valid():
        start = form.cleaned_data["start"] or start
        end = form.cleaned_data["end"] or end
        chosen = next((s for s in service_list if str(s.pk) == form.cleaned_data["service"]), None)
    results = selectors.feedback_results(
        request.organisation, services=[chosen] if chosen else None, start=start, end=end
    )
    may_manage = request.user.has_perm(MANAGE, request.organisation)
    unquoted = (
        selectors.unquoted_comments(
            request.organisation, services=[chosen] if chosen else None, start=start, end=end
        )
        if may_manage
        else []
    )
    services.feedback_results_viewed(
        organisation=request.organisation,
        actor=request.user,
        request=request,
        details={"start": start.isoformat(), "end": end.isoformat()},
    )
    return render(
        request,
        "voice/feedback.html",
        {
            "form": form,
            "results": results,
            "by_service": selectors.feedback_by_service(request.organisation, start=start, end=end),
            "service": chosen,
            "unquoted": unquoted,
            "may_manage": may_manage,
        },
    )


@organisation_permission_required(Perm.VOICE_OFFER_FEEDBACK)
def feedback_paper(request):
    """Type in a paper feedback form. Always anonymous; kept to the month it arrived."""
    service_list = list(scoped(request, Service).order_by("name", "pk"))
    today = timezone.localdate()
    form = forms.PaperFeedbackForm(
        _posted(request),
        services=service_list,
        initial={"token": uuid.uuid4().hex, "month": today.month, "year": today.year},
    )
    if form.is_valid():
        data = form.cleaned_data
        token = data["token"] if TOKEN_RE.match(data["token"] or "") else uuid.uuid4().hex
        services.feedback_submit(
            organisation=request.organisation,
            token=token,
            answers=data,
            form_version=data["form_version"],
            service=next((s for s in service_list if str(s.pk) == data["service"]), None),
            today=dt.date(data["year"], data["month"], 1),
            channel=Channel.PAPER,
        )
        messages.success(request, _("The paper feedback is saved, anonymously."))
        return redirect("voice:feedback_paper")
    return _form_page(
        request,
        form,
        title=_("Type in a paper feedback form"),
        button=_("Save feedback"),
        back_url=reverse("voice:feedback"),
        intro=_(
            "It is saved anonymously, with the service and month only. Leave out any "
            "name or detail that would say who wrote it."
        ),
    )


def _general_url(request) -> str:
    return request.build_absolute_uri(
        reverse("have_your_say:start", kwargs={"organisation_slug": request.organisation.slug})
    )


def _qr(url: str):
    return segno.make(url, error="m")


@organisation_permission_required(VIEW)
def feedback_links(request):
    """The general link and its QR code, for posters and leaflets."""
    url = _general_url(request)
    return render(
        request,
        "voice/feedback_links.html",
        {
            "url": url,
            "qr_svg": _qr(url).svg_inline(scale=5, title=_("QR code for the feedback form")),
            "public_url": request.build_absolute_uri(
                reverse(
                    "have_your_say:you_said_we_did",
                    kwargs={"organisation_slug": request.organisation.slug},
                )
            ),
        },
    )


@organisation_permission_required(VIEW)
def feedback_qr(request):
    """The QR code as an SVG file to print."""
    buffer = _qr(_general_url(request)).svg_inline(scale=10)
    response = HttpResponse(buffer, content_type="image/svg+xml")
    response["Content-Disposition"] = 'attachment; filename="feedback-qr-code.svg"'
    return response


@require_POST
@organisation_permission_required(Perm.VOICE_OFFER_FEEDBACK)
def offer_feedback(request, case_id: int):
    """Make a personal feedback link for a closed case and show it once."""
    case = get_case_or_404(request, case_id)
    try:
        token, expires_at = services.feedback_link_offer(
            case=case, acting_user=request.user, request=request
        )
    except ValidationError as error:
        return render(
            request,
            "voice/feedback_link_offered.html",
            {"case": case, "error": error.messages[0]},
            status=400,
        )
    url = request.build_absolute_uri(reverse("have_your_say:personal_link", args=[token]))
    return render(
        request,
        "voice/feedback_link_offered.html",
        {
            "case": case,
            "url": url,
            "expires_on": timezone.localdate(expires_at),
            "qr_svg": _qr(url).svg_inline(scale=4, title=_("QR code for the personal link")),
        },
    )


# --- Involvement register ---------------------------------------------------------------------


def _involvement_data(form) -> dict:
    return dict(form.cleaned_data)


@organisation_permission_required(MANAGE)
def involvement(request):
    rows = scoped(request, Involvement).order_by("-started_on", "id")
    return render(request, "voice/involvement.html", {"rows": rows})


@organisation_permission_required(MANAGE)
def involvement_create(request):
    form = forms.InvolvementForm(_posted(request))
    if form.is_valid():
        item = _save(
            form,
            lambda: services.involvement_record(
                organisation=request.organisation,
                acting_user=request.user,
                data=_involvement_data(form),
                request=request,
            ),
        )
        if item is not None:
            return redirect("voice:involvement")
    return _form_page(
        request,
        form,
        title=_("Record involvement"),
        button=_("Save"),
        back_url=reverse("voice:involvement"),
        intro=_("Record someone only with their agreement. Their name stays inside Heard."),
    )


@organisation_permission_required(MANAGE)
def involvement_edit(request, involvement_id: int):
    item = get_scoped_or_404(request, Involvement, pk=involvement_id)
    initial = {name: getattr(item, name) for name in forms.InvolvementForm.base_fields}
    form = forms.InvolvementForm(_posted(request), initial=initial)
    if request.method != "POST":
        services.involvement_viewed(involvement=item, actor=request.user, request=request)
    if form.is_valid():
        saved = _save(
            form,
            lambda: services.involvement_update(
                involvement=item,
                acting_user=request.user,
                data=_involvement_data(form),
                request=request,
            ),
        )
        if saved is not None:
            return redirect("voice:involvement")
    return _form_page(
        request,
        form,
        title=_("Change involvement"),
        button=_("Save changes"),
        back_url=reverse("voice:involvement"),
    )


# --- Engagement sessions -------------------------------------------------------------------------


@organisation_permission_required(VIEW)
def sessions(request):
    rows = selectors.sessions_list(scoped(request, EngagementSession))
    return render(request, "voice/sessions.html", {"rows": rows})


@organisation_permission_required(MANAGE)
def session_create(request):
    form = forms.SessionForm(
        _posted(request), services=scoped(request, Service).order_by("name", "pk")
    )
    if form.is_valid():
        session = _save(
            form,
            lambda: services.session_record(
                organisation=request.organisation,
                acting_user=request.user,
                data=dict(form.cleaned_data),
                request=request,
            ),
        )
        if session is not None:
            return redirect("voice:session_detail", engagement_id=session.pk)
    return _form_page(
        request,
        form,
        title=_("Record an engagement session"),
        button=_("Save"),
        back_url=reverse("voice:sessions"),
    )


@organisation_permission_required(VIEW)
def session_detail(request, engagement_id: int):
    session = get_scoped_or_404(
        request, scoped(request, EngagementSession).select_related("service"), pk=engagement_id
    )
    themes = (
        scoped(request, SessionTheme)
        .filter(session=session)
        .select_related("system_issue")
        .prefetch_related("responses")
    )
    return render(
        request,
        "voice/session_detail.html",
        {
            "session": session,
            "themes": themes,
            "may_manage": request.user.has_perm(MANAGE, request.organisation),
        },
    )


@organisation_permission_required(MANAGE)
def theme_create(request, engagement_id: int):
    session = get_scoped_or_404(request, EngagementSession, pk=engagement_id)
    form = forms.ThemeForm(
        _posted(request), system_issues=scoped(request, SystemIssue).order_by("title", "pk")
    )
    if form.is_valid():
        theme = _save(
            form,
            lambda: services.theme_record(
                session=session,
                acting_user=request.user,
                data=dict(form.cleaned_data),
                request=request,
            ),
        )
        if theme is not None:
            return redirect("voice:session_detail", engagement_id=session.pk)
    return _form_page(
        request,
        form,
        title=_("Add a theme"),
        caption=session.title,
        button=_("Save theme"),
        back_url=reverse("voice:session_detail", kwargs={"engagement_id": session.pk}),
    )


# --- You said, we did ------------------------------------------------------------------------------


@organisation_permission_required(VIEW)
def you_said_we_did(request):
    rows = selectors.items_list(scoped(request, YouSaidWeDid))
    return render(
        request,
        "voice/you_said_we_did.html",
        {
            "rows": rows,
            "may_manage": request.user.has_perm(MANAGE, request.organisation),
            "public_url": reverse(
                "have_your_say:you_said_we_did",
                kwargs={"organisation_slug": request.organisation.slug},
            ),
        },
    )


@organisation_permission_required(MANAGE)
def you_said_we_did_create(request):
    theme = None
    theme_id = request.GET.get("theme") or request.POST.get("theme")
    if theme_id:
        theme = get_scoped_or_404(
            request, scoped(request, SessionTheme).select_related("session"), pk=theme_id
        )
    initial = {"status_on": timezone.localdate()}
    if theme is not None:
        initial["you_said"] = theme.summary
    form = forms.YouSaidWeDidForm(_posted(request), initial=initial)
    if form.is_valid():
        item = _save(
            form,
            lambda: services.you_said_we_did_record(
                organisation=request.organisation,
                acting_user=request.user,
                data={**form.cleaned_data, "theme": theme},
                request=request,
            ),
        )
        if item is not None:
            return redirect("voice:you_said_we_did")
    return render(
        request,
        "voice/you_said_we_did_form.html",
        {
            "form": form,
            "theme": theme,
            "title": _("Record what was done"),
            "button": _("Save"),
            "back_url": reverse("voice:you_said_we_did"),
        },
    )


@organisation_permission_required(MANAGE)
def you_said_we_did_edit(request, you_said_id: int):
    item = get_scoped_or_404(
        request, scoped(request, YouSaidWeDid).select_related("theme"), pk=you_said_id
    )
    initial = {name: getattr(item, name) for name in forms.YouSaidWeDidForm.base_fields}
    form = forms.YouSaidWeDidForm(_posted(request), initial=initial)
    if form.is_valid():
        saved = _save(
            form,
            lambda: services.you_said_we_did_update(
                item=item, acting_user=request.user, data=dict(form.cleaned_data), request=request
            ),
        )
        if saved is not None:
            return redirect("voice:you_said_we_did")
    return render(
        request,
        "voice/you_said_we_did_form.html",
        {
            "form": form,
            "theme": item.theme,
            "title": _("Change what was done"),
            "button": _("Save changes"),
            "back_url": reverse("voice:you_said_we_did"),
        },
    )


# --- Co-production self-assessment ------------------------------------------------------------------


@organisation_permission_required(VIEW)
def assessments(request):
    progress = selectors.assessment_progress(scoped(request, SelfAssessment))
    chart = None
    if progress.years:
        # The chart shows the last four years; the table has every year.
        shown = range(max(0, len(progress.years) - CHART_YEARS), len(progress.years))
        chart = charts.grouped_bar_chart(
            [short for short, _question, _scores in progress.rows],
            [[scores[i] for _short, _question, scores in progress.rows] for i in shown],
            series=[
                charts.Series(str(progress.years[i]), colour)
                for i, colour in zip(shown, charts.series_colours(len(shown)), strict=True)
            ],
            maximum=3,
        )
    return render(
        request,
        "voice/assessments.html",
        {
            "progress": progress,
            "chart": chart,
            "chart_description": _(
                "Co-production self-assessment scores from 0 to 3 for each dimension, one bar "
                "for each year. The table below has every score."
            ),
            "may_manage": request.user.has_perm(MANAGE, request.organisation),
        },
    )


@organisation_permission_required(MANAGE)
def assessment_create(request):
    year = timezone.localdate().year
    existing = scoped(request, SelfAssessment).filter(year=year).first()
    initial = {"year": year}
    if existing is not None:
        initial.update({name: getattr(existing, name) for name in DIMENSION_FIELDS})
    form = forms.SelfAssessmentForm(_posted(request), initial=initial)
    if form.is_valid():
        saved = _save(
            form,
            lambda: services.self_assessment_record(
                organisation=request.organisation,
                acting_user=request.user,
                data=dict(form.cleaned_data),
                request=request,
            ),
        )
        if saved is not None:
            return redirect("voice:assessments")
    return _form_page(
        request,
        form,
        title=_("Co-production self-assessment"),
        button=_("Save assessment"),
        back_url=reverse("voice:assessments"),
        intro=_(
            "Answer together with people who use your services. Recording a year again "
            "replaces that year's scores."
        ),
    )
