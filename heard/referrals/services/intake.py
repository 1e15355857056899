"""Referral intake: the draft a referrer builds page by page, and storing the referral.

Never lose a referral (docs/referrals.md):

- the draft lives in the session, keyed per organisation, so Back, Change and a
  validation error never lose what was typed;
- ``referral_submit`` stores the referral in one transaction before anything
  else happens; emails go in ``transaction.on_commit`` and their failures are
  logged, not raised;
- a token from the form (``idempotency_key``, unique per organisation) makes a
  repeated submission — back button, double click, retry — find the original
  instead of creating a second referral, including when two arrive at once.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid

from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from heard.audit.services import audit_record
from heard.core import language, rate_limit
from heard.core.advocacy_types import Nation
from heard.core.outbox import enqueue_on_commit
from heard.core.reused_sql import reused
from heard.eligibility import InvalidAnswers, assess
from heard.organisations.models import Organisation
from heard.organisations.sequences import next_number, referral_reference
from heard.people import equality
from heard.referrals import eligibility_questions as eq
from heard.referrals import tasks
from heard.referrals.models import Referral, ReferralBasis
from heard.referrals.services import notifications

logger = logging.getLogger(__name__)

# --- The draft ----------------------------------------------------------------

DRAFT_PREFIX = "heard_referral_draft"
DONE_PREFIX = "heard_referral_done"


def draft_key(organisation: Organisation, kind: str = "full") -> str:
    return f"{DRAFT_PREFIX}:{kind}:{organisation.pk}"


def new_token() -> str:
    return uuid.uuid4().hex


def load_draft(session, organisation: Organisation, kind: str = "full") -> dict:
    """The referrer's answers so far (a fresh draft with a new token if there are none)."""
    draft = session.get(draft_key(organisation, kind))
    if not isinstance(draft, dict) or not draft.get("token"):
        draft = {"token": new_token()}
    return draft


def save_draft(session, organisation: Organisation, draft: dict, kind: str = "full") -> None:
    session[draft_key(organisation, kind)] = draft
    session.modified = True


def clear_draft(session, organisation: Organisation, kind: str = "full") -> None:
    session.pop(draft_key(organisation, kind), None)


def jsonable(cleaned: dict) -> dict:
    """Cleaned form data as the session can store it (dates as ISO strings)."""
    out = {}
    for key, value in cleaned.items():
        if isinstance(value, dt.date | dt.datetime | dt.time):
            value = value.isoformat()
        out[key] = value
    return out


def remember_done(session, organisation: Organisation, reference: str) -> None:
    """What the confirmation page shows: the reference only, nothing personal."""
    session[f"{DONE_PREFIX}:{organisation.pk}"] = reference
    session.modified = True


def done_reference(session, organisation: Organisation) -> str | None:
    return session.get(f"{DONE_PREFIX}:{organisation.pk}")


# --- Rate limiting (heard.core.rate_limit: the client address is stored only hashed) ---

RATE_LIMIT = 10
RATE_WINDOW_SECONDS = 60 * 60


def rate_key(organisation: Organisation, ip: str | None) -> str:
    return rate_limit.rate_key("referral", organisation, ip)


def take_submission_place(organisation: Organisation, ip: str | None) -> bool:
    """Count a new referral from this address, unless it has sent ``RATE_LIMIT`` this hour:
    False when it has (the check and the count are one statement)."""
    return rate_limit.take(rate_key(organisation, ip), RATE_LIMIT, RATE_WINDOW_SECONDS)


def organisation_contact(organisation: Organisation) -> dict:
    """How to reach the organisation another way (settings ``contact_phone``/``contact_email``)."""
    return {
        "phone": organisation.settings.get("contact_phone", ""),
        "email": organisation.settings.get("contact_email", ""),
    }


# --- Eligibility ----------------------------------------------------------------


def eligibility_for(
    *,
    organisation: Organisation,
    topics,
    answers: dict,
    date_of_birth: dt.date | None,
    as_of: dt.date,
) -> tuple[dict, dict]:
    """``(engine answers, engine result)`` for the referrer's plain answers."""
    engine = eq.engine_answers(
        nation=organisation.nation,
        topics=topics,
        answers=answers,
        date_of_birth=date_of_birth,
        as_of=as_of,
    )
    try:
        return engine, assess(engine)
    except InvalidAnswers:
        # Our own mapping produced them, so this is a bug: keep the referral, say so in the log.
        logger.exception("Eligibility answers from the referral form were invalid")
        return engine, {}


# --- From a draft to the referral's fields --------------------------------------


def parse_date(value) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value) if value else None


PERSON_FIELDS = (
    "first_name",
    "last_name",
    "preferred_name",
    "address",
    "postcode",
    "local_authority",
    "phone",
    "email",
)
REFERRER_FIELDS = (
    "referrer_name",
    "referrer_role",
    "referrer_organisation",
    "referrer_relationship",
    "referrer_email",
    "referrer_phone",
)


