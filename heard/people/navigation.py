"""People in the Casework area's navigation."""

from django.utils.translation import gettext_lazy as _

from heard.core.permissions import Perm
from heard.navigation import register

register(
    "casework",
    _("People"),
    "people:list",
    permission=Perm.PEOPLE_VIEW_PERSON,
    order=10,
    matches=("people:*",),
)
