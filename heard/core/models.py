"""Base models. Every tenant-owned row inherits ``OrganisationOwned`` (ADR-0003)."""

from django.db import models


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
