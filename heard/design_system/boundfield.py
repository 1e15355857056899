"""A BoundField that knows how the GOV.UK Design System lays a field out.

``GovukFormRenderer.bound_field_class`` points here, so every form rendered with the
project's renderer gets these bound fields. A custom bound field class should subclass this.
"""

from django import forms
from django.forms.boundfield import BoundField
from django.forms.widgets import Input
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe

from .widgets import DATE_PARTS, ERROR_PARTS_ATTR, GovukDateInput

TEMPLATE_DIR = "design_system/forms/fields"
# The renderer's field template, which only picks the kind's template (see ``as_field_group``).
FIELD_TEMPLATE = "design_system/forms/field.html"
_KIND_TEMPLATES = {
    "input": "labelled",
    "textarea": "labelled",
    "select": "labelled",
    "file": "labelled",
    "radios": "choices",
    "checkboxes": "choices",
    "checkbox": "checkbox",
    "date": "date",
    "hidden": "hidden",
}

# Classes in a widget's ``class`` attr with these prefixes go on the label or legend.
LABEL_CLASS_PREFIXES = ("govuk-label--", "govuk-fieldset__legend--")
# Kinds whose other classes go on the container (govuk-radios--inline, --small, ...).
GROUP_KINDS = frozenset({"radios", "checkboxes", "checkbox", "date"})
# Kinds laid out in a fieldset with a legend.
FIELDSET_KINDS = frozenset({"radios", "checkboxes", "date"})
# Kinds whose input carries the hint/error ids in aria-describedby.
SINGLE_INPUT_KINDS = frozenset({"input", "textarea", "select", "file", "checkbox"})

_INPUT_CLASSES = {
    "input": "govuk-input",
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "file": "govuk-file-upload",
}


def widget_kind(widget) -> str:
    """Which GOV.UK component renders this widget."""
    if widget.is_hidden:
        return "hidden"
    if isinstance(widget, GovukDateInput):
        return "date"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.FileInput):
        return "file"
    if isinstance(widget, Input):
        return "input"
    return "other"


def split_classes(widget) -> tuple[list[str], list[str]]:
    """Split a widget's ``class`` attr into (label classes, other classes)."""
    label, other = [], []
    for name in str(widget.attrs.get("class") or "").split():
        (label if name.startswith(LABEL_CLASS_PREFIXES) else other).append(name)
    return label, other


def _join(*parts) -> str:
    return " ".join(part for part in parts if part)


