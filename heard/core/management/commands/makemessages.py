"""``makemessages`` that also collects counted phrases written with ``heard.core.text.plural``.

``plural(n, singular, plural_form)`` passes its two forms to ``ngettext``; without this keyword
``xgettext`` would not know they are translatable, and "3 working days" would stay English.
"""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=plural:2,3"]
