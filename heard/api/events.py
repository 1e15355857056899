"""The API's audit event types, registered in the one vocabulary (heard.audit.events)."""

from heard.audit.events import register

register("api.token_issued", "API token issued")
register("api.token_revoked", "API token revoked")
register("api.listed", "Records listed through the API", is_access=True)
register("api.viewed", "Record viewed through the API", is_access=True)
