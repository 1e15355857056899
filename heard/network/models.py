"""The network hub: networks of organisations, their agreement, forum, surveys and figures.

A network is not owned by one organisation. Its rows are reached through
``heard.network.access`` (the second tenancy axis, ADR-0040): a coordinator of a
network, or staff of an organisation that is an active member of it. Nothing here
points at a person or a case: what leaves a member is aggregate, suppressed and signed.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from heard.core.models import OrganisationOwned


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Network(models.Model):
    """A network of advocacy organisations, such as a national leaders' network."""

    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    code_of_conduct = models.TextField(
        default=(
            "Be kind and respectful. Share practice, not people: never post anything that "
            "could identify a person you support. Respect confidentiality and independence. "
            "Moderators may hide or edit posts and suspend members who break these rules."
        )
    )
    code_of_conduct_version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class NetworkCoordinator(models.Model):
    """A staff membership (role "network coordinator") that runs a network."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="coordinators")
    membership = models.ForeignKey(
        "organisations.Membership", on_delete=models.CASCADE, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["network", "membership"], name="network_coordinator_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.membership} coordinates {self.network}"


class MemberStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    ACTIVE = "active", _("Member")
    DECLINED = "declined", _("Declined")
    LEFT = "left", _("Left")


class NetworkMember(models.Model):
    """An organisation's place in a network: invited by a coordinator, accepted by its admin."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="network_places"
    )
    status = models.CharField(
        max_length=10, choices=MemberStatus.choices, default=MemberStatus.INVITED
    )
    region = models.CharField(max_length=60, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_at = models.DateTimeField(auto_now_add=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    # The member's Ed25519 public key (base64 of the 32 raw bytes), for verifying its figures.
    public_key = models.CharField(max_length=64, blank=True)
    # SHA-256 of the token the member's own installation sends its figures with.
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        ordering = ["organisation__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["network", "organisation"], name="network_member_once")
        ]
        indexes = [models.Index(fields=["organisation", "status"], name="network_member_org_idx")]

    def __str__(self) -> str:
        return self.organisation.name


class DataSharingAgreement(models.Model):
    """One published version of the network's data-sharing agreement."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="agreements")
    version = models.PositiveIntegerField()
    text = models.TextField()
    summary_of_changes = models.TextField(blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["network", "version"], name="agreement_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.network} agreement, version {self.version}"


class AgreementAcceptance(models.Model):
    """A member's admin accepted one version of the agreement."""

    member = models.ForeignKey(NetworkMember, on_delete=models.CASCADE, related_name="acceptances")
    agreement = models.ForeignKey(
        DataSharingAgreement, on_delete=models.CASCADE, related_name="acceptances"
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "agreement"], name="agreement_accepted_once")
        ]

    def __str__(self) -> str:
        return f"{self.member} accepted version {self.agreement.version}"


class Notification(models.Model):
    """A note to one user about something new in a network (a reply, a resource, a survey)."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="notifications")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="network_notifications"
    )
    message = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="network_notification_idx")]

    def __str__(self) -> str:
        return self.message


# --- The peer-support forum ---------------------------------------------------------------


class CodeOfConductAcceptance(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    version = models.PositiveIntegerField()
    accepted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["network", "user", "version"], name="conduct_accepted_once"
            )
        ]

    def __str__(self) -> str:
        return f"Code of conduct version {self.version} accepted"


class ForumTopic(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="topics")
    title = models.CharField(max_length=120)
    description = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title


class ForumThread(models.Model):
    topic = models.ForeignKey(ForumTopic, on_delete=models.CASCADE, related_name="threads")
    title = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)
    last_post_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-last_post_at", "-id"]
        indexes = [models.Index(fields=["topic", "-last_post_at"], name="forum_thread_recent_idx")]

    def __str__(self) -> str:
        return self.title


class ForumPost(models.Model):
    """One post. ``anonymous`` hides the author from other members, never from moderators."""

    thread = models.ForeignKey(ForumThread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        "organisations.Membership", on_delete=models.PROTECT, related_name="+"
    )
    body = models.TextField()
    anonymous = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.CharField(max_length=300, blank=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    edit_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Post {self.pk} in {self.thread}"


class ForumReport(models.Model):
    """A member reporting a post to the moderators."""

    post = models.ForeignKey(ForumPost, on_delete=models.CASCADE, related_name="reports")
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Report on {self.post}"


class ForumSuspension(models.Model):
    """A user may not post in a network's forum until ``until`` (or ever, when empty)."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="suspensions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=300)
    until = models.DateField(null=True, blank=True)
    suspended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    lifted_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Suspension in {self.network}"


# --- Network surveys of advocates ---------------------------------------------------------


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Survey(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="surveys")
    title = models.CharField(max_length=200)
    title_cy = models.CharField(_("title in Welsh"), max_length=200, blank=True)
    introduction = models.TextField(blank=True)
    introduction_easy_read = models.TextField(blank=True)
    introduction_cy = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT
    )
    report_published_at = models.DateTimeField(null=True, blank=True)
    report_summary = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    SCALE = "scale", _("Scale (1 to 5)")
    TEXT = "text", _("Free text")


SCALE_POINTS = ["1", "2", "3", "4", "5"]


class SurveyQuestion(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=10, choices=QuestionKind.choices)
    text = models.CharField(max_length=300)
    text_easy_read = models.CharField(max_length=300, blank=True)
    text_cy = models.CharField(max_length=300, blank=True)
    choices = models.JSONField(default=list, blank=True)
    required = models.BooleanField(default=False)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text

    def options(self) -> list[str]:
        return SCALE_POINTS if self.kind == QuestionKind.SCALE else list(self.choices)


