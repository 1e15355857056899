"""Widgets that Django does not have a GOV.UK equivalent for."""

import datetime
import html

from django import forms
from django.forms.utils import flatatt
from django.utils.choices import BaseChoiceIterator
from django.utils.html import format_html
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import gettext_lazy as _

DATE_PARTS = ("day", "month", "year")

#: Private attr the bound field passes to say which parts of a date to highlight.
ERROR_PARTS_ATTR = "_govuk_error_parts"


class GovukDateInput(forms.MultiWidget):
    """The GOV.UK date input: three text boxes for day, month and year.

    Submitted names are ``<name>-day``, ``<name>-month`` and ``<name>-year``; ids are
    ``<id>-day`` and so on, with ``<id>`` on the ``govuk-date-input`` wrapper. The value
    is a ``[day, month, year]`` list of strings, so whatever was typed is shown again
    when the form has errors. ``attrs={"autocomplete": "bday"}`` becomes
    ``bday-day``/``bday-month``/``bday-year`` on the three inputs.
    """

    template_name = "design_system/forms/widgets/date_input.html"
    labels = {"day": _("Day"), "month": _("Month"), "year": _("Year")}
    widths = {
        "day": "govuk-input--width-2",
        "month": "govuk-input--width-2",
        "year": "govuk-input--width-4",
    }

    def __init__(self, attrs=None):
        super().__init__([forms.TextInput, forms.TextInput, forms.TextInput], attrs)
        self.widgets_names = [f"-{part}" for part in DATE_PARTS]

    def decompress(self, value):
        if isinstance(value, str) and value:
            try:
                value = datetime.date.fromisoformat(value)
            except ValueError:
                return [None, None, None]
        if isinstance(value, datetime.datetime):
            value = value.date()
        if isinstance(value, datetime.date):
            return [str(value.day), str(value.month), str(value.year)]
        return [None, None, None]

    def get_context(self, name, value, attrs):
        attrs = dict(attrs or {})
        error_parts = attrs.pop(ERROR_PARTS_ATTR, ())
        context = super().get_context(name, value, attrs)
        wrapper_attrs = context["widget"]["attrs"]
        id_ = wrapper_attrs.get("id")
        autocomplete = wrapper_attrs.get("autocomplete")
        for part, subwidget in zip(DATE_PARTS, context["widget"]["subwidgets"], strict=True):
            sub_attrs = subwidget["attrs"]
            for key in ("aria-describedby", "aria-invalid", "required", "class", "autocomplete"):
                sub_attrs.pop(key, None)
            if id_:
                sub_attrs["id"] = f"{id_}-{part}"
            classes = ["govuk-input", "govuk-date-input__input", self.widths[part]]
            if part in error_parts:
                classes.append("govuk-input--error")
            sub_attrs["class"] = " ".join(classes)
            sub_attrs["inputmode"] = "numeric"
            if autocomplete == "bday":
                sub_attrs["autocomplete"] = f"bday-{part}"
            elif autocomplete:
                sub_attrs["autocomplete"] = autocomplete
            subwidget["part"] = part
            subwidget["label"] = self.labels[part]
        # The wrapper only carries the id and any extra classes.
        context["widget"]["wrapper_id"] = id_
        return context


class FlatChoices(BaseChoiceIterator):
    """Flat ``(value, label)`` pairs that Django takes as already normalised.

    Setting a plain list of a thousand choices on a field normalises it twice (the
    field, then its widget), pair by pair; a choice iterator is kept as it is.
    """

    def __init__(self, pairs):
        self.pairs = list(pairs)

    def __iter__(self):
        return iter(self.pairs)

    def __len__(self) -> int:
        return len(self.pairs)


class ManyOptionsSelect(forms.Select):
    """A select of many options (every caseworker of a large organisation), rendered cheaply;
    also the small selects of a filter form that a busy list shows on every page.

    Django renders each option through its own template, which costs a
    millisecond a dozen options; this joins the same markup in Python.
    Option groups are not supported: choices are flat ``(value, label)`` pairs.
    """

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in self.format_value(value)}
        # One string join: format_html per option costs more than the rest of the list page.
        options = "".join(
            f'<option value="{_escaped(option)}"'
            f"{' selected' if str(option) in chosen else ''}>{_escaped(label)}</option>"
            for option, label in self.choices
        )
        final_attrs = self.build_attrs(self.attrs, attrs)
        # Safe: every value and label in ``options`` went through _escaped.
        safe_options = mark_safe(options)  # noqa: S308
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(final_attrs), safe_options
        )


def _escaped(value) -> str:
    """``value`` escaped as Django's ``escape`` does (``html.escape``), unless already safe."""
    return str(value) if isinstance(value, SafeData) else html.escape(str(value))
