"""Writing the network hub: networks, membership, the agreement, the forum and surveys.

Every change is audited here (ADR-0004), in the acting member's organisation. Survey
answers are anonymous: they go through ``audit_record_anonymous`` with the day only.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from heard.audit.services import audit_record, audit_record_anonymous
from heard.core import tenant_db
from heard.organisations.models import CASEWORK_ROLES, Membership, Role

from . import personal_data, selectors, signing
from .models import (
    AggregateSnapshot,
    AgreementAcceptance,
    CodeOfConductAcceptance,
    DataSharingAgreement,
    ForumPost,
    ForumReport,
    ForumSuspension,
    ForumThread,
    ForumTopic,
    MemberStatus,
    Network,
    NetworkCoordinator,
    NetworkMember,
    Notification,
    QuestionKind,
    Resource,
    ResourceStatus,
    ResourceVersion,
    Survey,
    SurveyLink,
    SurveyQuestion,
    SurveyResponse,
    SurveyStatus,
)

DEFAULT_AGREEMENT = (
    "Each member shares only aggregate figures about its advocacy: counts and times, never "
    "a person's name, date of birth, address, NHS number or case reference. Counts from 1 "
    "to 4 are shown as 'fewer than 5' before they leave the member, and any figure that "
    "would let a hidden count be worked out is hidden too. The network uses the figures "
    "for the national picture and benchmarking, never names a member beside its figures, "
    "and keeps each member's figures as received so the picture can be reproduced."
)


def _audit(event, *, acting, target, details=None, request=None):
    audit_record(
        event,
        organisation=acting.organisation,
        actor=acting.user,
        target=target,
        details=details or {},
        request=request,
    )


def notify(network: Network, users, message: str, url: str = "") -> None:
    Notification.objects.bulk_create(
        [Notification(network=network, user=user, message=message, url=url) for user in users]
    )


def member_staff_users(network: Network, *, exclude=None):
    """Users of every active member organisation who see casework (the forum's audience)."""
    users = selectors.network_users(network, CASEWORK_ROLES)
    return [user for user in users if exclude is None or user.pk != exclude.pk]


# --- networks and membership ----------------------------------------------------------------


@transaction.atomic
def network_create(*, acting: Membership, name: str, description: str = "") -> Network:
    if acting.role != Role.NETWORK_COORDINATOR:
        raise ValidationError(_("Only a network coordinator can create a network"))
    network = Network(name=name.strip(), description=description.strip())
    network.full_clean()
    if tenant_db.enforced():
        # Row-level security reads the new row back as it is inserted: it must already be
        # among the networks this coordinator coordinates (ADR-0035).
        network.pk = tenant_db.next_id(Network)
        tenant_db.admit_network(network.pk)
    network.save(force_insert=True)
    NetworkCoordinator.objects.create(network=network, membership=acting)
    agreement = DataSharingAgreement.objects.create(
        network=network, version=1, text=DEFAULT_AGREEMENT, published_by=acting.user
    )
    _audit("network.created", acting=acting, target=network)
    _audit("network.agreement_published", acting=acting, target=agreement)
    return network


@transaction.atomic
def member_invite(
    *, acting: Membership, network: Network, organisation, region: str = ""
) -> NetworkMember:
    member, created = NetworkMember.objects.get_or_create(
        network=network,
        organisation=organisation,
        defaults={"invited_by": acting.user, "region": region.strip()},
    )
    if not created:
        if member.status in (MemberStatus.ACTIVE, MemberStatus.INVITED):
            raise ValidationError(
                {"organisation": _("That organisation is already invited or a member")}
            )
        member.status = MemberStatus.INVITED
        member.invited_by = acting.user
        member.region = region.strip() or member.region
        member.save(update_fields=["status", "invited_by", "region"])
    _audit("network.member_invited", acting=acting, target=member)
    admins = selectors.network_users(network, [Role.ADMIN], organisation=organisation)
    notify(
        network,
        admins,
        _("Your organisation is invited to join %(network)s") % {"network": network.name},
        reverse("network:index"),
    )
    return member


@transaction.atomic
def invitation_respond(*, acting: Membership, member: NetworkMember, accept: bool) -> None:
    if acting.role != Role.ADMIN or acting.organisation_id != member.organisation_id:
        raise ValidationError(_("Only your organisation's admin can answer this invitation"))
    if member.status != MemberStatus.INVITED:
        raise ValidationError(_("This invitation has already been answered"))
    member.status = MemberStatus.ACTIVE if accept else MemberStatus.DECLINED
    member.responded_by = acting.user
    member.responded_at = timezone.now()
    member.save(update_fields=["status", "responded_by", "responded_at"])
    if accept:
        tenant_db.refresh_networks()  # the rest of the request sees the network just joined
    _audit(
        "network.invitation_accepted" if accept else "network.invitation_declined",
        acting=acting,
        target=member,
    )


@transaction.atomic
def coordinator_add(*, acting: Membership, network: Network, membership: Membership) -> None:
    if membership.role != Role.NETWORK_COORDINATOR or not membership.is_active:
        raise ValidationError({"membership": _("Choose someone with the coordinator role")})
    _obj, created = NetworkCoordinator.objects.get_or_create(network=network, membership=membership)
    if not created:
        raise ValidationError({"membership": _("They already coordinate this network")})
    _audit(
        "network.coordinator_added",
        acting=acting,
        target=network,
        details={"coordinator": str(membership.user)},
    )


@transaction.atomic
def agreement_publish(
    *, acting: Membership, network: Network, text: str, summary_of_changes: str = ""
) -> DataSharingAgreement:
    """A new version: every member must accept it again before it takes part."""
    latest = network.agreements.order_by("-version").first()
    agreement = DataSharingAgreement(
        network=network,
        version=(latest.version + 1) if latest else 1,
        text=text.strip(),
        summary_of_changes=summary_of_changes.strip(),
        published_by=acting.user,
    )
    agreement.full_clean()
    agreement.save()
    _audit("network.agreement_published", acting=acting, target=agreement)
    admins = selectors.network_users(network, [Role.ADMIN])
    notify(
        network,
        admins,
        _("Version %(version)s of the %(network)s data-sharing agreement needs your acceptance")
        % {"version": agreement.version, "network": network.name},
        reverse("network:agreement", kwargs={"network_id": network.pk}),
    )
    return agreement


@transaction.atomic
def agreement_accept(
    *, acting: Membership, member: NetworkMember, agreement: DataSharingAgreement
) -> None:
    if acting.role != Role.ADMIN or acting.organisation_id != member.organisation_id:
        raise ValidationError(_("Only your organisation's admin can accept the agreement"))
    if agreement.network_id != member.network_id:
        raise ValidationError(_("This agreement is for another network"))
    _obj, created = AgreementAcceptance.objects.get_or_create(
        member=member, agreement=agreement, defaults={"accepted_by": acting.user}
    )
    if created:
        _audit(
            "network.agreement_accepted",
            acting=acting,
            target=member,
            details={"version": agreement.version},
        )


# --- the forum --------------------------------------------------------------------------------


def has_accepted_conduct(network: Network, user) -> bool:
    return CodeOfConductAcceptance.objects.filter(
        network=network, user=user, version=network.code_of_conduct_version
    ).exists()


def conduct_accept(*, acting: Membership, network: Network) -> None:
    _obj, created = CodeOfConductAcceptance.objects.get_or_create(
        network=network, user=acting.user, version=network.code_of_conduct_version
    )
    if created:
        _audit("network.conduct_accepted", acting=acting, target=network)


def active_suspension(network: Network, user) -> ForumSuspension | None:
    today = timezone.localdate()
    for suspension in ForumSuspension.objects.filter(
        network=network, user=user, lifted_at__isnull=True
    ):
        if suspension.until is None or suspension.until >= today:
            return suspension
    return None


def _check_can_post(network: Network, acting: Membership) -> None:
    if not has_accepted_conduct(network, acting.user):
        raise ValidationError(_("Accept the code of conduct before you post"))
    if active_suspension(network, acting.user):
        raise ValidationError(_("You are suspended from posting in this forum"))


def check_post_text(text: str, *, confirmed: bool, field: str = "body") -> None:
    """Refuse identifiable personal data; ask the writer to confirm anything that may be."""
    check = personal_data.check_text(text)
    if check.blocks:
        raise ValidationError({field: check.blocks})
    if check.warnings and not confirmed:
        raise ValidationError(
            {
                field: [
                    *check.warnings,
                    _("If you are sure it identifies nobody, tick the box and post again."),
                ]
            },
            code="warning",
        )


@transaction.atomic
def topic_create(
    *, acting: Membership, network: Network, title: str, description: str = ""
) -> ForumTopic:
    topic = ForumTopic(network=network, title=title.strip(), description=description.strip())
    topic.full_clean()
    topic.save()
    return topic


@transaction.atomic
def thread_create(
    *,
    acting: Membership,
    topic: ForumTopic,
    title: str,
    body: str,
    anonymous: bool = False,
    confirmed: bool = False,
) -> ForumThread:
    _check_can_post(topic.network, acting)
    check_post_text(title, confirmed=confirmed, field="title")
    check_post_text(body, confirmed=confirmed)
    thread = ForumThread(topic=topic, title=title.strip())
    thread.full_clean()
    thread.save()
    post = ForumPost.objects.create(
        thread=thread, author=acting, body=body.strip(), anonymous=anonymous
    )
    _audit("network.post_written", acting=acting, target=post)
    return thread


@transaction.atomic
def post_create(
    *,
    acting: Membership,
    thread: ForumThread,
    body: str,
    anonymous: bool = False,
    confirmed: bool = False,
) -> ForumPost:
    network = thread.topic.network
    _check_can_post(network, acting)
    check_post_text(body, confirmed=confirmed)
    post = ForumPost.objects.create(
        thread=thread, author=acting, body=body.strip(), anonymous=anonymous
    )
    ForumThread.objects.filter(pk=thread.pk).update(last_post_at=post.created_at)
    _audit("network.post_written", acting=acting, target=post)
    earlier = (
        ForumPost.objects.filter(thread=thread)
        .exclude(author__user=acting.user)
        .select_related("author__user")
    )
    users = {p.author.user_id: p.author.user for p in earlier}
    url = reverse("network:thread", kwargs={"thread_id": thread.pk}) + f"#post-{post.pk}"
    notify(
        network,
        users.values(),
        _("New reply in “%(thread)s”") % {"thread": thread.title},
        url,
    )
    return post


@transaction.atomic
def post_report(*, acting: Membership, post: ForumPost, reason: str) -> ForumReport:
    report = ForumReport(post=post, reported_by=acting.user, reason=reason.strip())
    report.full_clean()
    report.save()
    _audit("network.post_reported", acting=acting, target=post)
    network = post.thread.topic.network
    coordinators = [
        c.membership.user for c in network.coordinators.select_related("membership__user")
    ]
    notify(
        network,
        coordinators,
        _("A post in “%(thread)s” was reported") % {"thread": post.thread.title},
        reverse("network:moderation", kwargs={"network_id": network.pk}),
    )
    return report


@transaction.atomic
def post_moderate(
    *, acting: Membership, post: ForumPost, action: str, reason: str, body: str = ""
) -> None:
    """Hide, show again or edit a post; the reason is kept and shown to readers."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Enter the reason")})
    now = timezone.now()
    if action == "hide":
        post.hidden_at, post.hidden_reason = now, reason
        event = "network.post_hidden"
    elif action == "show":
        post.hidden_at, post.hidden_reason = None, ""
        event = "network.post_shown"
    elif action == "edit":
        if not body.strip():
            raise ValidationError({"body": _("Enter the post's new text")})
        check_post_text(body, confirmed=True)
        post.body, post.edited_at, post.edit_reason = body.strip(), now, reason
        event = "network.post_edited"
    else:
        raise ValidationError({"action": _("Choose what to do with the post")})
    post.save()
    post.reports.filter(resolved_at__isnull=True).update(resolved_at=now)
    _audit(event, acting=acting, target=post, details={"reason": reason})


@transaction.atomic
def member_suspend(
    *, acting: Membership, post: ForumPost, reason: str, until: dt.date | None
) -> ForumSuspension:
    network = post.thread.topic.network
    if until is not None and until < timezone.localdate():
        raise ValidationError({"until": _("The date must be today or in the future")})
    suspension = ForumSuspension(
        network=network,
        user=post.author.user,
        reason=reason.strip(),
        until=until,
        suspended_by=acting.user,
    )
    suspension.full_clean()
    suspension.save()
    _audit("network.member_suspended", acting=acting, target=post, details={"reason": reason})
    return suspension


# --- surveys ------------------------------------------------------------------------------------


@transaction.atomic
def survey_create(
    *,
    acting: Membership,
    network: Network,
    title: str,
    introduction: str = "",
    title_cy: str = "",
    introduction_cy: str = "",
    introduction_easy_read: str = "",
) -> Survey:
    survey = Survey(
        network=network,
        title=title.strip(),
        introduction=introduction.strip(),
        title_cy=title_cy.strip(),
        introduction_cy=introduction_cy.strip(),
        introduction_easy_read=introduction_easy_read.strip(),
        created_by=acting.user,
    )
    survey.full_clean()
    survey.save()
    _audit("network.survey_changed", acting=acting, target=survey, details={"change": "created"})
    return survey


def parse_choices(text: str) -> list[str]:
    seen = []
    for line in text.splitlines():
        line = line.strip()
        if line and line not in seen:
            seen.append(line[:200])
    return seen


@transaction.atomic
def question_add(
    *,
    acting: Membership,
    survey: Survey,
    kind: str,
    text: str,
    choices: list[str] | None = None,
    required: bool = False,
    text_easy_read: str = "",
    text_cy: str = "",
) -> SurveyQuestion:
    if survey.status != SurveyStatus.DRAFT:
        raise ValidationError(_("Questions can only be added while the survey is a draft"))
    choices = choices or []
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE) and len(choices) < 2:
        raise ValidationError({"choices": _("Enter at least 2 answers, one on each line")})
    if kind not in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        choices = []
    question = SurveyQuestion(
        survey=survey,
        position=survey.questions.count() + 1,
        kind=kind,
        text=text.strip(),
        text_easy_read=text_easy_read.strip(),
        text_cy=text_cy.strip(),
        choices=choices,
        required=required,
    )
    question.full_clean()
    question.save()
    _audit("network.survey_changed", acting=acting, target=survey, details={"change": "question"})
    return question


@transaction.atomic
def survey_set_status(*, acting: Membership, survey: Survey, status: str) -> None:
    """Open (a link for each active member), close, or publish the report page."""
    if status == SurveyStatus.OPEN:
        if not survey.questions.exists():
            raise ValidationError(_("Add at least one question before opening the survey"))
        members = survey.network.members.filter(status=MemberStatus.ACTIVE)
        existing = set(survey.links.values_list("member_id", flat=True))
        SurveyLink.objects.bulk_create(
            [SurveyLink(survey=survey, member=m) for m in members if m.pk not in existing]
        )
        notify(
            survey.network,
            selectors.network_users(survey.network, [Role.ADMIN, Role.MANAGER]),
            _("A network survey is open: pass your link on to your advocates"),
            reverse("network:survey", kwargs={"survey_id": survey.pk}),
        )
    elif status != SurveyStatus.CLOSED:
        raise ValidationError(_("Choose open or closed"))
    survey.status = status
    survey.save(update_fields=["status"])
    _audit("network.survey_changed", acting=acting, target=survey, details={"change": status})


@transaction.atomic
def survey_publish_report(*, acting: Membership, survey: Survey, summary: str) -> None:
    survey.report_summary = summary.strip()
    survey.report_published_at = timezone.now()
    survey.save(update_fields=["report_summary", "report_published_at"])
    _audit("network.survey_changed", acting=acting, target=survey, details={"change": "report"})


@transaction.atomic
def survey_answer(*, link: SurveyLink, answers: dict, share_organisation: bool) -> None:
    """Store one anonymous response: no user, no time; organisation and month only with consent."""
    survey = link.survey
    if survey.status != SurveyStatus.OPEN:
        raise ValidationError(_("This survey is closed"))
    today = timezone.localdate()
    SurveyResponse.objects.create(
        survey=survey,
        organisation=link.member.organisation if share_organisation else None,
        month=today.replace(day=1) if share_organisation else None,
        answers=answers,
    )
    # Nobody is signed in: the link's network alone is bound. The anonymous event joins the
    # member's own audit trail, written bound to that organisation for this one statement.
    with tenant_db.organisation_context(link.member.organisation_id):
        audit_record_anonymous(
            "network.survey_answered",
            organisation=link.member.organisation,
            target=survey,
            day=today,
        )


def anonymous_authors_seen(*, acting: Membership, thread: ForumThread, request=None) -> None:
    """A moderator opened a thread with anonymous posts: they see who wrote them, on the record."""
    _audit("network.post_author_viewed", acting=acting, target=thread, request=request)


def survey_exported(*, acting: Membership, survey: Survey, fmt: str, request=None) -> None:
    _audit(
        "network.survey_exported",
        acting=acting,
        target=survey,
        details={"format": fmt},
        request=request,
    )


# --- figures from members ------------------------------------------------------------------


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def member_for_token(token: str) -> NetworkMember | None:
    """The active member a network token names. On PostgreSQL nothing is bound yet (no one
    is signed in): the token's member is found by its hash alone, then its network, and that
    member for adding figures, are bound for the rest of the transaction (ADR-0035)."""
    if not token:
        return None
    if tenant_db.enforced():
        found = tenant_db.network_token_member(_hash_token(token))
        if found is None:
            return None
        tenant_db.bind_network(found[1], member_id=found[0])
    return (
        NetworkMember.objects.filter(token_hash=_hash_token(token), status=MemberStatus.ACTIVE)
        .select_related("network", "organisation")
        .first()
    )


@transaction.atomic
def member_installation_register(
    *, acting: Membership, member: NetworkMember, public_key: str
) -> str:
    """Record a member installation's public key and issue its network token (shown once)."""
    public_key = public_key.strip()
    try:
        signing.Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key, validate=True))
    except (ValueError, TypeError) as exc:
        raise ValidationError(
            {"public_key": _("Enter the public key exactly as the member's Heard shows it")}
        ) from exc
    token = secrets.token_urlsafe(32)
    member.public_key = public_key
    member.token_hash = _hash_token(token)
    member.save(update_fields=["public_key", "token_hash"])
    _audit("network.token_issued", acting=acting, target=member)
    return token