def equality_answers(answers: dict) -> dict:
    """The equality answers to store, each blank when not answered (``REFERRAL_FIELDS``)."""
    return {name: answers.get(name) or "" for name in equality.REFERRAL_FIELDS}


def mha_began_on(engine: dict, value) -> dt.date | None:
    """The day the section began, kept only when the referral says which section it is."""
    if not (engine.get("mha") or {}).get("status"):
        return None
    return parse_date(value)


def mha_hospital_nation(engine: dict, value) -> str | None:
    """Where the hospital is (England or Wales), kept only beside a section; None (the
    service's nation) when not given."""
    if not (engine.get("mha") or {}).get("status"):
        return None
    return value if value in Nation.values else None


def communication_needs(needs, interpreter_language: str = "", other: str = "") -> dict:
    return {
        "needs": list(needs or []),
        "interpreter_language": interpreter_language or "",
        "other": other or "",
    }


def referral_data_from_draft(draft: dict, organisation: Organisation, *, as_of: dt.date) -> dict:
    """The referral's fields from a complete public draft (see ``views_public.STEPS``)."""
    who = draft["who"]["who"]
    self_referral = who == "self"
    person = draft.get("person", {})
    situation = draft.get("situation", {})
    communication = draft.get("communication", {})
    date_of_birth = parse_date(person.get("date_of_birth"))
    topics = situation.get("topics") or []
    engine, result = eligibility_for(
        organisation=organisation,
        topics=topics,
        answers=draft.get("questions", {}),
        date_of_birth=date_of_birth,
        as_of=as_of,
    )
    data = {name: person.get(name) or "" for name in PERSON_FIELDS}
    data["date_of_birth"] = date_of_birth
    if not self_referral:
        referrer = draft.get("referrer", {})
        data.update({name: referrer.get(name) or "" for name in REFERRER_FIELDS})
    data.update(
        situation=situation.get("situation", ""),
        is_urgent=bool(situation.get("is_urgent")),
        urgent_reason=situation.get("urgent_reason", ""),
        risks=situation.get("risks", ""),
        communication_needs=communication_needs(
            communication.get("needs"),
            communication.get("interpreter_language"),
            communication.get("other_needs"),
        ),
        contact_preference=communication.get("contact_preference", ""),
        language_preference=communication.get("language_preference", ""),
        referrer_language=translation.get_language() or "",
        basis=ReferralBasis.SELF if self_referral else draft.get("basis", {}).get("basis", ""),
        mha_began_on=mha_began_on(engine, draft.get("questions", {}).get(eq.MHA_BEGAN_ON)),
        nation=mha_hospital_nation(engine, draft.get("questions", {}).get(eq.MHA_HOSPITAL_NATION)),
        eligibility_answers=engine,
        eligibility_result=result,
        **equality_answers(draft.get("equality", {})),
    )
    return data


def easy_read_data_from_draft(draft: dict, organisation: Organisation, *, as_of: dt.date) -> dict:
    """The referral's fields from a complete Easy Read draft."""
    name = draft.get("name", {})
    contact = draft.get("contact", {})
    details = draft.get("details", {})
    helper = draft.get("helper", {})
    engine, result = eligibility_for(
        organisation=organisation, topics=(), answers={}, date_of_birth=None, as_of=as_of
    )
    helper_name = details.get("helper_name") or helper.get("helper_name") or ""
    helper_contact = details.get("helper_contact") or helper.get("helper_contact") or ""
    return {
        "first_name": name.get("first_name", ""),
        "last_name": name.get("last_name", ""),
        "contact_preference": contact.get("contact_preference", ""),
        "phone": details.get("phone", ""),
        "email": details.get("email", ""),
        "address": details.get("address", ""),
        "postcode": details.get("postcode", ""),
        "helper_name": helper_name,
        "helper_contact": helper_contact,
        "situation": draft.get("help", {}).get("situation", ""),
        "is_urgent": bool(draft.get("urgent", {}).get("is_urgent")),
        "basis": ReferralBasis.SELF,
        "communication_needs": communication_needs(["easy_read"]),
        # The person chose the page's language when offered Welsh or English (Active Offer).
        "language_preference": (
            language.preference_for(translation.get_language())
            if organisation.nation == Nation.WALES
            else ""
        ),
        "referrer_language": translation.get_language() or "",
        "eligibility_answers": engine,
        "eligibility_result": result,
        **equality_answers(draft.get("equality", {})),
    }


