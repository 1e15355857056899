"""Voice and co-production: feedback from people who used advocacy, the involvement register,
engagement sessions and their themes, "you said, we did", and the co-production
self-assessment (docs/voice.md).

Anonymity (ADR-0020): an anonymous ``FeedbackResponse`` holds its organisation, service
(if known), the month and the answers. It has no timestamp, no sequential id, no link to
a person, case, invitation or user, and it is audited with the month only.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from heard.core.models import OrganisationOwned, OrganisationOwnedQuerySet

# --- Feedback ---------------------------------------------------------------------------


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    A_BIT = "a_bit", _("A bit")
    NO = "no", _("No")
    NOT_SURE = "not_sure", _("Not sure")


# The four questions, in the order they are asked: (field, standard wording, Easy Read).
QUESTIONS = (
    (
        "listened",
        _("Did your advocate listen to you?"),
        _("Did your advocate listen to you?"),
    ),
    (
        "understood_rights",
        _("Do you understand your rights better than before?"),
        _("Do you know more about your rights now?"),
    ),
    (
        "speak_up",
        _("Do you feel more able to speak up for yourself?"),
        _("Do you feel you can speak up more now?"),
    ),
    (
        "things_changed",
        _("Did things change for you?"),
        _("Did things change for you?"),
    ),
)
QUESTION_FIELDS = tuple(field for field, _standard, _easy in QUESTIONS)


class FormVersion(models.TextChoices):
    STANDARD = "standard", _("Standard")
    EASY_READ = "easy_read", _("Easy Read")


class Channel(models.TextChoices):
    PERSONAL_LINK = "personal_link", _("Personal link offered at closure")
    GENERAL_LINK = "general_link", _("General link or QR code")
    PAPER = "paper", _("Paper form, typed in by staff")


class SupporterRole(models.TextChoices):
    FAMILY = "family", _("Family member")
    FRIEND = "friend", _("Friend")
    CARER = "carer", _("Carer or support worker")
    ADVOCATE = "advocate", _("An advocate")
    OTHER = "other", _("Someone else")


class FeedbackResponseQuerySet(OrganisationOwnedQuerySet):
    def for_period(self, start, end):
        """Responses whose month falls between ``start`` and ``end`` (dates, inclusive)."""
        return self.filter(month__gte=start.replace(day=1), month__lte=end)


class FeedbackResponse(models.Model):
    """One person's feedback. Deliberately not ``OrganisationOwned``: no created/updated times.

    The primary key is random, so its order says nothing about when it arrived.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    service = models.ForeignKey(
        "organisations.Service",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    month = models.DateField(help_text="The first day of the month the feedback arrived.")
    form_version = models.CharField(max_length=10, choices=FormVersion.choices)
    channel = models.CharField(max_length=15, choices=Channel.choices)
    listened = models.CharField(max_length=10, choices=Answer.choices, blank=True)
    understood_rights = models.CharField(max_length=10, choices=Answer.choices, blank=True)
    speak_up = models.CharField(max_length=10, choices=Answer.choices, blank=True)
    things_changed = models.CharField(max_length=10, choices=Answer.choices, blank=True)
    own_words = models.TextField(blank=True)
    may_quote = models.BooleanField(default=False)
    with_supporter = models.BooleanField(default=False)
    supporter_role = models.CharField(max_length=10, choices=SupporterRole.choices, blank=True)
    is_anonymous = models.BooleanField(default=True)
    # Only when the person chose to be known: never set on an anonymous response.
    case = models.ForeignKey(
        "casework.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A hash of the form's one-time submission token: a double submit stores one response.
    submission_key = models.CharField(max_length=64, unique=True)

    objects = FeedbackResponseQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "month", "service"], name="voice_feedback_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_anonymous=False) | models.Q(case__isnull=True),
                name="voice_anonymous_feedback_has_no_case",
            ),
            models.CheckConstraint(
                condition=models.Q(month__day=1), name="voice_feedback_month_is_first_day"
            ),
        ]

    def __str__(self) -> str:
        return "Feedback response"

    def clean(self):
        if self.is_anonymous and self.case_id is not None:
            raise ValidationError(_("Anonymous feedback cannot be linked to a case"))


