"""``{% fixed_url "home" %}``: ``{% url %}`` for a URL without arguments, reversed once per
process (``heard.core.paths.fixed_path``). Every page's header and footer use it."""

from django import template

from heard.core.paths import fixed_path

register = template.Library()


@register.simple_tag
def fixed_url(viewname: str) -> str:
    return fixed_path(viewname)
