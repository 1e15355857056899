"""The one search box. A GET form: the results page is a plain link, and works without JavaScript."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

ENTER_SOMETHING = "Enter a name, date of birth, postcode or reference"
MAX_LENGTH = 100


class SearchInput(forms.TextInput):
    input_type = "search"


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search people and cases"),
        help_text=(
            _(
                "A name, date of birth (like 27/03/1957), postcode, or a reference like P000123, "
                "C000045 or RIA-2026-000001"
            )
        ),
        max_length=MAX_LENGTH,
        error_messages={
            "required": ENTER_SOMETHING,
            "max_length": _("Search must be %(MAX_LENGTH)s characters or fewer")
            % {"MAX_LENGTH": MAX_LENGTH},
        },
        widget=SearchInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )

    def clean_q(self) -> str:
        query = " ".join(self.cleaned_data["q"].split())
        if not re.search(r"[^\W_]", query):
            raise forms.ValidationError(ENTER_SOMETHING)
        return query
