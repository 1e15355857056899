"""Network hub pages (the "Network" area). Thin: writes in services, reads in selectors, who
may see which network in ``access`` (ADR-0040)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from heard.core import tenant_db
from heard.core.exports import csv_filename, csv_response
from heard.core.permissions import Perm
from heard.design_system.charts import bar_chart
from heard.design_system.forms import add_service_errors
from heard.organisations.models import Membership, Organisation, Role
from heard.organisations.permissions import organisation_permission_required
from heard.organisations.tenancy import get_scoped_or_404, scoped

from . import access, picture, presenters, selectors, services, signing, xlsx
from .forms import (
    AgreementForm,
    ConfirmForm,
    CoordinatorForm,
    FiguresUploadForm,
    InstallationForm,
    InvitationForm,
    InviteForm,
    ModerateForm,
    NetworkForm,
    PeriodForm,
    QuestionForm,
    RemoteHubForm,
    ReplyForm,
    ReportForm,
    ReportSummaryForm,
    ResourceFilterForm,
    ResourceForm,
    SurveyAnswerForm,
    SurveyForm,
    SuspendForm,
    ThreadForm,
    TopicForm,
    VersionForm,
)
from .models import (
    MemberStatus,
    QuestionKind,
    RemoteHub,
    ResourceStatus,
    SurveyLink,
    SurveyStatus,
)

USE = Perm.NETWORK_USE_HUB


def _posted(request):
    return request.POST if request.method == "POST" else None


def _save(form, call) -> bool:
    """Run a service call for a valid form; its refusal goes beside the fields."""
    try:
        call()
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    return True


def _form_page(request, form, *, title, button, back_url, caption="", intro="", **extra):
    return render(
        request,
        "network/form.html",
        {
            "form": form,
            "title": title,
            "caption": caption,
            "intro": intro,
            "button": button,
            "back_url": back_url,
            **extra,
        },
    )


def _network_url(network) -> str:
    return reverse("network:detail", kwargs={"network_id": network.pk})


# --- networks and membership ---------------------------------------------------------------


@organisation_permission_required(USE)
def index(request):
    networks = list(access.visible_networks(request).order_by("name"))
    invitations = []
    if request.user.has_perm(Perm.NETWORK_RESPOND_TO_INVITATION, request.organisation):
        invitations = list(access.pending_invitations(request))
    return render(
        request,
        "network/index.html",
        {
            "networks": networks,
            "invitations": invitations,
            "may_create": request.user.has_perm(Perm.NETWORK_CREATE_NETWORK, request.organisation),
            "unread": selectors.unread_notifications(request.user).count(),
        },
    )


@organisation_permission_required(Perm.NETWORK_CREATE_NETWORK)
def network_create(request):
    form = NetworkForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        created = {}

        def call():
            created["network"] = services.network_create(
                acting=request.membership, **form.cleaned_data
            )

        if _save(form, call):
            messages.success(request, _("Network created. Now invite its member organisations."))
            return redirect(_network_url(created["network"]))
    return _form_page(
        request,
        form,
        title=_("Create a network"),
        button=_("Create network"),
        back_url=reverse("network:index"),
    )


@organisation_permission_required(Perm.NETWORK_RESPOND_TO_INVITATION)
def invitation(request, invitation_id):
    member = access.get_invitation_or_404(request, invitation_id)
    network = member.network
    current = network.agreements.order_by("-version").first()
    form = InvitationForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        accept = form.cleaned_data["answer"] == "accept"

        def call():
            services.invitation_respond(acting=request.membership, member=member, accept=accept)
            if accept and current is not None:
                services.agreement_accept(
                    acting=request.membership, member=member, agreement=current
                )

        if _save(form, call):
            if accept:
                messages.success(
                    request,
                    _("Your organisation has joined %(network)s") % {"network": network.name},
                )
                return redirect(_network_url(network))
            messages.success(request, _("Invitation declined"))
            return redirect("network:index")
    return render(
        request,
        "network/invitation.html",
        {"form": form, "network": network, "agreement": current},
    )


@organisation_permission_required(USE)
def detail(request, network_id):
    network, acc = access.get_network_or_404(request, network_id)
    members = (
        list(selectors.network_members(network))
        if acc.is_coordinator
        else list(selectors.network_members(network).filter(status=MemberStatus.ACTIVE))
    )
    rows = [
        {"member": m, "agreement": presenters.agreement_state(m, acc.current_agreement)}
        for m in members
    ]
    return render(
        request,
        "network/detail.html",
        {
            "network": network,
            "access": acc,
            "rows": rows,
            "coordinators": list(
                network.coordinators.select_related("membership__user", "membership__organisation")
            ),
            "is_admin": request.membership.role == Role.ADMIN,
        },
    )


@organisation_permission_required(USE)
def member_invite(request, network_id):
    network, acc = access.get_network_or_404(request, network_id)
    access.require_coordinator(acc)
    taken = network.members.filter(status__in=[MemberStatus.ACTIVE, MemberStatus.INVITED]).values(
        "organisation_id"
    )
    # Organisations' names are not personal data; nothing else of theirs is shown here.
    candidates = Organisation.objects.exclude(pk__in=taken)  # scoped: names only, to invite
    organisations = candidates.order_by("name")
    form = InviteForm(_posted(request), organisations=organisations)
    if request.method == "POST" and form.is_valid():

        def call():
            services.member_invite(acting=request.membership, network=network, **form.cleaned_data)

        if _save(form, call):
            messages.success(request, _("Invitation sent to the organisation's admins"))
            return redirect(_network_url(network))
    return _form_page(
        request,
        form,
        title=_("Invite an organisation"),
        caption=network.name,
        intro=_("The organisation's admin accepts the invitation and the data-sharing agreement."),
        button=_("Send invitation"),
        back_url=_network_url(network),
    )


@organisation_permission_required(USE)
def coordinator_add(request, network_id):
    network, acc = access.get_network_or_404(request, network_id)
    access.require_coordinator(acc)
    candidates = (
        scoped(request, Membership)
        .filter(is_active=True, role=Role.NETWORK_COORDINATOR)
        .exclude(pk__in=network.coordinators.values("membership_id"))
        .select_related("user")
    )
    form = CoordinatorForm(_posted(request), candidates=candidates)
    if request.method == "POST" and form.is_valid():

        def call():
            services.coordinator_add(
                acting=request.membership,
                network=network,
                membership=form.cleaned_data["membership"],
            )

        if _save(form, call):
            messages.success(request, _("Coordinator added"))
            return redirect(_network_url(network))
    return _form_page(
        request,
        form,
        title=_("Add a coordinator"),
        caption=network.name,
        intro=_("Coordinators come from your organisation's staff with the coordinator role."),
        button=_("Add coordinator"),
        back_url=_network_url(network),
    )


@organisation_permission_required(USE)
def agreement(request, network_id):
    network, acc = access.get_network_or_404(request, network_id)
    current = acc.current_agreement
    may_accept = (
        acc.member is not None
        and current is not None
        and not acc.agreement_accepted
        and request.membership.role == Role.ADMIN
    )
    form = ConfirmForm(_posted(request))
    if request.method == "POST":
        if not may_accept:
            raise Http404("Not found")

        def call():
            services.agreement_accept(
                acting=request.membership, member=acc.member, agreement=current
            )

        if _save(form, call):
            messages.success(
                request,
                _("You accepted version %(version)s of the agreement")
                % {"version": current.version},
            )
            return redirect(_network_url(network))
    return render(
        request,
        "network/agreement.html",
        {
            "network": network,
            "access": acc,
            "agreement": current,
            "earlier": list(network.agreements.order_by("-version")[1:]),
            "may_accept": may_accept,
            "form": form,
        },
    )


@organisation_permission_required(USE)
def agreement_new(request, network_id):
    network, acc = access.get_network_or_404(request, network_id)
    access.require_coordinator(acc)
    current = acc.current_agreement
    form = AgreementForm(_posted(request), initial={"text": current.text if current else ""})
    if request.method == "POST" and form.is_valid():

        def call():
            services.agreement_publish(
                acting=request.membership, network=network, **form.cleaned_data
            )

        if _save(form, call):
            messages.success(
                request, _("New version published. Every member must accept it again.")
            )
            return redirect("network:agreement", network_id=network.pk)
    return _form_page(
        request,
        form,
        title=_("Publish a new version of the agreement"),
        caption=network.name,
        intro=_("Members stop taking part until their admin accepts the new version."),
        button=_("Publish new version"),
        back_url=reverse("network:agreement", kwargs={"network_id": network.pk}),
    )


@login_required
def notifications(request):
    if request.method == "POST":
        selectors.unread_notifications(request.user).update(read_at=timezone.now())
        return redirect("network:notifications")
    return render(
        request,
        "network/notifications.html",
        {"notifications": list(selectors.recent_notifications(request.user))},
    )


# --- the forum ---------------------------------------------------------------------------------


def _forum_access(request, network):
    acc = access.access_for(request, network)
    access.require_taking_part(acc)
    return acc


@organisation_permission_required(USE)
def forum(request, network_id):
    network, acc = access.get_network_or_404(request, network_id)
    access.require_taking_part(acc)
    return render(
        request,
        "network/forum.html",
        {
            "network": network,
            "access": acc,
            "topics": list(selectors.topics_with_counts(network)),
            "accepted": services.has_accepted_conduct(network, request.user),
            "open_reports": selectors.open_reports(network).count() if acc.is_coordinator else 0,
        },
    )


@organisation_permission_required(USE)
def conduct(request, network_id):
    network, acc = access.get_network_or_404(request, network_id)
    access.require_taking_part(acc)
    form = ConfirmForm(_posted(request))
    if request.method == "POST":
        services.conduct_accept(acting=request.membership, network=network)
        messages.success(request, _("Thank you. You can now post in the forum."))
        return redirect(
            request.GET.get("next")
            if _safe_next(request)
            else reverse("network:forum", kwargs={"network_id": network.pk})
        )
    return render(
        request,
        "network/conduct.html",
        {
            "network": network,
            "form": form,
            "accepted": services.has_accepted_conduct(network, request.user),
        },
    )


def _safe_next(request) -> bool:
    target = request.GET.get("next", "")
    return target.startswith("/network/") and "//" not in target


@organisation_permission_required(USE)
def topic_create(request, network_id):
    network, acc = access.get_network_or_404(request, network_id)
    access.require_coordinator(acc)
    form = TopicForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        created = {}

        def call():
            created["topic"] = services.topic_create(
                acting=request.membership, network=network, **form.cleaned_data
            )

        if _save(form, call):
            return redirect("network:topic", topic_id=created["topic"].pk)
    return _form_page(
        request,
        form,
        title=_("Add a topic"),
        caption=network.name,
        button=_("Add topic"),
        back_url=reverse("network:forum", kwargs={"network_id": network.pk}),
    )


@organisation_permission_required(USE)
def topic(request, topic_id):
    topic = access.get_topic_or_404(request, topic_id)
    acc = _forum_access(request, topic.network)
    return render(
        request,
        "network/topic.html",
        {
            "network": topic.network,
            "topic": topic,
            "access": acc,
            "threads": list(selectors.threads_of(topic)),
        },
    )


def _conduct_redirect(request, network):
    url = reverse("network:conduct", kwargs={"network_id": network.pk})
    return redirect(f"{url}?next={request.path}")


@organisation_permission_required(USE)
def thread_create(request, topic_id):
    topic = access.get_topic_or_404(request, topic_id)
    _forum_access(request, topic.network)
    if not services.has_accepted_conduct(topic.network, request.user):
        return _conduct_redirect(request, topic.network)
    form = ThreadForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        created = {}

        def call():
            created["thread"] = services.thread_create(
                acting=request.membership, topic=topic, **form.cleaned_data
            )

        if _save(form, call):
            return redirect("network:thread", thread_id=created["thread"].pk)
    return _form_page(
        request,
        form,
        title=_("Start a discussion"),
        caption=topic.title,
        button=_("Post"),
        back_url=reverse("network:topic", kwargs={"topic_id": topic.pk}),
    )


@organisation_permission_required(USE)
def thread(request, thread_id):
    thread = access.get_thread_or_404(request, thread_id)
    network = thread.topic.network
    acc = _forum_access(request, network)
    accepted = services.has_accepted_conduct(network, request.user)
    suspended = services.active_suspension(network, request.user)
    form = ReplyForm(_posted(request))
    if request.method == "POST":
        if not accepted:
            return _conduct_redirect(request, network)
        if form.is_valid():

            def call():
                services.post_create(acting=request.membership, thread=thread, **form.cleaned_data)

            if _save(form, call):
                messages.success(request, _("Your reply is posted"))
                return redirect("network:thread", thread_id=thread.pk)
    posts = [
        presenters.post_view(post, moderator=acc.is_coordinator)
        for post in selectors.posts_of(thread)
    ]
    if acc.is_coordinator and any(p.anonymous for p in posts):
        services.anonymous_authors_seen(acting=request.membership, thread=thread, request=request)
    return render(
        request,
        "network/thread.html",
        {
            "network": network,
            "thread": thread,
            "access": acc,
            "posts": posts,
            "form": form,
            "accepted": accepted,
            "suspended": suspended,
        },
    )


@organisation_permission_required(USE)
def post_report(request, post_id):
    post = access.get_post_or_404(request, post_id)
    network = post.thread.topic.network
    _forum_access(request, network)
    form = ReportForm(_posted(request))
    if request.method == "POST" and form.is_valid():

        def call():
            services.post_report(acting=request.membership, post=post, **form.cleaned_data)

        if _save(form, call):
            messages.success(request, _("Thank you. The moderators will look at the post."))
            return redirect("network:thread", thread_id=post.thread_id)
    return _form_page(
        request,
        form,
        title=_("Report a post"),
        caption=post.thread.title,
        intro=_("Report a post that breaks the code of conduct or shares personal data."),
        button=_("Report post"),
        back_url=reverse("network:thread", kwargs={"thread_id": post.thread_id}),
    )


@organisation_permission_required(USE)
def post_moderate(request, post_id):
    post = access.get_post_or_404(request, post_id)
    network = post.thread.topic.network
    acc = access.access_for(request, network)
    access.require_coordinator(acc)
    form = ModerateForm(_posted(request), initial={"body": post.body})
    if request.method == "POST" and form.is_valid():

        def call():
            services.post_moderate(acting=request.membership, post=post, **form.cleaned_data)

        if _save(form, call):
            messages.success(request, _("The post is updated"))
            return redirect("network:thread", thread_id=post.thread_id)
    return _form_page(
        request,
        form,
        title=_("Moderate a post"),
        caption=post.thread.title,
        intro=post.body,
        button=_("Save"),
        back_url=reverse("network:thread", kwargs={"thread_id": post.thread_id}),
    )


@organisation_permission_required(USE)
def post_suspend(request, post_id):
    post = access.get_post_or_404(request, post_id)
    network = post.thread.topic.network
    acc = access.access_for(request, network)
    access.require_coordinator(acc)
    form = SuspendForm(_posted(request))
    if request.method == "POST" and form.is_valid():

        def call():
            services.member_suspend(acting=request.membership, post=post, **form.cleaned_data)

        if _save(form, call):
            messages.success(request, _("The author is suspended from posting"))
            return redirect("network:thread", thread_id=post.thread_id)
    author = post.author.user.full_name or post.author.user.email
    return _form_page(
        request,
        form,
        title=_("Suspend the author from posting"),
        caption=post.thread.title,
        intro=_("%(author)s, %(organisation)s")
        % {"author": author, "organisation": post.author.organisation.name},
        button=_("Suspend"),
        back_url=reverse("network:thread", kwargs={"thread_id": post.thread_id}),
    )


@organisation_permission_required(USE)
def moderation(request, network_id):
    network, acc = access.get_network_or_404(request, network_id)
    access.require_coordinator(acc)
    return render(
        request,
        "network/moderation.html",
        {"network": network, "reports": list(selectors.open_reports(network))},
    )


# --- surveys ----------------------------------------------------------------------------------


@organisation_permission_required(USE)
def surveys(request, network_id):
    network, acc = access.get_network_or_404(request, network_id)
    access.require_taking_part(acc)
    return render(
        request,
        "network/surveys.html",
        {
            "network": network,
            "access": acc,
            "surveys": list(selectors.surveys_of(network, coordinator=acc.is_coordinator)),
        },
    )


@organisation_permission_required(USE)
def survey_create(request, network_id):
    network, acc = access.get_network_or_404(request, network_id)
    access.require_coordinator(acc)
    form = SurveyForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        created = {}

        def call():
            created["survey"] = services.survey_create(
                acting=request.membership, network=network, **form.cleaned_data
            )

        if _save(form, call):
            return redirect("network:survey", survey_id=created["survey"].pk)
    return _form_page(
        request,
        form,
        title=_("Build a survey of advocates"),
        caption=network.name,
        button=_("Save and add questions"),
        back_url=reverse("network:surveys", kwargs={"network_id": network.pk}),
    )


def _survey(request, survey_id, *, coordinator=False):
    survey = access.get_survey_or_404(request, survey_id)
    acc = access.access_for(request, survey.network)
    if coordinator:
        access.require_coordinator(acc)
    else:
        access.require_taking_part(acc)
    return survey, acc


@organisation_permission_required(USE)
def survey(request, survey_id):
    survey, acc = _survey(request, survey_id)
    if not acc.is_coordinator and survey.status == SurveyStatus.DRAFT:
        raise Http404("Not found")
    links = []
    if acc.is_coordinator:
        links = list(survey.links.select_related("member__organisation"))
    elif acc.member is not None and request.membership.role in (Role.ADMIN, Role.MANAGER):
        links = list(survey.links.filter(member=acc.member).select_related("member__organisation"))
    return render(
        request,
        "network/survey.html",
        {
            "network": survey.network,
            "survey": survey,
            "access": acc,
            "questions": selectors.survey_with_questions(survey),
            "links": [
                (
                    link,
                    request.build_absolute_uri(
                        reverse("network:survey_answer", kwargs={"survey_token": link.token})
                    ),
                )
                for link in links
            ],
            "response_count": survey.responses.count(),
        },
    )


@organisation_permission_required(USE)
def question_create(request, survey_id):
    survey, _acc = _survey(request, survey_id, coordinator=True)
    form = QuestionForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["choices"] = services.parse_choices(data["choices"])

        def call():
            services.question_add(acting=request.membership, survey=survey, **data)

        if _save(form, call):
            messages.success(request, _("Question added"))
            return redirect("network:survey", survey_id=survey.pk)
    return _form_page(
        request,
        form,
        title=_("Add a question"),
        caption=survey.title,
        button=_("Add question"),
        back_url=reverse("network:survey", kwargs={"survey_id": survey.pk}),
    )


@require_POST
@organisation_permission_required(USE)
def survey_status(request, survey_id):
    survey, _acc = _survey(request, survey_id, coordinator=True)
    status = request.POST.get("status", "")
    try:
        services.survey_set_status(acting=request.membership, survey=survey, status=status)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The survey is open: each member has a link to pass on")
            if status == SurveyStatus.OPEN
            else _("The survey is closed"),
        )
    return redirect("network:survey", survey_id=survey.pk)


@organisation_permission_required(USE)
def survey_results(request, survey_id):
    survey, _acc = _survey(request, survey_id, coordinator=True)
    return render(
        request,
        "network/survey_results.html",
        {
            "network": survey.network,
            "survey": survey,
            "results": selectors.survey_results(survey),
            "published": survey.report_published_at is not None,
        },
    )


def _export_rows(survey):
    questions = list(survey.questions.all())
    header = [_("Response"), _("Organisation"), _("Month"), *[q.text for q in questions]]
    rows = []
    for number, response in enumerate(survey.responses.select_related("organisation"), start=1):
        row = [
            number,
            response.organisation.name if response.organisation else "",
            response.month.strftime("%Y-%m") if response.month else "",
        ]
        for question in questions:
            value = response.answers.get(str(question.pk), "")
            row.append("; ".join(value) if isinstance(value, list) else value)
        rows.append(row)
    return header, rows


def _audit_export(request, survey, fmt):
    services.survey_exported(acting=request.membership, survey=survey, fmt=fmt, request=request)


@organisation_permission_required(USE)
def survey_csv(request, survey_id):
    survey, _acc = _survey(request, survey_id, coordinator=True)
    header, rows = _export_rows(survey)
    _audit_export(request, survey, "csv")
    return csv_response("network-survey", header, rows)


@organisation_permission_required(USE)
def survey_xlsx(request, survey_id):
    survey, _acc = _survey(request, survey_id, coordinator=True)
    header, rows = _export_rows(survey)
    _audit_export(request, survey, "xlsx")
    response = HttpResponse(xlsx.workbook([header, *rows]), content_type=xlsx.CONTENT_TYPE)
    name = csv_filename("network-survey").removesuffix(".csv") + ".xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@organisation_permission_required(USE)
def survey_report(request, survey_id):
    survey, _acc = _survey(request, survey_id)
    if survey.report_published_at is None:
        raise Http404("Not found")
    return render(
        request,
        "network/survey_report.html",
        {"network": survey.network, "survey": survey, "results": selectors.survey_results(survey)},
    )


@organisation_permission_required(USE)
def survey_report_publish(request, survey_id):
    survey, _acc = _survey(request, survey_id, coordinator=True)
    form = ReportSummaryForm(_posted(request), initial={"summary": survey.report_summary})
    if request.method == "POST" and form.is_valid():
        services.survey_publish_report(
            acting=request.membership, survey=survey, summary=form.cleaned_data["summary"]
        )
        messages.success(request, _("The report is published to the network's members"))
        return redirect("network:survey_report", survey_id=survey.pk)
    return _form_page(
        request,
        form,
        title=_("Publish the report"),
        caption=survey.title,
        intro=_("Members' staff will see the results with your summary."),
        button=_("Publish report"),
        back_url=reverse("network:survey_results", kwargs={"survey_id": survey.pk}),
    )


VERSIONS = {"standard", "easy_read", "cy"}


def _link_or_404(token) -> SurveyLink:
    if tenant_db.enforced():
        # Row-level security: nothing is bound for someone who is not signed in. The token
        # alone finds its survey's network; that network and this link are then bound for
        # this transaction only (ADR-0035).
        network_id = tenant_db.survey_link_network(token)
        if network_id is None:
            raise Http404("Not found")
        tenant_db.bind_network(network_id, survey_link=token)
    try:
        # The secret link is the key: whoever holds it answers for that member.
        links = SurveyLink.objects  # scoped: a public page reached by its secret token
        return links.select_related("survey", "member__organisation").get(
            token=token, survey__status=SurveyStatus.OPEN
        )
    except SurveyLink.DoesNotExist as exc:
        raise Http404("Not found") from exc


@never_cache
@tenant_db.public_page
def survey_answer(request, survey_token):
    """Public: an advocate answers through their organisation's link, without signing in."""
    link = _link_or_404(survey_token)
    survey = link.survey
    version = request.GET.get("version", "standard")
    version = version if version in VERSIONS else "standard"
    questions = list(survey.questions.all())
    form = SurveyAnswerForm(_posted(request), questions=questions, version=version)
    if request.method == "POST" and form.is_valid():

        def call():
            services.survey_answer(
                link=link,
                answers=form.answers(),
                share_organisation=form.cleaned_data["share_organisation"],
            )

        if _save(form, call):
            return redirect("network:survey_thanks", survey_token=link.token)
    title = survey.title_cy if version == "cy" and survey.title_cy else survey.title
    introduction = {
        "easy_read": survey.introduction_easy_read,
        "cy": survey.introduction_cy,
    }.get(version) or survey.introduction
    return render(
        request,
        "network/survey_answer.html",
        {
            "survey": survey,
            "form": form,
            "title": title,
            "introduction": introduction,
            "version": version,
            "has_easy_read": bool(survey.introduction_easy_read)
            or any(q.text_easy_read for q in questions),
            "has_welsh": bool(survey.title_cy) or any(q.text_cy for q in questions),
            "question_kinds": QuestionKind,
        },
    )


