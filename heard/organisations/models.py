"""Organisations (the tenants), the services they are commissioned for, and staff memberships."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from heard.core.advocacy_types import AdvocacyType, Nation
from heard.core.models import OrganisationOwned

DEFAULT_ORGANISATION_SETTINGS = {
    # Shown to the public when a referral cannot be sent online, and on confirmations.
    "contact_phone": "",
    "contact_email": "",
    # Working days after which an unacknowledged safeguarding concern is flagged.
    "safeguarding_acknowledgement_days": 2,
    # Days without contact before a case shows on an advocate's "my day".
    "no_contact_alert_days": 14,
}


class Organisation(models.Model):
    """An independent advocacy organisation: the tenant that owns all personal data."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=80, unique=True, help_text="Used in the public referral address."
    )
    nation = models.CharField(max_length=10, choices=Nation.choices, default=Nation.ENGLAND)
    charity_number = models.CharField(
        max_length=20,
        blank=True,
        validators=[
            RegexValidator(r"^[0-9A-Za-z-]{4,20}$", "Enter a charity number, like 1234567")
        ],
    )
    reference_prefix = models.CharField(
        _("reference prefix"),
        max_length=6,
        blank=True,
        validators=[
            RegexValidator(
                r"^[A-Z]{2,6}$", _("Enter 2 to 6 capital letters, like RIA"), code="invalid"
            )
        ],
        help_text=_(
            "Starts every referral reference, like RIA-2026-000001, so no two "
            "organisations give the same reference."
        ),
    )
    settings = models.JSONField(default=dict, blank=True)
    safeguarding_lead = models.ForeignKey(
        "organisations.Membership",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Receives safeguarding concerns raised by staff.",
    )
    speaking_up_leads = models.ManyToManyField(
        "organisations.Membership",
        blank=True,
        related_name="+",
        help_text="Receive speaking-up concerns about poor practice.",
    )
    # Per-organisation reference counters, advanced only by ``heard.organisations.sequences``.
    person_sequence = models.PositiveIntegerField(default=0, editable=False)
    case_sequence = models.PositiveIntegerField(default=0, editable=False)
    referral_sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["reference_prefix"],
                condition=~models.Q(reference_prefix=""),
                name="organisation_reference_prefix_unique",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # Every organisation has a prefix from its first save; an admin may change it later.
        if not self.reference_prefix:
            from .sequences import unique_reference_prefix

            self.reference_prefix = unique_reference_prefix(self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def setting(self, key: str):
        return self.settings.get(key, DEFAULT_ORGANISATION_SETTINGS[key])


class Service(OrganisationOwned):
    """A commissioned contract the organisation delivers, with its targets."""

    name = models.CharField(max_length=200)
    advocacy_types = models.JSONField(
        default=list, help_text="Advocacy type codes this service delivers."
    )
    local_authority_areas = models.JSONField(
        default=list, blank=True, help_text="ONS codes of the local authorities covered."
    )
    commissioner = models.CharField(max_length=200, blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    first_contact_target_days = models.PositiveSmallIntegerField(
        default=5, help_text="Working days from referral received to first contact."
    )
    allocation_target_days = models.PositiveSmallIntegerField(
        default=3, help_text="Working days from referral received to allocation."
    )
    urgent_first_contact_target_days = models.PositiveSmallIntegerField(
        default=2,
        help_text="Working days from referral received to first contact, for urgent cases.",
    )
    urgent_allocation_target_days = models.PositiveSmallIntegerField(
        default=1, help_text="Working days from referral received to allocation, for urgent cases."
    )
    reopen_window_days = models.PositiveSmallIntegerField(default=91)
    rpr_contact_frequency_days = models.PositiveSmallIntegerField(default=28)
    # Cases cross the border: a service may be commissioned in the other nation.
    nation = models.CharField(
        max_length=10,
        choices=Nation.choices,
        null=True,
        blank=True,
        help_text="The nation whose law the service works under, when not the organisation's.",
    )

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["organisation", "name"])]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        valid = set(AdvocacyType.values)
        unknown = [code for code in self.advocacy_types if code not in valid]
        if unknown:
            raise ValidationError(
                {"advocacy_types": f"Unknown advocacy type: {', '.join(unknown)}"}
            )
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "End date must be the same as or after start date"})

    def get_advocacy_types_display(self) -> list[str]:
        labels = dict(AdvocacyType.choices)
        return [labels.get(code, code) for code in self.advocacy_types]


class Role(models.TextChoices):
    ADMIN = "admin", "Organisation admin"
    MANAGER = "manager", "Service manager"
    ADVOCATE = "advocate", "Advocate"
    COMMISSIONER = "commissioner", "Commissioner"
    NETWORK_COORDINATOR = "network_coordinator", "Network coordinator"


# Roles that may see personal data. Commissioners and network coordinators see aggregates only.
CASEWORK_ROLES = frozenset({Role.ADMIN, Role.MANAGER, Role.ADVOCATE})


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def for_organisation(self, organisation):
        return self.filter(organisation=organisation)


class Membership(models.Model):
    """One user's role in one organisation. A user may belong to several organisations."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=30, choices=Role.choices)
    caseload_capacity = models.DecimalField(
        max_digits=5,
        decimal_places=1,
        default=0,
        validators=[MinValueValidator(0)],
        help_text="Weighted cases this person can hold. Zero means no caseload.",
    )
    job_title = models.CharField(max_length=120, blank=True)
    # Whether they can work with a person in Welsh (allocation warns when not).
    speaks_welsh = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    deactivated_at = models.DateTimeField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org")
        ]
        indexes = [models.Index(fields=["organisation", "role", "is_active"])]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.organisation})"

    @property
    def sees_personal_data(self) -> bool:
        return self.is_active and self.role in CASEWORK_ROLES

    @property
    def holds_caseload(self) -> bool:
        return self.role in (Role.ADVOCATE, Role.MANAGER) and self.caseload_capacity > 0