class SurveyLink(models.Model):
    """The link one member organisation passes on to its advocates."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="links")
    member = models.ForeignKey(NetworkMember, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True, default=new_token)

    class Meta:
        ordering = ["member__organisation__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "member"], name="survey_link_once")
        ]

    def __str__(self) -> str:
        return f"{self.survey} link for {self.member}"


class SurveyResponse(models.Model):
    """One anonymous response: no user, no time. The organisation and month only with consent."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    month = models.DateField(null=True, blank=True)
    answers = models.JSONField(default=dict)

    class Meta:
        indexes = [models.Index(fields=["survey"], name="survey_response_idx")]

    def __str__(self) -> str:
        return f"Response to {self.survey}"


# --- Figures from members: signed, suppressed aggregates ----------------------------------


class SigningKey(OrganisationOwned):
    """The organisation's own Ed25519 key for signing the figures it shares (ADR-0041)."""

    private_key = models.CharField(max_length=64)
    public_key = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation"], name="one_signing_key_each")
        ]

    def __str__(self) -> str:
        return f"Signing key of {self.organisation}"


class AggregateSnapshot(models.Model):
    """A member's figures for one period, stored exactly as the hub received them."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="snapshots")
    member = models.ForeignKey(NetworkMember, on_delete=models.CASCADE, related_name="snapshots")
    period_start = models.DateField()
    period_end = models.DateField()
    definitions_version = models.CharField(max_length=20)
    payload = models.TextField(help_text="The signed JSON document, byte for byte.")
    figures = models.JSONField(default=dict)
    # Copied from the payload when imported, so the picture's nation scope never parses
    # the 27,000-byte signed document (network 0004 filled it for earlier snapshots). The
    # database default lets a raw INSERT (a restore, a row-security test) leave it out.
    nation = models.CharField(max_length=10, blank=True, default="", db_default="")
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period_start", "member__organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "period_start", "period_end"], name="snapshot_per_period"
            )
        ]
        indexes = [models.Index(fields=["network", "period_start"], name="snapshot_period_idx")]

    def __str__(self) -> str:
        return f"{self.member} figures {self.period_start} to {self.period_end}"


# --- The resource library -----------------------------------------------------------------


class ResourceKind(models.TextChoices):
    MYTHBUSTER = "mythbuster", _("Mythbuster")
    EASY_READ_GUIDE = "easy_read_guide", _("Easy Read guide")
    TEMPLATE = "template", _("Template")
    POLICY_BRIEFING = "policy_briefing", _("Policy briefing")
    LEGISLATION_UPDATE = "legislation_update", _("Legislation update")
    OTHER = "other", _("Other")


class ResourceAudience(models.TextChoices):
    ADVOCATES = "advocates", _("Advocates")
    MANAGERS = "managers", _("Managers and leaders")
    PEOPLE = "people", _("People who use advocacy and their families")
    PROFESSIONALS = "professionals", _("Other professionals")


class ResourceNation(models.TextChoices):
    BOTH = "both", _("England and Wales")
    ENGLAND = "england", _("England")
    WALES = "wales", _("Wales")


class ResourceLanguage(models.TextChoices):
    ENGLISH = "en", _("English")
    WELSH = "cy", _("Welsh")
    BOTH = "both", _("English and Welsh")


class ResourceStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Resource(models.Model):
    """A shared resource: any member may propose one, coordinators publish it."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="resources")
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    kind = models.CharField(max_length=30, choices=ResourceKind.choices)
    tags = models.JSONField(default=list, blank=True)
    audience = models.CharField(max_length=20, choices=ResourceAudience.choices)
    nation = models.CharField(
        max_length=10, choices=ResourceNation.choices, default=ResourceNation.BOTH
    )
    language = models.CharField(
        max_length=5, choices=ResourceLanguage.choices, default=ResourceLanguage.ENGLISH
    )
    easy_read = models.BooleanField(default=False)
    status = models.CharField(
        max_length=10, choices=ResourceStatus.choices, default=ResourceStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(
        "organisations.Membership", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    last_checked_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "id"]
        indexes = [
            models.Index(fields=["network", "status", "kind"], name="resource_list_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class ResourceVersion(models.Model):
    """One uploaded file of a resource; the newest is the current one."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    file = models.FileField(max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    note = models.CharField(max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["resource", "number"], name="resource_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.resource} version {self.number}"


# --- Sending figures to a hub on another installation -------------------------------------


class RemoteHub(OrganisationOwned):
    """A network hub run on another Heard that this organisation sends its figures to.

    The hub's coordinator registers this organisation's public key and issues a network
    token (shown once); the token is kept here because it is sent with every delivery.
    Each quarter, once it has ended, the scheduler sends the signed figures (ADR-0041).
    """

    name = models.CharField(max_length=200)
    url = models.URLField(help_text="The hub's figures address, ending /api/v1/network/figures/")
    token = models.CharField(max_length=200)
    active = models.BooleanField(default=True)

    def __str__(self) -> str:
        return self.name


class DeliveryStatus(models.TextChoices):
    SENT = "sent", _("Received by the hub")
    REFUSED = "refused", _("Refused by the hub")
    FAILED = "failed", _("Could not reach the hub")


class RemoteHubDelivery(OrganisationOwned):
    """One attempt to send one period's signed figures to a remote hub, and its answer."""

    hub = models.ForeignKey(RemoteHub, on_delete=models.CASCADE, related_name="deliveries")
    period_start = models.DateField()
    period_end = models.DateField()
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices)
    message = models.CharField(max_length=500, blank=True)
    attempted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-attempted_at", "-id"]
        indexes = [
            models.Index(
                fields=["organisation", "hub", "period_start", "status"],
                name="remote_delivery_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.hub} {self.period_start}–{self.period_end}: {self.status}"
