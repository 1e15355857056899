"""Audit event types for reports and their exports (registered when the app loads)."""

from heard.audit.events import register

register("report.export_requested", "Report export asked for")
register("report.exported", "Report exported", is_access=True)
register("report.records_viewed", "Records counted by a report figure viewed", is_access=True)
register("report.commissioner_services_changed", "Services a commissioner sees changed")
register("census.imported", "Census population figures imported")