@never_cache
@tenant_db.public_page
def survey_thanks(request, survey_token):
    link = _link_or_404(survey_token)
    return render(request, "network/survey_thanks.html", {"survey": link.survey})


# --- figures from members --------------------------------------------------------------------


@organisation_permission_required(USE)
def figures(request, network_id):
    """A member's admin sends or downloads its signed figures; coordinators see what arrived."""
    network, acc = access.get_network_or_404(request, network_id)
    is_member_admin = acc.member is not None and request.membership.role == Role.ADMIN
    if not (acc.is_coordinator or is_member_admin):
        raise Http404("Not found")
    form = PeriodForm(_posted(request)) if is_member_admin else None
    if form is not None and request.method == "POST" and form.is_valid():
        period = {"start": form.cleaned_data["start"], "end": form.cleaned_data["end"]}
        if request.POST.get("action") == "download":
            raw = services.figures_export(acting=request.membership, member=acc.member, **period)
            response = HttpResponse(raw, content_type="application/json")
            name = f"network-figures-{period['start']:%Y-%m-%d}-{period['end']:%Y-%m-%d}.json"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            response["Cache-Control"] = "no-store"
            return response

        def call():
            services.figures_send(acting=request.membership, member=acc.member, **period)

        if _save(form, call):
            messages.success(
                request, _("Your figures are sent to %(network)s") % {"network": network.name}
            )
            return redirect("network:figures", network_id=network.pk)
    return render(
        request,
        "network/figures.html",
        {
            "network": network,
            "access": acc,
            "form": form,
            "upload_form": FiguresUploadForm() if acc.is_coordinator else None,
            "public_key": signing.signing_key_for(request.organisation).public_key
            if is_member_admin
            else "",
            "snapshots": list(selectors.snapshots_of(network)) if acc.is_coordinator else [],
            "members": list(selectors.network_members(network).filter(status=MemberStatus.ACTIVE))
            if acc.is_coordinator
            else [],
            "sent": list(selectors.snapshots_of(network).filter(member=acc.member))
            if is_member_admin
            else [],
        },
    )