def figures_export(
    *, acting: Membership, member: NetworkMember, start: dt.date, end: dt.date
) -> bytes:
    """The member's signed figures file for one period, for its own hub or another's."""
    if end < start:
        raise ValidationError({"end": _("The end date must be the same as or after the start")})
    payload = signing.build_payload(
        member.organisation, network_name=member.network.name, start=start, end=end
    )
    raw = signing.sign(member.organisation, payload)
    _audit(
        "network.figures_exported",
        acting=acting,
        target=member,
        details={"period": payload["period"], "definitions": payload["definitions_version"]},
    )
    return raw


def figures_send(
    *, acting: Membership, member: NetworkMember, start: dt.date, end: dt.date
) -> AggregateSnapshot:
    """A member on this installation sends its figures straight to the hub."""
    key = signing.signing_key_for(member.organisation)
    if not member.public_key:
        member.public_key = key.public_key
        member.save(update_fields=["public_key"])
    raw = figures_export(acting=acting, member=member, start=start, end=end)
    return figures_import(network=member.network, raw=raw, acting=acting, member=member)


def figures_import(
    *,
    network: Network,
    raw: bytes,
    acting: Membership | None = None,
    member: NetworkMember | None = None,
) -> AggregateSnapshot:
    """Verify and store one signed figures file, exactly as received.

    ``member`` is known when the file came with a member's network token (or from this
    installation); otherwise it is found by the public key it claims, then verified against
    the key registered for it.
    """
    envelope = signing.read_envelope(raw)
    if member is None:
        member = (
            network.members.filter(status=MemberStatus.ACTIVE, public_key=envelope["public_key"])
            .exclude(public_key="")
            .select_related("organisation")
            .first()
        )
    if member is None or member.network_id != network.pk or not member.public_key:
        raise ValidationError(
            _("The figures are not from a member of this network with a registered key"),
            code="unknown_member",
        )
    try:
        signing.verify(envelope, member.public_key)
    except ValidationError:
        _audit_figures("network.figures_rejected", acting=acting, member=member)
        raise
    current = network.agreements.order_by("-version").first()
    if current is not None and not member.acceptances.filter(agreement=current).exists():
        raise ValidationError(
            _("%(member)s has not accepted the current data-sharing agreement")
            % {"member": member.organisation.name},
            code="agreement",
        )
    text = raw.decode("utf-8")
    with transaction.atomic():
        existing = AggregateSnapshot.objects.filter(
            member=member, period_start=envelope["start"], period_end=envelope["end"]
        ).first()
        if existing is not None:
            raise ValidationError(
                _("Figures for %(member)s for this period were already received")
                % {"member": member.organisation.name},
                code="duplicate",
            )
        snapshot = AggregateSnapshot.objects.create(
            network=network,
            member=member,
            period_start=envelope["start"],
            period_end=envelope["end"],
            definitions_version=envelope["payload"]["definitions_version"],
            payload=text,
            figures=envelope["payload"]["figures"],
            nation=signing.member_nation(envelope["payload"]),
        )
        _audit_figures("network.figures_imported", acting=acting, member=member, target=snapshot)
    return snapshot


