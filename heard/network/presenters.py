"""Display shaping for the network hub."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass
class PostView:
    post: object
    author: str
    organisation: str
    anonymous: bool
    hidden: bool
    show_body: bool


def post_view(post, *, moderator: bool) -> PostView:
    """Who wrote a post, as this reader may see it: anonymous to members, never to moderators."""
    hidden = post.hidden_at is not None
    if post.anonymous and not moderator:
        author, organisation = _("A member of the network"), ""
    else:
        author = post.author.user.full_name or post.author.user.email
        organisation = post.author.organisation.name
    return PostView(
        post=post,
        author=author,
        organisation=organisation,
        anonymous=post.anonymous,
        hidden=hidden,
        show_body=moderator or not hidden,
    )


def agreement_state(member, current) -> str:
    if current is None:
        return _("No agreement published")
    if member.accepted_version == current.version:
        return _("Accepted version %(version)s") % {"version": current.version}
    if member.accepted_version:
        return _("Accepted version %(old)s, not yet version %(new)s") % {
            "old": member.accepted_version,
            "new": current.version,
        }
    return _("Not yet accepted")


def masked_token(token: str) -> str:
    """A saved network token as the pages show it: never more than its last four characters."""
    if not token:
        return ""
    return "••••••••" + (token[-4:] if len(token) >= 12 else "")


DELIVERY_TAG_COLOURS = {"sent": "green", "refused": "red", "failed": "orange"}


def delivery_tag_colour(status: str) -> str:
    return DELIVERY_TAG_COLOURS.get(status, "grey")
