"""The audit trail: one immutable row per change, view or export."""

import uuid

from django.conf import settings
from django.db import models


class AuditEventQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        return self.filter(organisation=organisation)

    def about(self, obj):
        return self.filter(target_type=obj._meta.label_lower, target_id=str(obj.pk))

    def access(self):
        return self.filter(is_access=True)


class AuditEvent(models.Model):
    """Who did what, to which record, when and from where.

    ``organisation`` is nullable only for platform-wide events (e.g. a failed
    sign-in before any organisation is known). Targets are stored as a label
    and id rather than a foreign key so history outlives the record.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    occurred_at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(
        max_length=200, help_text="Name at the time, or the system actor."
    )
    event_type = models.CharField(max_length=60)
    is_access = models.BooleanField(default=False)
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(max_length=200, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    details = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(
                fields=["organisation", "target_type", "target_id", "-occurred_at"],
                name="audit_target_idx",
            ),
            models.Index(
                fields=["organisation", "event_type", "-occurred_at"], name="audit_type_idx"
            ),
            models.Index(fields=["actor", "-occurred_at"], name="audit_actor_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_label} {self.event_type}"

    @property
    def description(self) -> str:
        from . import events

        text = events.get(self.event_type).description
        channel = self.details.get("what")
        return f"{text} ({channel})" if channel and channel != "record" else text


class AuditSeal(models.Model):
    """One audit event's place in its organisation's hash chain.

    Sealing writes a new row rather than changing the event, so audit events
    are never updated. Each seal's ``hash`` covers the event's contents and the
    previous seal's hash: changing or removing any sealed event, or any seal,
    breaks every hash after it (``heard audit-verify``). The chain's head
    (position and hash of its last seal) is kept in ``AuditChainHead`` so that
    cutting events off the end shows too.
    """

    event = models.OneToOneField(AuditEvent, on_delete=models.PROTECT, related_name="seal")
    chain = models.CharField(max_length=40, help_text="The organisation's id, or 'platform'.")
    position = models.PositiveBigIntegerField()
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    sealed_at = models.DateTimeField()

    class Meta:
        ordering = ["chain", "position"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "position"], name="one_seal_per_position")
        ]

    def __str__(self) -> str:
        return f"{self.chain}#{self.position}"


class AuditChainHead(models.Model):
    """Where each chain ends: the last seal's position and hash."""

    chain = models.CharField(max_length=40, unique=True)
    position = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)
    updated_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.chain} at {self.position}"


class PendingAnonymousEvent(models.Model):
    """An anonymous event waiting to join the audit trail at the day's sealing.

    Written instead of an ``AuditEvent`` so that nothing stored can place it
    among its author's actions: a random key instead of a sequential id, the
    day instead of a time, no actor and no address. The first sealing run after
    the day ends moves the day's anonymous events into the trail together, in
    random order (``heard.audit.sealing.release_anonymous``).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    day = models.DateField()
    event_type = models.CharField(max_length=60)
    target_type = models.CharField(max_length=100)
    target_id = models.CharField(max_length=64)
    target_label = models.CharField(max_length=200, blank=True)
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-day", "id"]
        indexes = [
            models.Index(
                fields=["organisation", "target_type", "target_id"], name="pending_anon_target_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.event_type}"

    # Read like an AuditEvent wherever a record's history is shown.
    actor = None
    actor_id = None
    is_access = False
    ip_address = None
    details: dict = {}

    @property
    def actor_label(self) -> str:
        from .events import SYSTEM_ACTORS

        return SYSTEM_ACTORS["anonymous"]

    @property
    def occurred_at(self):
        import datetime as dt

        return dt.datetime.combine(self.day, dt.time.min, tzinfo=dt.UTC)

    @property
    def description(self) -> str:
        from . import events

        return events.get(self.event_type).description