def _audit_figures(event, *, acting, member, target=None):
    if acting is not None:
        _audit(event, acting=acting, target=target or member)
        return
    # Sent with a network token: only the network is bound; the event belongs to the member.
    with tenant_db.organisation_context(member.organisation_id):
        audit_record(
            event,
            organisation=member.organisation,
            actor=None,
            system_actor="network_api",
            target=target or member,
        )


# --- the resource library ------------------------------------------------------------------


def _store_version(resource: Resource, uploaded, *, acting: Membership, note: str = ""):
    from heard.casework.services.documents import check_upload, safe_original_name

    try:
        file_type = check_upload(uploaded)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    latest = resource.versions.order_by("-number").first()
    version = ResourceVersion(
        resource=resource,
        number=(latest.number + 1) if latest else 1,
        original_name=safe_original_name(uploaded.name),
        content_type=file_type.content_type,
        size=uploaded.size,
        note=note.strip(),
        uploaded_by=acting.user,
    )
    # Stored by a random name: the uploaded name is no safe path (as case documents).
    version.file.save(
        f"network/{resource.network_id}/{resource.pk}/{secrets.token_urlsafe(24)}",
        uploaded,
        save=False,
    )
    try:
        version.full_clean()
        version.save()
    except Exception:
        version.file.delete(save=False)
        raise
    return version


