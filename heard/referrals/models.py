"""Referrals: a request for advocacy, stored before anything else happens.

A referral keeps what the referrer told us as they told it (the person's
details are copied into a ``Person`` only when a manager accepts it at triage),
plus the eligibility engine's answer at the time, with its rules version.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from heard.core.advocacy_types import Nation
from heard.core.language import LanguagePreference
from heard.core.models import OrganisationOwned
from heard.people import equality


class CommunicationNeed(models.TextChoices):
    """The one vocabulary of communication needs, from the referral form to the person.

    A referral stores ``{"needs": [codes], "interpreter_language": "...", "other": "..."}``
    (``communication_needs``); accepting it sets the person's field for each code.
    """

    EASY_READ = "easy_read", _("Easy Read")
    BSL = "bsl", _("British Sign Language (BSL)")
    INTERPRETER = "interpreter", _("A spoken language interpreter")
    LARGE_PRINT = "large_print", _("Large print")
    HEARING_LOOP = "hearing_loop", _("A hearing loop")


#: The ``Person`` field each need sets when a referral is accepted. A hearing loop has no
#: field of its own and is added to the person's other communication needs instead.
NEED_PERSON_FIELDS = {
    CommunicationNeed.EASY_READ: "needs_easy_read",
    CommunicationNeed.BSL: "needs_bsl",
    CommunicationNeed.INTERPRETER: "needs_interpreter",
    CommunicationNeed.LARGE_PRINT: "needs_large_print",
}


class Source(models.TextChoices):
    PUBLIC_PROFESSIONAL = "public_professional", "Web form: professional"
    PUBLIC_FAMILY = "public_family", "Web form: family member or friend"
    PUBLIC_SELF = "public_self", "Web form: self-referral"
    EASY_READ = "easy_read", "Easy Read self-referral"
    PHONE = "phone", "Phone call"
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter"
    IN_PERSON = "in_person", "In person"


PUBLIC_SOURCES = {
    Source.PUBLIC_PROFESSIONAL,
    Source.PUBLIC_FAMILY,
    Source.PUBLIC_SELF,
    Source.EASY_READ,
}


class ReferralStatus(models.TextChoices):
    NEW = "new", "New"
    AWAITING_INFORMATION = "awaiting_information", "Awaiting information"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    SIGNPOSTED = "signposted", "Signposted"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ContactPreference(models.TextChoices):
    PHONE = "phone", "Phone call"
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter"
    VIA_HELPER = "via_helper", "Through someone who helps them"


class ReferralBasis(models.TextChoices):
    CONSENT = "consent", _("The person agrees to the referral")
    BEST_INTERESTS = (
        "best_interests",
        _("The person lacks capacity to agree, and it is in their best interests"),
    )
    STATUTORY_DUTY = "statutory_duty", _("A statutory duty to refer applies")
    SELF = "self", _("The person is referring themselves")


class Referral(OrganisationOwned):
    reference = models.CharField(max_length=20, editable=False)
    # A token from the form's hidden field: a repeat submission finds the original.
    idempotency_key = models.CharField(max_length=64)
    source = models.CharField(max_length=30, choices=Source.choices)
    status = models.CharField(
        max_length=30, choices=ReferralStatus.choices, default=ReferralStatus.NEW
    )
    received_at = models.DateTimeField()
    # The referrer (blank for a self-referral)
    referrer_name = models.CharField(max_length=200, blank=True)
    referrer_role = models.CharField(max_length=200, blank=True)
    referrer_organisation = models.CharField(max_length=200, blank=True)
    referrer_email = models.EmailField(blank=True)
    referrer_phone = models.CharField(max_length=30, blank=True)
    referrer_relationship = models.CharField(max_length=100, blank=True)
    # The person, as the referrer described them
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100, blank=True)
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    local_authority = models.CharField(max_length=9, blank=True)
    communication_needs = models.JSONField(default=dict, blank=True)
    contact_preference = models.CharField(
        max_length=20, choices=ContactPreference.choices, blank=True
    )
    # Someone helping the person ask (Easy Read), or the go-between for contact.
    helper_name = models.CharField(max_length=200, blank=True)
    helper_contact = models.CharField(
        max_length=200, blank=True, help_text="The helper's phone number or email address"
    )
    # The situation
    eligibility_answers = models.JSONField(default=dict, blank=True)
    eligibility_result = models.JSONField(default=dict, blank=True)
    requested_types = models.JSONField(
        default=list, blank=True, help_text="Advocacy type codes asked for"
    )
    situation = models.TextField(blank=True, help_text="What is happening, in the referrer's words")
    is_urgent = models.BooleanField(default=False)
    urgent_reason = models.TextField(blank=True)
    basis = models.CharField(max_length=30, choices=ReferralBasis.choices, blank=True)
    # The person's language (Welsh, English or both), and the language the referrer used:
    # the acknowledgement goes to each in theirs (docs/welsh.md).
    language_preference = models.CharField(
        max_length=10, choices=LanguagePreference.choices, blank=True
    )
    referrer_language = models.CharField(max_length=5, blank=True)
    nation = models.CharField(
        max_length=10,
        choices=Nation.choices,
        null=True,
        blank=True,
        help_text="Where the person is (for IMHA, the hospital), when not the service's nation.",
    )
    risks = models.TextField(
        blank=True, help_text="Anything an advocate should know to visit safely"
    )
    # Equality monitoring, optional (``equality.REFERRAL_FIELDS``): so the reports can say who
    # is referred and who is declined. Copied to the person's blank fields on acceptance.
    ethnicity = equality.answer_field("ethnicity")
    sex = equality.answer_field("sex")
    disability = equality.answer_field("disability")
    religion = equality.answer_field("religion")
    # The day the Mental Health Act section or order began (admission or detention), as the
    # referrer gave it: an IMHA case opens with it, so its statutory deadlines follow.
    mha_began_on = models.DateField(null=True, blank=True)
    # Set at triage
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="referrals"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    chase_on = models.DateField(null=True, blank=True)
    # The honeypot was filled in and a person then confirmed (docs/referrals.md).
    is_suspected_spam = models.BooleanField(default=False)

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"], name="referral_reference_unique_per_org"
            ),
            models.UniqueConstraint(
                fields=["organisation", "idempotency_key"],
                name="referral_idempotency_key_unique_per_org",
            ),
        ]
        indexes = [
            # The referrals list's orders, each ending in id so a keyset page (ADR-0052) is
            # one index range: every referral or one status newest first, and the triage
            # queue (new and awaiting information, a small part of years of referrals)
            # oldest first.
            models.Index(
                fields=["organisation", "status", "received_at", "id"],
                name="referral_list_status_idx",
            ),
            models.Index(fields=["organisation", "received_at", "id"], name="referral_list_idx"),
            models.Index(
                fields=["organisation", "received_at", "id"],
                condition=models.Q(status__in=["new", "awaiting_information"]),
                name="referral_queue_idx",
            ),
            models.Index(fields=["organisation", "date_of_birth"], name="referral_dob_idx"),
            models.Index(fields=["organisation", "chase_on"], name="referral_chase_idx"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def person_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class OwedEmails(models.Model):
    """A stored referral whose acknowledgement and notice to its organisation are not sent
    yet: the worker sends them in batches and deletes these rows in the same commit
    (``services.notifications``, ADR-0059). A narrow table of its own, so the referral's
    wide row and its indexes are not rewritten once more for each one."""

    referral = models.OneToOneField(
        Referral, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+", db_index=False
    )

    class Meta:
        # The batches' read: an organisation's, oldest first.
        indexes = [models.Index(fields=["organisation", "referral"], name="owed_emails_idx")]

    def __str__(self) -> str:
        return f"Emails owed for referral {self.referral_id}"


class EmailsQueued(models.Model):
    """A worker task is queued to send an organisation's owed emails: one row at most an
    organisation, so a busy public form queues one task for many referrals rather than one
    each (``services.notifications.owe``, ADR-0059)."""

    organisation = models.OneToOneField(
        "organisations.Organisation", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    # The site's address as the referral that queued the task reached it, for staff links.
    base_url = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return f"Emails queued for organisation {self.organisation_id}"


class Decision(models.TextChoices):
    ACCEPT = "accept", "Accept"
    DECLINE = "decline", "Decline"
    SIGNPOST = "signpost", "Signpost"
    AWAIT_INFORMATION = "await_information", "Await information"
    WITHDRAW = "withdraw", "Withdrawn before a decision"


class DeclineReason(models.TextChoices):
    NOT_ELIGIBLE = "not_eligible", "Not eligible for advocacy we provide"
    OUT_OF_AREA = "out_of_area", "Lives outside the areas we cover"
    NO_CONSENT = "no_consent", "The person does not want advocacy"
    DUPLICATE = "duplicate", "Duplicate of another referral"
    ALREADY_SUPPORTED = "already_supported", "Already has an advocate"
    NO_LONGER_NEEDED = "no_longer_needed", "Advocacy no longer needed"
    OTHER = "other", "Other"


class TriageDecision(models.Model):
    """One immutable triage decision; the referral's status follows the latest."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="decisions")
    decision = models.CharField(max_length=30, choices=Decision.choices)
    decline_reason = models.CharField(max_length=30, choices=DeclineReason.choices, blank=True)
    signposted_to = models.CharField(max_length=200, blank=True)
    chase_on = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)
    case = models.ForeignKey(
        "casework.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField()

    class Meta:
        ordering = ["decided_at", "id"]

    def __str__(self) -> str:
        return f"{self.referral}: {self.get_decision_display()}"
