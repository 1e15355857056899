"""``{% privacy_notice organisation %}``: the organisation's privacy notice, in a details box."""

from django import template

from heard.rights.privacy import notice_for

register = template.Library()


@register.inclusion_tag("rights/_privacy_notice.html")
def privacy_notice(organisation, easy_read=False):
    return {
        "paragraphs": [
            p.strip()
            for p in notice_for(organisation, easy_read=easy_read).split("\n\n")
            if p.strip()
        ],
        "easy_read": easy_read,
    }