class FeedbackInvitation(OrganisationOwned):
    """A personal, single-use feedback link offered when a case closes.

    Only a hash of the token is stored; the link itself carries nothing but the random
    token. The row is deleted when the link is used, so nothing records which cases
    answered.
    """

    token_hash = models.CharField(max_length=64, unique=True)
    case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey(
        "organisations.Service", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField()
    offered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)

    class Meta:
        indexes = [models.Index(fields=["organisation", "expires_at"])]

    def __str__(self) -> str:
        return "Feedback link"


# --- The involvement register -----------------------------------------------------------


class InvolvementRole(models.TextChoices):
    BOARD = "board", _("Management committee or board member")
    STAFF = "staff", _("Member of staff")
    VOLUNTEER = "volunteer", _("Volunteer")
    INTERVIEW_PANEL = "interview_panel", _("Interview panel member")
    TRAINER = "trainer", _("Trainer")
    COPRODUCTION_PROJECT = "coproduction", _("Co-production project")
    PEER_ADVOCATE = "peer_advocate", _("Peer advocate")
    EVALUATION = "evaluation", _("Evaluation or quality checking")
    OTHER = "other", _("Other")


class InvolvementArea(models.TextChoices):
    DESIGN = "design", _("Design")
    DELIVERY = "delivery", _("Delivery")
    EVALUATION = "evaluation", _("Evaluation")
    GOVERNANCE = "governance", _("Governance")


class Recognition(models.TextChoices):
    PAID = "paid", _("Paid for their time")
    VOUCHER = "voucher", _("Vouchers or gifts")
    EXPENSES = "expenses", _("Expenses only")
    VOLUNTARY = "voluntary", _("Unpaid, by their choice")
    NONE = "none", _("Nothing yet")


class Involvement(OrganisationOwned):
    """A person with lived experience involved in the organisation's work, with their consent."""

    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(max_length=20, choices=InvolvementRole.choices)
    area = models.CharField(max_length=12, choices=InvolvementArea.choices)
    description = models.TextField(blank=True)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    recognition = models.CharField(max_length=10, choices=Recognition.choices)
    accessibility_support = models.TextField(blank=True)
    consent_to_record = models.BooleanField(default=False)
    consent_to_be_named = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-started_on", "id"]
        indexes = [models.Index(fields=["organisation", "role", "started_on"])]

    def __str__(self) -> str:
        return f"Involvement {self.pk}"

    def clean(self):
        errors = {}
        if not self.consent_to_record:
            errors["consent_to_record"] = _(
                "Record involvement only with the person's consent to be recorded"
            )
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            errors["ended_on"] = _("The end date must be on or after the start date")
        if errors:
            raise ValidationError(errors)

    def active_between(self, start, end) -> bool:
        return self.started_on <= end and (self.ended_on is None or self.ended_on >= start)


# --- Engagement sessions ("good conversations") ------------------------------------------


class Format(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    PHONE = "phone", _("By phone")


class EngagementSession(OrganisationOwned):
    """A good conversation: who was there (counts and groups, names optional) and what was said."""

    title = models.CharField(max_length=200)
    held_on = models.DateField()
    format = models.CharField(max_length=10, choices=Format.choices)
    place = models.CharField(max_length=200, blank=True)
    service = models.ForeignKey(
        "organisations.Service", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    attendees = models.PositiveIntegerField()
    groups = models.TextField(
        blank=True, help_text="Who was there, as groups: one a line, for example 'carers'."
    )
    names = models.TextField(blank=True)
    what_people_said = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["organisation", "held_on"])]

    def __str__(self) -> str:
        return self.title

    @property
    def group_list(self) -> list[str]:
        return [line.strip() for line in self.groups.splitlines() if line.strip()]


