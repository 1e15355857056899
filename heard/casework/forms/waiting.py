"""Forms for case pages. Field markup comes from the design system renderer."""

from django import forms
from django.utils.translation import gettext_lazy as _

from heard.casework.models import Case, Priority


class WaitingListFilterForm(forms.Form):
    service = forms.ChoiceField(label=_("Service"), required=False)

    def __init__(self, *args, services=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.services = {str(service.pk): service for service in services}
        self.fields["service"].choices = [
            ("", _("All services")),
            *[(pk, service.name) for pk, service in self.services.items()],
        ]

    def chosen_service(self):
        """The chosen service, or None for all (an unknown choice also means all)."""
        if not self.is_bound or not self.is_valid():
            return None
        return self.services.get(self.cleaned_data["service"])


class PriorityChangeForm(forms.Form):
    priority = forms.ChoiceField(
        label=_("New priority"),
        choices=Priority.choices,
        widget=forms.RadioSelect(attrs={"class": "govuk-fieldset__legend--m"}),
        error_messages={"required": _("Select a priority")},
    )
    reason = forms.CharField(
        label=_("Why is the priority changing?"),
        help_text=_("This is kept in the case's history and the audit log"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Enter why the priority is changing")},
    )

    def __init__(self, *args, case: Case, **kwargs):
        self.case = case
        other = Priority.STANDARD if case.priority == Priority.URGENT else Priority.URGENT
        kwargs.setdefault("initial", {"priority": other})
        super().__init__(*args, **kwargs)

    def clean_priority(self):
        priority = self.cleaned_data["priority"]
        if priority == self.case.priority:
            raise forms.ValidationError(
                _("The case is already %(value)s priority. Choose the other priority")
                % {"value": Priority(priority).label.lower()}
            )
        return priority
