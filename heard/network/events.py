"""Audit event types for the network hub (registered when the app loads)."""

from heard.audit.events import SYSTEM_ACTORS, register

# Figures a member installation sends to the hub's API with its network token.
SYSTEM_ACTORS.setdefault("network_api", "A member's Heard, by network token")

register("network.created", "Network created")
register("network.member_invited", "Organisation invited to a network")
register("network.invitation_accepted", "Invitation to a network accepted")
register("network.invitation_declined", "Invitation to a network declined")
register("network.coordinator_added", "Network coordinator added")
register("network.agreement_published", "Data-sharing agreement version published")
register("network.agreement_accepted", "Data-sharing agreement accepted")
register("network.conduct_accepted", "Forum code of conduct accepted")
register("network.post_written", "Forum post written")
register("network.post_reported", "Forum post reported to the moderators")
register("network.post_hidden", "Forum post hidden by a moderator")
register("network.post_shown", "Forum post shown again by a moderator")
register("network.post_edited", "Forum post edited by a moderator")
register("network.member_suspended", "Forum member suspended")
register(
    "network.post_author_viewed", "Anonymous post's author seen by a moderator", is_access=True
)
register("network.survey_changed", "Network survey built or changed")
register("network.survey_answered", "Network survey answered")
register("network.survey_exported", "Network survey results exported")
register("network.figures_exported", "Signed figures exported for a network")
register("network.figures_imported", "Member's signed figures received by a network")
register("network.figures_rejected", "Figures refused: the signature did not verify")
register("network.token_issued", "Network token issued to a member installation")
register("network.resource_proposed", "Resource proposed to a network's library")
register("network.resource_published", "Resource published in a network's library")
register("network.resource_version_added", "New version of a library resource uploaded")
register("network.resource_checked", "Library resource checked and still correct")
register("network.figures_sent", "Signed figures sent to a network hub on another installation")
register("network.remote_hub_added", "Hub on another installation added to send figures to")
register("network.remote_hub_changed", "Hub on another installation changed")
register("network.remote_hub_removed", "Hub on another installation removed")
register("network.remote_hub_send_requested", "Figures queued to send to a hub now")