@transaction.atomic
def resource_propose(
    *,
    acting: Membership,
    network: Network,
    uploaded,
    title: str,
    kind: str,
    audience: str,
    summary: str = "",
    tags: list[str] | None = None,
    nation: str = "both",
    language: str = "en",
    easy_read: bool = False,
) -> Resource:
    resource = Resource(
        network=network,
        title=title.strip(),
        summary=summary.strip(),
        kind=kind,
        tags=tags or [],
        audience=audience,
        nation=nation,
        language=language,
        easy_read=easy_read,
        proposed_by=acting,
        last_checked_on=timezone.localdate(),
    )
    resource.full_clean()
    resource.save()
    _store_version(resource, uploaded, acting=acting)
    _audit("network.resource_proposed", acting=acting, target=resource)
    coordinators = [
        c.membership.user for c in network.coordinators.select_related("membership__user")
    ]
    notify(
        network,
        [u for u in coordinators if u.pk != acting.user_id],
        _("“%(title)s” is proposed for the library") % {"title": resource.title},
        reverse("network:resource", kwargs={"resource_id": resource.pk}),
    )
    return resource


@transaction.atomic
def resource_publish(*, acting: Membership, resource: Resource) -> None:
    if resource.status == ResourceStatus.PUBLISHED:
        raise ValidationError(_("This resource is already published"))
    resource.status = ResourceStatus.PUBLISHED
    resource.published_at = timezone.now()
    resource.save(update_fields=["status", "published_at"])
    _audit("network.resource_published", acting=acting, target=resource)
    notify(
        resource.network,
        member_staff_users(resource.network, exclude=acting.user),
        _("New in the library: “%(title)s”") % {"title": resource.title},
        reverse("network:resource", kwargs={"resource_id": resource.pk}),
    )


