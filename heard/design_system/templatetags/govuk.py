"""GOV.UK Design System template tags. A template builtin: no ``{% load %}`` needed.

- ``{% govuk_error_summary form %}`` (or several forms/formsets: ``{% govuk_error_summary a b %}``)
- ``{{ form|govuk_title_prefix }}`` -> "Error: " when the form has errors, else ""
- ``{% govuk_button "Save" %}``, ``{% govuk_button "Cancel" href=url secondary=True %}``
- ``{% govuk_tag "Open" "green" %}``
- ``{% govuk_back_link url %}``
- ``{% heard_bar_chart chart chart_id description %}``: a ``charts.bar_chart`` as inline SVG
"""

from django import template
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.translation import gettext

from heard.design_system.charts import bar_chart_svg

register = template.Library()


def _flatten(items):
    for item in items:
        if item is None or item == "":
            continue
        if isinstance(item, list | tuple):
            yield from _flatten(item)
        else:
            yield item


def _is_formset(obj) -> bool:
    return hasattr(obj, "management_form") and hasattr(obj, "non_form_errors")


def _has_errors(obj) -> bool:
    if _is_formset(obj):
        return obj.is_bound and obj.total_error_count() > 0
    return bool(obj.errors)


def _target_id(bound_field) -> str:
    target = getattr(bound_field, "govuk_first_input_id", None)
    if target is None:  # A BoundField that isn't a GovukBoundField.
        target = bound_field.id_for_label or bound_field.auto_id
    return target or ""


def error_summary_items(obj) -> list[dict]:
    """The error summary's list for one form or formset: ``[{"text", "href"}]``.

    Non-field errors come first, without links; then each field's errors in field order,
    linking to the field's first input (the day of a date, the first radio or checkbox).
    """
    if _is_formset(obj):
        items = [{"text": error, "href": ""} for error in obj.non_form_errors()]
        for form in obj.forms:
            items += error_summary_items(form)
        return items
    errors = obj.errors
    if not errors:
        return []
    items = [{"text": error, "href": ""} for error in obj.non_field_errors()]
    for bound_field in obj:
        if bound_field.name not in errors:
            continue
        if bound_field.is_hidden:
            items += [
                {"text": _hidden_field_error(bound_field.name, error), "href": ""}
                for error in bound_field.errors
            ]
            continue
        target = _target_id(bound_field)
        href = f"#{target}" if target else ""
        items += [{"text": error, "href": href} for error in bound_field.errors]
    return items


def _hidden_field_error(name, error) -> str:
    # Django's wording for the same thing in {{ form }}.
    return gettext("(Hidden field %(name)s) %(error)s") % {"name": name, "error": str(error)}


@register.inclusion_tag("design_system/error_summary.html")
def govuk_error_summary(*forms):
    """The GOV.UK error summary for one or more forms or formsets; nothing if no errors."""
    errors = []
    for form in _flatten(forms):
        errors += error_summary_items(form)
    return {"errors": errors}


@register.filter
def govuk_attrs(attrs) -> str:
    """A widget's attrs as HTML attributes, like Django's widgets/attrs.html (used by
    the design system's widget templates)."""
    return flatatt(attrs or {})


@register.filter
def govuk_title_prefix(forms) -> str:
    """'Error: ' if the form (or any of a list of forms) has errors, for the page <title>."""
    items = forms if isinstance(forms, list | tuple) else [forms]
    if any(_has_errors(form) for form in _flatten(items)):
        return gettext("Error: ")
    return ""


@register.inclusion_tag("design_system/components/button.html")
def govuk_button(
    text,
    type="submit",
    secondary=False,
    warning=False,
    href=None,
    name=None,
    value=None,
    classes="",
    prevent_double_click=False,
):
    """A GOV.UK button; a link styled as a button when ``href`` is given."""
    class_names = ["govuk-button"]
    if secondary:
        class_names.append("govuk-button--secondary")
    if warning:
        class_names.append("govuk-button--warning")
    if classes:
        class_names.append(classes)
    return {
        "text": text,
        "type": type or "submit",
        "href": href,
        "name": name,
        "value": value,
        "classes": " ".join(class_names),
        "prevent_double_click": prevent_double_click,
    }


@register.simple_tag
def govuk_tag(text, colour=None):
    """A GOV.UK tag; ``colour`` is e.g. "grey", "green", "red", "yellow", "blue".

    Built in Python, not from a template: a list shows one on every row, and an inclusion
    tag renders a template (with its own context) each time.
    """
    if colour:
        return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, text)
    return format_html('<strong class="govuk-tag">{}</strong>', text)


@register.simple_tag
def heard_bar_chart(chart, chart_id, description):
    """A horizontal bar chart (``charts.bar_chart``), drawn in Python: see ``bar_chart_svg``."""
    return bar_chart_svg(chart, chart_id, description)


@register.inclusion_tag("design_system/components/back_link.html")
def govuk_back_link(href, text=None):
    """A GOV.UK back link. Text defaults to "Back"."""
    return {"href": href, "text": text}
