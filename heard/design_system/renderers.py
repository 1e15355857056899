"""The project's form renderer: Django forms rendered as GOV.UK Design System components."""

from functools import cache

from django.forms.renderers import DjangoTemplates, TemplatesSetting
from django.template import TemplateDoesNotExist

from .boundfield import FIELD_TEMPLATE, GovukBoundField


@cache
def _django_forms_renderer() -> DjangoTemplates:
    return DjangoTemplates()


class GovukFormRenderer(TemplatesSetting):
    """Render forms with the project's template settings and the GOV.UK field templates.

    ``{{ form }}`` renders every field plus non-field errors; ``{{ form.name.as_field_group }}``
    renders one field as its GOV.UK component (form group, label or legend, hint, error
    message and input). Django's own widget templates are used for the inputs themselves, so
    ``django.forms`` need not be in INSTALLED_APPS: templates Django ships are loaded from
    Django if the project's template settings can't find them.
    """

    form_template_name = "design_system/forms/form.html"
    field_template_name = FIELD_TEMPLATE
    bound_field_class = GovukBoundField

    #: Django widget templates replaced by GOV.UK versions.
    template_overrides = {
        # GOV.UK: numbers are type="text" with inputmode="numeric", not type="number".
        "django/forms/widgets/number.html": "design_system/forms/widgets/number.html",
        "django/forms/widgets/clearable_file_input.html": (
            "design_system/forms/widgets/clearable_file_input.html"
        ),
    }

    def get_template(self, template_name):
        template_name = self.template_overrides.get(template_name, template_name)
        try:
            return super().get_template(template_name)
        except TemplateDoesNotExist:
            if not template_name.startswith("django/forms/"):
                raise
            return _django_forms_renderer().get_template(template_name)