@transaction.atomic
def resource_version_add(
    *, acting: Membership, resource: Resource, uploaded, note: str = ""
) -> ResourceVersion:
    version = _store_version(resource, uploaded, acting=acting, note=note)
    resource.last_checked_on = timezone.localdate()
    resource.save(update_fields=["last_checked_on"])
    _audit("network.resource_version_added", acting=acting, target=resource)
    if resource.status == ResourceStatus.PUBLISHED:
        notify(
            resource.network,
            member_staff_users(resource.network, exclude=acting.user),
            _("Updated in the library: “%(title)s”") % {"title": resource.title},
            reverse("network:resource", kwargs={"resource_id": resource.pk}),
        )
    return version


def resource_checked(*, acting: Membership, resource: Resource) -> None:
    resource.last_checked_on = timezone.localdate()
    resource.save(update_fields=["last_checked_on"])
    _audit("network.resource_checked", acting=acting, target=resource)


# --- sending figures to a hub on another installation --------------------------------------

SEND_TIMEOUT_SECONDS = 30


def remote_hub_send(*, hub, start: dt.date, end: dt.date, acting: Membership | None = None):
    """Sign this organisation's figures for one period and POST them to a remote hub.

    The answer is recorded as a delivery (sent, refused with the hub's reason, or failed to
    reach it) and audited; nothing raises, so one unreachable hub never stops the others.
    A hub that says it already has the period counts as sent.
    """
    from .models import RemoteHubDelivery

    payload = signing.build_payload(hub.organisation, network_name=hub.name, start=start, end=end)
    raw = signing.sign(hub.organisation, payload)
    status, message = _post(hub, raw)
    delivery = RemoteHubDelivery.objects.create(
        organisation=hub.organisation,
        hub=hub,
        period_start=start,
        period_end=end,
        status=status,
        message=message[:500],
    )
    audit_record(
        "network.figures_sent",
        organisation=hub.organisation,
        actor=acting.user if acting else None,
        system_actor=None if acting else "worker",
        target=delivery,
        details={"period": payload["period"], "status": status, "hub": hub.name},
    )
    return delivery


