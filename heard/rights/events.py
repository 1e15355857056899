"""Audit event types for people's data protection rights (registered when the app loads)."""

from heard.audit.events import register

register("rights.settings_changed", "Data protection settings changed")
register("sar.received", "Subject access request recorded")
register("sar.viewed", "Subject access request viewed", is_access=True)
register("sar.identity_confirmed", "Identity of a subject access requester confirmed")
register("sar.extended", "Subject access deadline extended, with a reason")
register("sar.export_started", "Subject access export started")
register("sar.export_built", "Subject access export built")
register("sar.export_failed", "Subject access export failed")
register("sar.private_notes_reviewed", "Private notes reviewed for a subject access request")
register(
    "sar.private_note_read",
    "Private note read by the data protection lead for a subject access request",
    is_access=True,
)
register("sar.downloaded", "Subject access export downloaded", is_access=True)
register("sar.completed", "Subject access request recorded as answered")
register("sar.reminder_sent", "Reminder of a subject access deadline sent")
register("person.erased", "Person's record erased (tombstone: no personal data)")
register("erasure.requested", "Erasure of a person's record asked for")
register("erasure.viewed", "Erasure request viewed", is_access=True)
register("erasure.refused", "Erasure of a person's record refused")
register("referral.erased", "Expired referral erased (tombstone: no personal data)")
register("retention.dry_run", "Retention dry run: what the rules would erase")
register("retention.approved", "Retention run approved")
register("retention.discarded", "Retention dry run discarded")
register("retention.carried_out", "Retention run carried out")
register("retention.viewed", "Retention dry run viewed (lists people)", is_access=True)