class SessionTheme(OrganisationOwned):
    """Something people said, as a theme; it may be evidence for a system issue."""

    session = models.ForeignKey(EngagementSession, on_delete=models.CASCADE, related_name="themes")
    summary = models.CharField(max_length=300)
    in_their_words = models.TextField(blank=True)
    system_issue = models.ForeignKey(
        "system_change.SystemIssue",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="engagement_themes",
    )

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["organisation", "system_issue"])]

    def __str__(self) -> str:
        return self.summary


# --- You said, we did --------------------------------------------------------------------


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    NOT_POSSIBLE = "not_possible", _("Not possible")


class YouSaidWeDid(OrganisationOwned):
    """What people said, and what was done about it, by whom, and when."""

    theme = models.ForeignKey(
        SessionTheme, null=True, blank=True, on_delete=models.SET_NULL, related_name="responses"
    )
    you_said = models.TextField()
    we_did = models.TextField(blank=True)
    easy_read_summary = models.TextField(blank=True)
    done_by = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        max_length=15, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    status_on = models.DateField()
    is_published = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-status_on", "-id"]
        indexes = [models.Index(fields=["organisation", "is_published", "status_on"])]

    def __str__(self) -> str:
        return f"You said, we did {self.pk}"

    def clean(self):
        if self.is_published and not self.easy_read_summary.strip():
            raise ValidationError(
                {"easy_read_summary": _("Write an Easy Read summary before publishing")}
            )


# --- Co-production self-assessment ---------------------------------------------------------


class Level(models.IntegerChoices):
    NOT_YET = 0, _("Not yet")
    STARTING = 1, _("Starting")
    DEVELOPING = 2, _("Developing")
    ESTABLISHED = 3, _("Established")


# (field, the question). Each is scored 0 to 3 (``Level``).
DIMENSIONS = (
    ("board", _("People who use services are on the board or management committee")),
    ("employed", _("People who use services are employed by the organisation")),
    ("plan", _("There is a co-production plan, agreed with people who use services")),
    ("recruitment", _("People who use services are involved in recruiting staff")),
    ("training", _("People who use services design or deliver training")),
    ("evaluation", _("People who use services evaluate the service")),
    ("redesign", _("People who use services shape service redesign")),
    ("paid", _("People are paid or recognised for their time")),
)
DIMENSION_FIELDS = tuple(field for field, _label in DIMENSIONS)
# Short names for the chart's axis; the table beside it gives the whole question.
DIMENSION_SHORT = {
    "board": _("Board"),
    "employed": _("Employed"),
    "plan": _("Co-production plan"),
    "recruitment": _("Recruitment"),
    "training": _("Training"),
    "evaluation": _("Evaluation"),
    "redesign": _("Service redesign"),
    "paid": _("Paid for time"),
}


class SelfAssessment(OrganisationOwned):
    """The organisation's co-production self-assessment for one year."""

    year = models.PositiveSmallIntegerField()
    board = models.PositiveSmallIntegerField(choices=Level.choices)
    employed = models.PositiveSmallIntegerField(choices=Level.choices)
    plan = models.PositiveSmallIntegerField(choices=Level.choices)
    recruitment = models.PositiveSmallIntegerField(choices=Level.choices)
    training = models.PositiveSmallIntegerField(choices=Level.choices)
    evaluation = models.PositiveSmallIntegerField(choices=Level.choices)
    redesign = models.PositiveSmallIntegerField(choices=Level.choices)
    paid = models.PositiveSmallIntegerField(choices=Level.choices)
    notes = models.TextField(blank=True)
    assessed_with = models.TextField(
        blank=True, help_text="Who took part in the assessment, for example the people's panel."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"], name="voice_one_assessment_a_year"
            )
        ]

    def __str__(self) -> str:
        return f"Self-assessment {self.year}"

    @property
    def total(self) -> int:
        return sum(getattr(self, field) for field in DIMENSION_FIELDS)

    @property
    def maximum(self) -> int:
        return len(DIMENSION_FIELDS) * max(Level.values)
