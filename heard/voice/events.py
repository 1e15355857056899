"""Audit event types for voice and co-production (registered when the app loads)."""

from heard.audit.events import register

register("voice.feedback_received", "Feedback received from someone who used advocacy")
register("voice.feedback_link_offered", "Personal feedback link offered at case closure")
register("voice.feedback_viewed", "Feedback results viewed", is_access=True)
register("voice.involvement_recorded", "Involvement of a person with lived experience recorded")
register("voice.involvement_updated", "Involvement record changed")
register("voice.involvement_viewed", "Involvement record viewed", is_access=True)
register("voice.session_recorded", "Engagement session recorded")
register("voice.theme_recorded", "Theme heard in an engagement session recorded")
register("voice.you_said_we_did_recorded", '"You said, we did" item recorded')
register("voice.you_said_we_did_updated", '"You said, we did" item changed or published')
register("voice.self_assessment_recorded", "Co-production self-assessment recorded")
