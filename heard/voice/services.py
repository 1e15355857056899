"""Writes for voice and co-production. Every change is audited; anonymous feedback is audited
with ``audit_record_anonymous`` and the month only (ADR-0020)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from heard.audit.services import audit_record, audit_record_anonymous, diff, snapshot
from heard.casework.models import Status
from heard.core import rate_limit

from .models import (
    DIMENSION_FIELDS,
    QUESTION_FIELDS,
    Channel,
    EngagementSession,
    FeedbackInvitation,
    FeedbackResponse,
    Involvement,
    SelfAssessment,
    SessionTheme,
    YouSaidWeDid,
)

INVITATION_DAYS = 60


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(day: dt.date) -> dt.date:
    following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


# --- The public form's draft (in the session, never in the database) ---------------------

DRAFT_PREFIX = "heard_feedback_draft"
DONE_PREFIX = "heard_feedback_done"


def _draft_key(organisation) -> str:
    return f"{DRAFT_PREFIX}:{organisation.pk}"


def load_draft(session, organisation) -> dict:
    """The answers so far, or a fresh draft with a new one-time submission token."""
    draft = session.get(_draft_key(organisation))
    if not isinstance(draft, dict) or not draft.get("token"):
        draft = {"token": uuid.uuid4().hex, "answers": {}}
    draft.setdefault("answers", {})
    return draft


def save_draft(session, organisation, draft: dict) -> None:
    session[_draft_key(organisation)] = draft
    session.modified = True


def clear_draft(session, organisation) -> None:
    session.pop(_draft_key(organisation), None)
    session.modified = True


def remember_done(session, organisation, token: str) -> None:
    """The confirmation page needs to know only that something was sent."""
    session[f"{DONE_PREFIX}:{organisation.pk}"] = digest(token)
    session.modified = True


def is_done(session, organisation) -> bool:
    return bool(session.get(f"{DONE_PREFIX}:{organisation.pk}"))


# --- Rate limiting (heard.core.rate_limit: the client address is stored only hashed) -------

RATE_LIMIT = 10
RATE_WINDOW_SECONDS = 60 * 60


def take_submission_place(organisation, ip: str | None) -> bool:
    """Count new feedback from this address, unless it has sent ``RATE_LIMIT`` this hour:
    False when it has (the check and the count are one statement)."""
    return rate_limit.take(
        rate_limit.rate_key("feedback", organisation, ip), RATE_LIMIT, RATE_WINDOW_SECONDS
    )


# --- Personal links ------------------------------------------------------------------------


def feedback_link_offer(*, case, acting_user, request=None, now=None) -> tuple[str, dt.datetime]:
    """Make a single-use link for a closed case. Returns the raw token (shown once) and expiry.

    The token is random: the link names no person, case or organisation record.
    """
    if case.status != Status.CLOSED:
        raise ValidationError(_("Offer a feedback link when the case is closed"))
    now = now or timezone.now()
    token = secrets.token_urlsafe(24)
    expires_at = now + dt.timedelta(days=INVITATION_DAYS)
    with transaction.atomic():
        FeedbackInvitation.objects.filter(
            organisation=case.organisation, expires_at__lt=now
        ).delete()
        FeedbackInvitation.objects.create(
            organisation=case.organisation,
            token_hash=digest(token),
            case=case,
            service=case.service,
            expires_at=expires_at,
            offered_by=acting_user,
        )
        audit_record(
            "voice.feedback_link_offered",
            organisation=case.organisation,
            actor=acting_user,
            target=case,
            details={"expires_on": timezone.localdate(expires_at).isoformat()},
            request=request,
        )
    return token, expires_at


def invitation_for(token: str, *, now=None) -> FeedbackInvitation | None:
    """The live invitation for a raw token, or None when unknown, used or expired."""
    if not token or len(token) > 100:
        return None
    now = now or timezone.now()
    return (
        FeedbackInvitation.objects.select_related("organisation", "service")
        .filter(token_hash=digest(token), expires_at__gte=now)
        .first()
    )


# --- Submitting feedback ---------------------------------------------------------------------


def find_by_token(token: str) -> FeedbackResponse | None:
    if not token:
        return None
    return FeedbackResponse.objects.filter(submission_key=digest(token)).first()


def feedback_submit(
    *,
    organisation,
    token: str,
    answers: dict,
    form_version: str,
    invitation_id: int | None = None,
    service=None,
    today: dt.date | None = None,
    channel: str | None = None,
) -> tuple[FeedbackResponse, bool]:
    """Store one response, or find the one already stored with this token.

    A personal link's invitation is consumed (deleted) in the same transaction. When the
    person chose anonymity, or the link has expired or been used meanwhile, the response
    keeps no case. Nothing is lost: an expired link's feedback is still stored, anonymously.
    """
    existing = find_by_token(token)
    if existing is not None:
        return existing, False
    today = today or timezone.localdate()
    wants_to_be_known = answers.get("anonymous") == "no"
    try:
        with transaction.atomic():
            invitation = None
            if invitation_id is not None:
                invitation = (
                    FeedbackInvitation.objects.select_for_update()
                    .filter(
                        pk=invitation_id,
                        organisation=organisation,
                        expires_at__gte=timezone.now(),
                    )
                    .first()
                )
            if invitation is not None:
                service = invitation.service
            case = invitation.case if invitation is not None and wants_to_be_known else None
            response = FeedbackResponse(
                organisation=organisation,
                service=service,
                month=month_of(today),
                form_version=form_version,
                channel=channel or (Channel.PERSONAL_LINK if invitation else Channel.GENERAL_LINK),
                own_words=(answers.get("own_words") or "").strip(),
                may_quote=answers.get("may_quote") == "yes"
                and bool((answers.get("own_words") or "").strip()),
                with_supporter=answers.get("helped") == "yes",
                supporter_role=answers.get("supporter_role", "")
                if answers.get("helped") == "yes"
                else "",
                is_anonymous=case is None,
                case=case,
                submission_key=digest(token),
                **{field: answers.get(field, "") for field in QUESTION_FIELDS},
            )
            # Uniqueness is left to the database: a concurrent twin raises IntegrityError below.
            response.full_clean(validate_unique=False, validate_constraints=False)
            response.save()
            if invitation is not None:
                invitation.delete()
            if response.is_anonymous:
                # Dated the month's last day: it joins the trail after the month ends, shuffled
                # among that month's other anonymous events, so neither its date nor its place
                # in the trail says more than the month (ADR-0020).
                audit_record_anonymous(
                    "voice.feedback_received",
                    organisation=organisation,
                    target=response,
                    day=month_end(response.month),
                )
            else:
                audit_record(
                    "voice.feedback_received",
                    organisation=organisation,
                    system_actor="public",
                    target=response,
                    details={"case": case.reference},
                    record_ip=False,
                )
    except IntegrityError:
        # The same token submitted twice at once: the other one won.
        existing = find_by_token(token)
        if existing is None:
            raise
        return existing, False
    return response, True


def feedback_results_viewed(*, organisation, actor, request=None, details=None) -> None:
    audit_record(
        "voice.feedback_viewed",
        organisation=organisation,
        actor=actor,
        target_label="Feedback results",
        details=details or {},
        request=request,
    )


# --- Involvement register --------------------------------------------------------------------


def _saved(instance, *, event, organisation, actor, request, before=None):
    instance.full_clean()
    instance.save()
    after = snapshot(instance)
    audit_record(
        event,
        organisation=organisation,
        actor=actor,
        target=instance,
        changes=diff(before or {}, after),
        request=request,
    )
    return instance


def involvement_record(*, organisation, acting_user, data: dict, request=None) -> Involvement:
    with transaction.atomic():
        involvement = Involvement(organisation=organisation, recorded_by=acting_user, **data)
        return _saved(
            involvement,
            event="voice.involvement_recorded",
            organisation=organisation,
            actor=acting_user,
            request=request,
        )


def involvement_update(
    *, involvement: Involvement, acting_user, data: dict, request=None
) -> Involvement:
    with transaction.atomic():
        before = snapshot(involvement)
        for name, value in data.items():
            setattr(involvement, name, value)
        return _saved(
            involvement,
            event="voice.involvement_updated",
            organisation=involvement.organisation,
            actor=acting_user,
            request=request,
            before=before,
        )


def involvement_viewed(*, involvement: Involvement, actor, request=None) -> None:
    audit_record(
        "voice.involvement_viewed",
        organisation=involvement.organisation,
        actor=actor,
        target=involvement,
        request=request,
    )


# --- Engagement sessions and themes ------------------------------------------------------------


def session_record(*, organisation, acting_user, data: dict, request=None) -> EngagementSession:
    with transaction.atomic():
        session = EngagementSession(organisation=organisation, recorded_by=acting_user, **data)
        return _saved(
            session,
            event="voice.session_recorded",
            organisation=organisation,
            actor=acting_user,
            request=request,
        )


def theme_record(
    *, session: EngagementSession, acting_user, data: dict, request=None
) -> SessionTheme:
    issue = data.get("system_issue")
    if issue is not None and issue.organisation_id != session.organisation_id:
        raise ValidationError({"system_issue": _("Select a system issue from the list")})
    with transaction.atomic():
        theme = SessionTheme(organisation=session.organisation, session=session, **data)
        return _saved(
            theme,
            event="voice.theme_recorded",
            organisation=session.organisation,
            actor=acting_user,
            request=request,
        )


# --- You said, we did ---------------------------------------------------------------------------


def you_said_we_did_record(*, organisation, acting_user, data: dict, request=None) -> YouSaidWeDid:
    theme = data.get("theme")
    if theme is not None and theme.organisation_id != organisation.pk:
        raise ValidationError({"theme": _("Select a theme from the list")})
    with transaction.atomic():
        item = YouSaidWeDid(organisation=organisation, recorded_by=acting_user, **data)
        return _saved(
            item,
            event="voice.you_said_we_did_recorded",
            organisation=organisation,
            actor=acting_user,
            request=request,
        )


def you_said_we_did_update(
    *, item: YouSaidWeDid, acting_user, data: dict, request=None
) -> YouSaidWeDid:
    with transaction.atomic():
        before = snapshot(item)
        for name, value in data.items():
            setattr(item, name, value)
        return _saved(
            item,
            event="voice.you_said_we_did_updated",
            organisation=item.organisation,
            actor=acting_user,
            request=request,
            before=before,
        )


# --- Self-assessment ------------------------------------------------------------------------------


def self_assessment_record(
    *, organisation, acting_user, data: dict, request=None
) -> SelfAssessment:
    """Record the year's self-assessment; recording a year again replaces its scores."""
    with transaction.atomic():
        assessment = SelfAssessment.objects.filter(
            organisation=organisation, year=data["year"]
        ).first()
        before = snapshot(assessment) if assessment else {}
        if assessment is None:
            assessment = SelfAssessment(organisation=organisation, recorded_by=acting_user)
        for name in (*DIMENSION_FIELDS, "year", "notes", "assessed_with"):
            if name in data:
                setattr(assessment, name, data[name])
        return _saved(
            assessment,
            event="voice.self_assessment_recorded",
            organisation=organisation,
            actor=acting_user,
            request=request,
            before=before,
        )
