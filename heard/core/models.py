"""Base models. Every tenant-owned row inherits ``OrganisationOwned`` (ADR-0003)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationOwnedQuerySet(models.QuerySet):
    """The one place a tenant-owned queryset is narrowed to an organisation."""

    def for_organisation(self, organisation):
        if organisation is None:
            return self.none()
        return self.filter(organisation=organisation)


class OrganisationOwned(models.Model):
    """A row that belongs to exactly one organisation (the tenant).

    Views never reach these through ``Model.objects``: they go through
    ``heard.organisations.tenancy`` which binds the request's organisation.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganisationOwnedQuerySet.as_manager()

    class Meta:
        abstract = True


class InEffectQuerySet(OrganisationOwnedQuerySet):
    """Records that count: those not marked as entered in error."""

    def in_effect(self):
        return self.filter(entered_in_error_at__isnull=True)

    def entered_in_error(self):
        return self.filter(entered_in_error_at__isnull=False)


class EnteredInError(models.Model):
    """A record made by mistake is never deleted: it is marked, with who, when and why.

    It stays visible (struck through) in the record it belongs to and is left out of
    totals, targets and reports, which all count ``in_effect()`` rows only.
    """

    entered_in_error_at = models.DateTimeField(null=True, blank=True)
    entered_in_error_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    entered_in_error_reason = models.TextField(_("why it was entered in error"), blank=True)

    objects = InEffectQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_entered_in_error(self) -> bool:
        return self.entered_in_error_at is not None


class RateCount(models.Model):
    """How often one client did one thing in its current window (``heard.core.rate_limit``).

    The key is a keyed hash of what was counted and the client's address, so the address
    itself is stored nowhere. Expired rows are purged hourly (``purge_rate_counts``).
    """

    key = models.CharField(max_length=64, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    window_ends = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.count} until {self.window_ends:%Y-%m-%d %H:%M}"