class GovukBoundField(BoundField):
    def as_field_group(self):
        """The field as its GOV.UK component, rendered straight from the kind's template.

        ``field.html`` only chooses that template (``{% include g.template %}``); going to it
        directly spares a template render and an include per field, which on a page of
        forms (the case page's activity form has eight fields) is a fair share of the page.
        A field or renderer with a template of its own is rendered Django's way.
        """
        renderer = self.form.renderer
        if self.field.template_name or renderer.field_template_name != FIELD_TEMPLATE:
            return super().as_field_group()
        govuk = self.govuk
        return mark_safe(renderer.render(govuk["template"], {"field": self, "g": govuk}))  # noqa: S308

    @property
    def govuk_kind(self) -> str:
        return widget_kind(self.field.widget)

    @property
    def govuk_id(self) -> str:
        return self.field.widget.attrs.get("id") or self.auto_id or ""

    @property
    def govuk_error_parts(self) -> tuple[str, ...]:
        """For a date: the parts to highlight. Errors without ``params["parts"]`` mean all."""
        if not self.errors:
            return ()
        parts = set()
        for error in self.errors.as_data():
            params = error.params if isinstance(error.params, dict) else {}
            if not params.get("parts"):
                return DATE_PARTS
            parts.update(params["parts"])
        return tuple(part for part in DATE_PARTS if part in parts) or DATE_PARTS

    @property
    def govuk(self) -> dict:
        """Everything the field templates need. Use it once: ``{% with g=field.govuk %}``."""
        kind = self.govuk_kind
        id_ = self.govuk_id
        label_classes, other_classes = split_classes(self.field.widget)
        has_hint = bool(self.help_text)
        has_errors = bool(self.errors)
        hint_id = f"{id_}-hint" if id_ and has_hint and kind != "checkbox" else ""
        item_hint_id = f"{id_}-item-hint" if id_ and has_hint and kind == "checkbox" else ""
        error_id = f"{id_}-error" if id_ and has_errors else ""
        if kind == "other":
            template = "fieldset" if self.use_fieldset else "labelled"
        else:
            template = _KIND_TEMPLATES[kind]
        return {
            "kind": kind,
            "template": f"{TEMPLATE_DIR}/{template}.html",
            "module": "govuk-radios" if kind == "radios" else "govuk-checkboxes",
            "id": id_,
            "label_for": self.id_for_label,
            "hint_id": hint_id,
            "item_hint_id": item_hint_id,
            "error_id": error_id,
            "describedby": self._govuk_describedby(kind, id_),
            "label_class": " ".join(label_classes),
            "container_class": " ".join(other_classes) if kind in GROUP_KINDS else "",
            "error_parts": self.govuk_error_parts if kind == "date" else (),
            "first_input_id": self.govuk_first_input_id,
        }

    def _govuk_describedby(self, kind, id_) -> str:
        if not id_ or kind == "hidden":
            return ""
        ids = [self.field.widget.attrs.get("aria-describedby", "")]
        if self.help_text and kind != "checkbox":
            ids.append(f"{id_}-hint")
        if self.errors:
            ids.append(f"{id_}-error")
        if self.help_text and kind == "checkbox":
            ids.append(f"{id_}-item-hint")
        return _join(*ids)

    @property
    def aria_describedby(self):
        return self._govuk_describedby(self.govuk_kind, self.govuk_id)

    @property
    def govuk_first_input_id(self) -> str:
        """The id the error summary links to: the input itself, the first radio or checkbox,
        or the first part of a date that has an error."""
        id_ = self.govuk_id
        kind = self.govuk_kind
        if id_ and kind == "date":
            parts = self.govuk_error_parts or DATE_PARTS
            return f"{id_}-{parts[0]}"
        if id_ and kind == "other":
            widget = self.field.widget
            if isinstance(widget, forms.MultiWidget):
                return f"{id_}_0"
            return widget.id_for_label(id_) or id_
        return id_

    @cached_property
    def subwidgets(self):
        """Radios and checkboxes get GOV.UK ids: ``<id>``, ``<id>-2``, ``<id>-3``...

        The first has no suffix, so the error summary can link to it.
        """
        subwidgets = BoundField.subwidgets.func(self)
        if self.govuk_kind in ("radios", "checkboxes") and self.govuk_id:
            for index, subwidget in enumerate(subwidgets, start=1):
                attrs = subwidget.data.setdefault("attrs", {})
                attrs["id"] = self.govuk_id if index == 1 else f"{self.govuk_id}-{index}"
        return subwidgets

    def build_widget_attrs(self, attrs, widget=None):
        widget = widget or self.field.widget
        attrs = super().build_widget_attrs(attrs, widget)
        # GOV.UK forms use `novalidate` and server-side messages, not the browser's.
        attrs.pop("required", None)
        kind = widget_kind(widget)
        has_errors = bool(self.errors)
        _, other_classes = split_classes(widget)
        own_classes = " ".join(other_classes)

        if kind in _INPUT_CLASSES:
            base = _INPUT_CLASSES[kind]
            attrs["class"] = _join(base, own_classes, f"{base}--error" if has_errors else "")
        elif kind in ("radios", "checkboxes", "checkbox"):
            prefix = "govuk-radios" if kind == "radios" else "govuk-checkboxes"
            attrs["class"] = f"{prefix}__input"
        elif kind == "date":
            attrs["class"] = own_classes
            attrs[ERROR_PARTS_ATTR] = self.govuk_error_parts

        if kind == "input":
            self._input_defaults(attrs, widget)
        elif kind == "textarea" and widget.attrs.get("rows") == "10":
            # Django's default is rows="10" cols="40"; GOV.UK's is 5 rows at full width.
            attrs["rows"] = "5"
            attrs["cols"] = False

        if kind in SINGLE_INPUT_KINDS or (kind == "other" and not widget.use_fieldset):
            describedby = self._govuk_describedby(kind, self.govuk_id)
            if describedby:
                attrs["aria-describedby"] = describedby
            else:
                attrs.pop("aria-describedby", None)
        elif kind != "hidden":
            # The fieldset carries aria-describedby; its inputs don't. False means "leave out",
            # even when the widget's own attrs have it.
            attrs["aria-describedby"] = False
            attrs["aria-invalid"] = False
        return attrs

    @staticmethod
    def _input_defaults(attrs, widget):
        def default(name, value):
            if name not in widget.attrs:
                attrs.setdefault(name, value)

        if isinstance(widget, forms.EmailInput):
            default("autocomplete", "email")
            default("spellcheck", "false")
        elif isinstance(widget, forms.NumberInput):
            # Rendered as type="text" (see the renderer); whole numbers get a numeric keypad.
            default("spellcheck", "false")
            if str(widget.attrs.get("step", "1")) == "1":
                default("inputmode", "numeric")
        elif isinstance(widget, forms.PasswordInput):
            default("spellcheck", "false")
            default("autocapitalize", "none")
        elif isinstance(widget, forms.URLInput):
            default("spellcheck", "false")
