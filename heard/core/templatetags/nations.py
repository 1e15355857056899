"""``{% nation_term "regulator.social_care" nation %}``: a law, process or body named for a nation."""

from django import template

from heard.core import nations

register = template.Library()


@register.simple_tag
def nation_term(key: str, nation) -> str:
    return nations.term(key, nation)