@require_POST
@organisation_permission_required(USE)
def figures_upload(request, network_id):
    network, acc = access.get_network_or_404(request, network_id)
    access.require_coordinator(acc)
    form = FiguresUploadForm(request.POST, request.FILES)
    if form.is_valid():
        raw = form.cleaned_data["file"].read(signing.MAX_BYTES + 1)

        def call():
            services.figures_import(network=network, raw=raw, acting=request.membership)

        if _save(form, call):
            messages.success(request, _("The figures are verified and stored"))
            return redirect("network:figures", network_id=network.pk)
    return render(
        request,
        "network/figures.html",
        {
            "network": network,
            "access": acc,
            "form": None,
            "upload_form": form,
            "snapshots": list(selectors.snapshots_of(network)),
            "members": list(selectors.network_members(network).filter(status=MemberStatus.ACTIVE)),
            "sent": [],
        },
        status=400,
    )


@organisation_permission_required(USE)
def member_installation(request, member_id):
    """Register a member that runs its own Heard: its public key, and a token to send with."""
    member = access.get_coordinated_member_or_404(request, member_id)
    form = InstallationForm(_posted(request), initial={"public_key": member.public_key})
    token = ""
    if request.method == "POST" and form.is_valid():
        issued = {}

        def call():
            issued["token"] = services.member_installation_register(
                acting=request.membership, member=member, **form.cleaned_data
            )

        if _save(form, call):
            token = issued["token"]
    return render(
        request,
        "network/installation.html",
        {"network": member.network, "member": member, "form": form, "token": token},
    )