def staff_referral_data(form, organisation: Organisation) -> dict:
    """The referral's fields from a valid ``StaffReferralForm``."""
    cleaned = form.cleaned_data
    answers = form.answers()
    received_on = timezone.localtime(cleaned["received_at"]).date()
    engine, result = eligibility_for(
        organisation=organisation,
        topics=eq.effective_topics(cleaned.get("topics") or [], answers),
        answers=answers,
        date_of_birth=cleaned.get("date_of_birth"),
        as_of=received_on,
    )
    data = {name: cleaned.get(name) or "" for name in PERSON_FIELDS}
    data["date_of_birth"] = cleaned.get("date_of_birth")
    if cleaned["who"] != "self":
        data.update({name: cleaned.get(name) or "" for name in REFERRER_FIELDS})
    data.update(
        situation=cleaned["situation"],
        requested_types=list(cleaned.get("requested_types") or []),
        is_urgent=bool(cleaned.get("is_urgent")),
        urgent_reason=cleaned.get("urgent_reason", ""),
        risks=cleaned.get("risks", ""),
        communication_needs=communication_needs(
            cleaned.get("needs"), cleaned.get("interpreter_language"), cleaned.get("other_needs")
        ),
        contact_preference=cleaned.get("contact_preference") or "",
        language_preference=cleaned.get("language_preference") or "",
        basis=cleaned["basis"],
        mha_began_on=mha_began_on(engine, cleaned.get(eq.MHA_BEGAN_ON)),
        nation=mha_hospital_nation(engine, cleaned.get(eq.MHA_HOSPITAL_NATION)),
        eligibility_answers=engine,
        eligibility_result=result,
        **equality_answers(cleaned),
    )
    return data


# --- The service ----------------------------------------------------------------


def find_by_token(organisation: Organisation, token: str) -> Referral | None:
    if not token:
        return None
    return Referral.objects.filter(organisation=organisation, idempotency_key=token).first()


def reference_for_token(organisation: Organisation, token: str) -> str | None:
    """The reference of the referral already stored with this key (a back button, double
    click or retry), or None: one column by the unique key, for the public form's check."""
    if not token:
        return None
    found = (
        reused(Referral.objects.filter(organisation=organisation, idempotency_key=token))
        .order_by()
        .values_list("reference", flat=True)[:1]
    )
    return next(iter(found), None)


def next_referral_reference(organisation: Organisation, received_at: dt.datetime) -> str:
    """``RIA-<year received>-<number>``: the organisation's own prefix, so references never
    repeat across organisations, and a number that never repeats within one."""
    number = next_number(organisation, "referral_sequence")
    return referral_reference(organisation, timezone.localtime(received_at).year, number)


def referral_submit(
    *,
    organisation: Organisation,
    idempotency_key: str,
    source: str,
    data: dict,
    received_at: dt.datetime | None = None,
    acting_user=None,
    request=None,
    suspected_spam: bool = False,
    base_url: str = "",
    key_checked: bool = False,
) -> tuple[Referral, bool]:
    """Store a referral, or find the one already stored with this key.

    Returns ``(referral, created)``. The referral is committed before any
    email is attempted. ``key_checked``: the caller has just looked the key up and found
    nothing (the public form does, before its draft checks), so it is not looked up twice;
    a submission racing it with the same key is still caught by the unique constraint. Public submissions are audited under the "public"
    system actor without the client address (data minimisation).
    """
    if not key_checked:
        existing = find_by_token(organisation, idempotency_key)
        if existing is not None:
            return existing, False
    received_at = received_at or timezone.now()
    referral = Referral(
        organisation=organisation,
        idempotency_key=idempotency_key,
        source=source,
        received_at=received_at,
        entered_by=acting_user,
        is_suspected_spam=suspected_spam,
        **data,
    )
    # The organisation and the staff member are instances already loaded: no query to
    # check they exist; the reference comes below, once everything else is valid.
    referral.full_clean(
        exclude=["organisation", "entered_by", "reference"], validate_constraints=False
    )
    try:
        with transaction.atomic():
            # The number locks the organisation's counter until the commit, so it is taken
            # last: only the inserts and the commit run while other submissions wait.
            referral.reference = next_referral_reference(organisation, received_at)
            referral.save()
            details = {"source": source}
            if suspected_spam:
                details["suspected_spam"] = True
            audit_record(
                "referral.received",
                organisation=organisation,
                actor=acting_user,
                system_actor=None if acting_user else "public",
                target=referral,
                details=details,
                request=request,
                record_ip=acting_user is not None,
            )
            # Its emails are owed; a task to send them is queued unless one already is, and
            # commits with the referral (the queue's row is in this transaction).
            if notifications.owe(referral, base_url):
                enqueue_on_commit(
                    tasks.send_owed_referral_notifications, organisation_id=organisation.pk
                )
    except IntegrityError:
        # Two submissions with the same key at once: the other one won. Show it.
        existing = find_by_token(organisation, idempotency_key)
        if existing is None:
            raise
        return existing, False
    return referral, True


def referral_record_view(
    *, referral: Referral, acting_user, what: str = "record", request=None
) -> None:
    """Audit that ``acting_user`` looked at ``referral`` (an access event): ``what`` says
    where ("record" for its page, "received" straight after entry, "api")."""
    audit_record(
        "referral.viewed",
        organisation=referral.organisation,
        actor=acting_user,
        target=referral,
        details={"what": what, "path": request.path if request else ""},
        request=request,
    )
