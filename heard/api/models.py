"""API tokens: bound to a user and an organisation, scoped, expiring, revocable, hashed at rest."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from heard.core.models import OrganisationOwned


class Area(models.TextChoices):
    """The parts of Heard a token may reach; each is granted to read, or to read and write."""

    PEOPLE = "people", _("People")
    REFERRALS = "referrals", _("Referrals")
    CASEWORK = "casework", _("Cases and their records")
    CHALLENGES = "challenges", _("Challenges")
    SAFEGUARDING = "safeguarding", _("Safeguarding concerns")
    SYSTEM_CHANGE = "system_change", _("System issues")


READ = "read"
WRITE = "write"


def scope(area: str, access: str) -> str:
    return f"{area}:{access}"


ALL_SCOPES = [scope(area, access) for area in Area.values for access in (READ, WRITE)]


class ApiTokenQuerySet(models.QuerySet):
    def usable(self, now=None):
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)


class ApiToken(OrganisationOwned):
    """Only a hash of the secret is kept; the secret itself is shown once, when issued."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    # The public part of the token, used to find it; the secret after it is never stored.
    prefix = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    scopes = models.JSONField(default=list)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organisation", "user"], name="api_token_user_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return not self.is_revoked and not self.is_expired

    def allows(self, area: str, access: str) -> bool:
        """Write implies read for the same area."""
        if access == READ:
            return scope(area, READ) in self.scopes or scope(area, WRITE) in self.scopes
        return scope(area, access) in self.scopes