# --- the national picture and benchmarking ---------------------------------------------------


def _scope(request, snapshots):
    scope = request.GET.get("scope", "national")
    kind, _sep, value = scope.partition(":")
    if kind == "nation" and value:
        return scope, picture.scope_snapshots(snapshots, nation=value)
    if kind == "region" and value:
        return scope, picture.scope_snapshots(snapshots, region=value)
    return "national", snapshots


@organisation_permission_required(USE)
def national_picture(request, network_id):
    network, acc = access.get_network_or_404(request, network_id)
    access.require_taking_part(acc)
    period, periods = selectors.choose_period(network, request.GET.get("period"))
    snapshots = selectors.snapshots_for(network, period)
    scope, chosen = _scope(request, snapshots)
    measures = picture.combine(chosen)
    charts = {}
    for measure in measures:
        labels, values = measure.chart_rows()
        if labels:
            charts[measure.key] = {
                "chart": bar_chart(labels, values),
                "description": _(
                    "Bar chart of %(measure)s across the network: %(column)s. The table below "
                    "has every figure, including where members' figures are hidden."
                )
                % {"measure": measure.title, "column": measure.columns[0]["label"]},
            }
    nations = sorted({s.nation for s in snapshots} - {""})
    regions = sorted({s.member.region for s in snapshots} - {""})
    return render(
        request,
        "network/picture.html",
        {
            "network": network,
            "access": acc,
            "period": period,
            "periods": periods,
            "scope": scope,
            "scopes": [("national", _("All members"))]
            + [(f"nation:{n}", picture.nation_label(n)) for n in nations]
            + [(f"region:{r}", r) for r in regions],
            "members": len(chosen),
            "measures": measures,
            "charts": charts,
            "themes": selectors.shared_system_issues(network),
        },
    )


