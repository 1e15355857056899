"""People in the Casework area's navigation."""

from django.utils.translation import gettext_lazy as _

from heard.navigation import register

register(
    "casework",
    _("People"),
    "people:list",
    permission="people.view_person",
    order=10,
    matches=("people:*",),
)