def _post(hub, raw: bytes) -> tuple[str, str]:
    """POST the signed file with the hub's token (the standard library: no new dependency)."""
    import json
    import urllib.error
    import urllib.request

    from .models import DeliveryStatus

    if not remote_hub_url_allowed(hub.url):
        # Never send the token in the clear (or to a file: or other scheme).
        return DeliveryStatus.FAILED, "not an https address"
    request = urllib.request.Request(  # noqa: S310 (scheme checked above)
        hub.url,
        data=raw,
        method="POST",
        headers={"Authorization": f"Token {hub.token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=SEND_TIMEOUT_SECONDS) as response:  # noqa: S310
            code, body = response.status, response.read(64 * 1024)
    except urllib.error.HTTPError as error:
        code, body = error.code, error.read(64 * 1024)
    except (urllib.error.URLError, OSError) as error:
        return DeliveryStatus.FAILED, type(error).__name__
    if code == 201:
        return DeliveryStatus.SENT, ""
    try:
        errors = json.loads(body).get("errors", [])
    except (ValueError, AttributeError):
        errors = []
    text = "; ".join(str(e) for e in errors) or f"HTTP {code}"
    if code == 400 and "already received" in text:
        return DeliveryStatus.SENT, text
    if code in (400, 403):
        return DeliveryStatus.REFUSED, text
    return DeliveryStatus.FAILED, text


def remote_hubs_due(today: dt.date) -> list[tuple[int, int, dt.date, dt.date]]:
    """``(hub id, organisation id, start, end)`` for each active remote hub still owed the
    last complete quarter. Cross-organisation: run by the maintenance worker."""
    from heard.reporting.periods import previous_quarter

    from .models import DeliveryStatus, RemoteHub

    period = previous_quarter(today)
    return [
        (hub.pk, hub.organisation_id, period.start, period.end)
        for hub in RemoteHub.objects.filter(active=True).exclude(
            deliveries__period_start=period.start, deliveries__status=DeliveryStatus.SENT
        )
    ]


# --- an admin manages the remote hubs (no shell needed) --------------------------------------

REMOTE_HUB_FIELDS = ("name", "url", "active")


def remote_hub_url_allowed(url: str) -> bool:
    """https always; plain http only with DEBUG on or ``HEARD_REMOTE_HUB_ALLOW_HTTP`` (tests):
    the network token travels with every file."""
    from django.conf import settings

    if url.lower().startswith("https://"):
        return True
    allow_http = settings.DEBUG or getattr(settings, "HEARD_REMOTE_HUB_ALLOW_HTTP", False)
    return allow_http and url.lower().startswith("http://")


def _remote_hub_check(hub) -> None:
    from .models import RemoteHub

    errors = {}
    try:
        hub.full_clean(exclude=["organisation"])
    except ValidationError as error:
        errors.update(error.message_dict)
    if "url" not in errors and not remote_hub_url_allowed(hub.url):
        errors["url"] = [_("Enter an address that starts with https://")]
    duplicate = (
        RemoteHub.objects.filter(organisation=hub.organisation, url=hub.url)
        .exclude(pk=hub.pk)
        .exists()
    )
    if "url" not in errors and duplicate:
        errors["url"] = [_("Your organisation already sends figures to this address")]
    if errors:
        raise ValidationError(errors)


def remote_hub_create(
    *, acting: Membership, name: str, url: str, token: str, active: bool = True, request=None
):
    """Add a hub on another installation that this organisation sends its figures to."""
    from .models import RemoteHub

    hub = RemoteHub(
        organisation=acting.organisation, name=name, url=url, token=token, active=active
    )
    with transaction.atomic():
        _remote_hub_check(hub)
        hub.save()
        # The token is a secret: the audit trail says one was saved, never what it is.
        _audit(
            "network.remote_hub_added",
            acting=acting,
            target=hub,
            details={"url": hub.url, "active": hub.active},
            request=request,
        )
    return hub


def remote_hub_update(
    *,
    acting: Membership,
    hub,
    name: str,
    url: str,
    active: bool,
    token: str = "",
    request=None,
):
    """Change a remote hub. A blank ``token`` keeps the saved one (it is never shown again)."""
    before = {field: getattr(hub, field) for field in REMOTE_HUB_FIELDS}
    hub.name, hub.url, hub.active = name, url, active
    token_replaced = bool(token) and token != hub.token
    if token:
        hub.token = token
    changes = {
        field: [before[field], getattr(hub, field)]
        for field in REMOTE_HUB_FIELDS
        if before[field] != getattr(hub, field)
    }
    if token_replaced:
        changes["token"] = ["(saved)", "(replaced)"]
    with transaction.atomic():
        _remote_hub_check(hub)
        hub.save()
        if changes:
            audit_record(
                "network.remote_hub_changed",
                organisation=acting.organisation,
                actor=acting.user,
                target=hub,
                changes=changes,
                request=request,
            )
    return hub


def remote_hub_delete(*, acting: Membership, hub, request=None) -> None:
    """Stop sending to a hub: the hub and its record of deliveries go; the audit trail stays."""
    with transaction.atomic():
        _audit(
            "network.remote_hub_removed",
            acting=acting,
            target=hub,
            details={"url": hub.url, "deliveries": hub.deliveries.count()},
            request=request,
        )
        hub.delete()


def remote_hub_send_now(*, acting: Membership, hub, today: dt.date | None = None, request=None):
    """Queue the last complete quarter's figures for this hub as a background task, now
    rather than at the next daily run. Returns the period queued."""
    from heard.reporting.periods import previous_quarter

    if not hub.active:
        raise ValidationError(
            _("Sending to this hub is paused. Change it to send figures each quarter first.")
        )
    period = previous_quarter(today or timezone.localdate())
    _audit(
        "network.remote_hub_send_requested",
        acting=acting,
        target=hub,
        details={"start": period.start.isoformat(), "end": period.end.isoformat()},
        request=request,
    )
    from .tasks import send_figures_to_hub

    hub_id, organisation_id = hub.pk, hub.organisation_id
    start, end = period.start.isoformat(), period.end.isoformat()
    transaction.on_commit(
        lambda: send_figures_to_hub.enqueue(hub_id, start, end, organisation_id=organisation_id)
    )
    return period