@organisation_permission_required(USE)
def benchmark(request, network_id):
    network, acc = access.get_network_or_404(request, network_id)
    access.require_taking_part(acc)
    if acc.member is None or request.membership.role not in (Role.ADMIN, Role.MANAGER):
        raise Http404("Not found")
    period, periods = selectors.choose_period(network, request.GET.get("period"))
    snapshots = selectors.snapshots_for(network, period)
    own = next((s for s in snapshots if s.member_id == acc.member.pk), None)
    return render(
        request,
        "network/benchmark.html",
        {
            "network": network,
            "access": acc,
            "period": period,
            "periods": periods,
            "own": own,
            "rows": picture.benchmarks(snapshots, own) if own else [],
            "minimum": picture.MIN_MEMBERS,
        },
    )


# --- the resource library --------------------------------------------------------------------


def _resource(request, resource_id):
    resource = access.get_resource_or_404(request, resource_id)
    acc = access.access_for(request, resource.network)
    access.require_taking_part(acc)
    if (
        resource.status != ResourceStatus.PUBLISHED
        and not acc.is_coordinator
        and resource.proposed_by_id != request.membership.pk
    ):
        raise Http404("Not found")
    return resource, acc


@organisation_permission_required(USE)
def resources(request, network_id):
    network, acc = access.get_network_or_404(request, network_id)
    access.require_taking_part(acc)
    filters = ResourceFilterForm(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    return render(
        request,
        "network/resources.html",
        {
            "network": network,
            "access": acc,
            "filters": filters,
            "resources": list(
                selectors.library(
                    network,
                    coordinator=acc.is_coordinator,
                    membership=request.membership,
                    filters=chosen,
                )
            ),
        },
    )


@organisation_permission_required(USE)
def resource_propose(request, network_id):
    network, acc = access.get_network_or_404(request, network_id)
    access.require_taking_part(acc)
    form = ResourceForm(
        _posted(request),
        request.FILES or None,
        upload_refused=getattr(request, "upload_refused", False),
    )
    if request.method == "POST" and form.is_valid():
        created = {}
        data = dict(form.cleaned_data)
        uploaded = data.pop("file")

        def call():
            created["resource"] = services.resource_propose(
                acting=request.membership, network=network, uploaded=uploaded, **data
            )

        if _save(form, call):
            messages.success(request, _("Thank you. A coordinator will review it."))
            return redirect("network:resource", resource_id=created["resource"].pk)
    return _form_page(
        request,
        form,
        title=_("Propose a resource"),
        caption=network.name,
        intro=_("Coordinators check each resource before it is published to every member."),
        button=_("Propose resource"),
        back_url=reverse("network:resources", kwargs={"network_id": network.pk}),
        multipart=True,
    )


@organisation_permission_required(USE)
def resource(request, resource_id):
    resource, acc = _resource(request, resource_id)
    return render(
        request,
        "network/resource.html",
        {
            "network": resource.network,
            "resource": resource,
            "access": acc,
            "versions": list(resource.versions.select_related("uploaded_by")),
            "may_update": acc.is_coordinator or resource.proposed_by_id == request.membership.pk,
        },
    )


@require_POST
@organisation_permission_required(USE)
def resource_publish(request, resource_id):
    resource, acc = _resource(request, resource_id)
    access.require_coordinator(acc)
    action = request.POST.get("action")
    try:
        if action == "checked":
            services.resource_checked(acting=request.membership, resource=resource)
            messages.success(request, _("Marked as checked today"))
        else:
            services.resource_publish(acting=request.membership, resource=resource)
            messages.success(request, _("Published. Members are notified."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("network:resource", resource_id=resource.pk)


@organisation_permission_required(USE)
def resource_version_add(request, resource_id):
    resource, acc = _resource(request, resource_id)
    if not (acc.is_coordinator or resource.proposed_by_id == request.membership.pk):
        raise Http404("Not found")
    form = VersionForm(
        _posted(request),
        request.FILES or None,
        upload_refused=getattr(request, "upload_refused", False),
    )
    if request.method == "POST" and form.is_valid():

        def call():
            services.resource_version_add(
                acting=request.membership,
                resource=resource,
                uploaded=form.cleaned_data["file"],
                note=form.cleaned_data["note"],
            )

        if _save(form, call):
            messages.success(request, _("New version uploaded"))
            return redirect("network:resource", resource_id=resource.pk)
    return _form_page(
        request,
        form,
        title=_("Upload a new version"),
        caption=resource.title,
        button=_("Upload"),
        back_url=reverse("network:resource", kwargs={"resource_id": resource.pk}),
        multipart=True,
    )


@organisation_permission_required(USE)
def resource_download(request, version_id):
    version = access.get_resource_version_or_404(request, version_id)
    _resource(request, version.resource_id)
    try:
        handle = version.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("The file is missing from storage") from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=version.original_name,
        content_type=version.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- hubs on other installations this organisation sends its figures to ------------------------

MANAGE_HUBS = Perm.NETWORK_MANAGE_REMOTE_HUBS


def _remote_hub(request, hub_id) -> RemoteHub:
    """One of the organisation's remote hubs; another organisation's is a 404."""
    return get_scoped_or_404(request, RemoteHub, pk=hub_id)


def _hub_data(form) -> dict:
    data = form.cleaned_data
    return {"name": data["name"], "url": data["url"], "active": data["active"]}


@organisation_permission_required(MANAGE_HUBS)
def remote_hubs(request):
    from heard.reporting.periods import previous_quarter

    hubs = list(selectors.remote_hubs_with_deliveries(scoped(request, RemoteHub)))
    rows = [
        {
            "hub": hub,
            "masked_token": presenters.masked_token(hub.token),
            "deliveries": [
                {"delivery": d, "colour": presenters.delivery_tag_colour(d.status)}
                for d in hub.recent_deliveries
            ],
        }
        for hub in hubs
    ]
    return render(
        request,
        "network/remote_hubs.html",
        {
            "rows": rows,
            "period": previous_quarter(timezone.localdate()),
            "public_key": signing.signing_key_for(request.organisation).public_key,
        },
    )


@organisation_permission_required(MANAGE_HUBS)
def remote_hub_create(request):
    form = RemoteHubForm(_posted(request))
    if request.method == "POST" and form.is_valid():

        def call():
            services.remote_hub_create(
                acting=request.membership,
                token=form.cleaned_data["token"],
                request=request,
                **_hub_data(form),
            )

        if _save(form, call):
            messages.success(request, _("Hub added. Your figures are sent to it each quarter."))
            return redirect("network:remote_hubs")
    return _form_page(
        request,
        form,
        title=_("Add a hub on another installation"),
        intro=_(
            "When a network runs its hub on another Heard, its coordinator records your "
            "organisation's public key and gives you an address and a network token. Your "
            "signed figures are then sent there automatically after each quarter."
        ),
        button=_("Add hub"),
        back_url=reverse("network:remote_hubs"),
    )


@organisation_permission_required(MANAGE_HUBS)
def remote_hub_edit(request, hub_id):
    hub = _remote_hub(request, hub_id)
    form = RemoteHubForm(
        _posted(request),
        initial={"name": hub.name, "url": hub.url, "active": hub.active},
        masked_token=presenters.masked_token(hub.token),
    )
    if request.method == "POST" and form.is_valid():

        def call():
            services.remote_hub_update(
                acting=request.membership,
                hub=hub,
                token=form.cleaned_data["token"],
                request=request,
                **_hub_data(form),
            )

        if _save(form, call):
            messages.success(request, _("Hub changed"))
            return redirect("network:remote_hubs")
    return _form_page(
        request,
        form,
        title=_("Change a hub"),
        caption=hub.name,
        button=_("Save changes"),
        back_url=reverse("network:remote_hubs"),
    )


@organisation_permission_required(MANAGE_HUBS)
def remote_hub_delete(request, hub_id):
    hub = _remote_hub(request, hub_id)
    if request.method == "POST":
        services.remote_hub_delete(acting=request.membership, hub=hub, request=request)
        messages.success(request, _("Hub removed: no more figures are sent to it"))
        return redirect("network:remote_hubs")
    return render(request, "network/remote_hub_delete.html", {"hub": hub})


@require_POST
@organisation_permission_required(MANAGE_HUBS)
def remote_hub_send(request, hub_id):
    hub = _remote_hub(request, hub_id)
    try:
        period = services.remote_hub_send_now(acting=request.membership, hub=hub, request=request)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _(
                "Your figures for %(period)s are queued to send to %(hub)s. The hub's answer "
                "shows below once they are sent."
            )
            % {"period": period.label, "hub": hub.name},
        )
    return redirect("network:remote_hubs")
