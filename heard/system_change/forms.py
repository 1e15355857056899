"""Forms for the system issues register. Field markup comes from the design system renderer."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from heard.core import nations
from heard.design_system.fields import GovukDateField

from .models import ActionStatus, SystemIssueStatus, Theme

NEW = "new"
WHOLE_CASE = "case"
NONE = "none"


def _title_field() -> forms.CharField:
    return forms.CharField(
        label=_("Title"),
        help_text=_(
            "A short name for the pattern, for example “Care homes refusing advocates access”. "
            "Do not include anyone's name"
        ),
        max_length=200,
        error_messages={
            "required": _("Enter a title"),
            "max_length": _("Title must be 200 characters or fewer"),
        },
    )


def _theme_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Theme"),
        choices=Theme.choices,
        widget=forms.RadioSelect(attrs={"class": "govuk-fieldset__legend--s"}),
        error_messages={"required": _("Select a theme")},
    )


def _description_field() -> forms.CharField:
    return forms.CharField(
        label=_("What is happening"),
        help_text=_("What advocates are seeing, and why it needs change beyond one person"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Enter what is happening")},
    )


class SystemIssueForm(forms.Form):
    title = _title_field()
    theme = _theme_field()
    description = _description_field()
    who_it_affects = forms.CharField(
        label=_("Who it affects (optional)"),
        help_text=_("For example, people in care homes in the Leeds area who lack capacity"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    bodies_responsible = forms.CharField(
        label=_("Bodies responsible (optional)"),
        help_text=nations.term("bodies.examples", nations.ENGLAND),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, nation=None, **kwargs):
        super().__init__(*args, **kwargs)
        if nation is not None:
            # A Welsh organisation answers to health boards and CIW, not NHS trusts and CQC.
            self.fields["bodies_responsible"].help_text = nations.term("bodies.examples", nation)


class SystemIssueEditForm(SystemIssueForm):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=SystemIssueStatus.choices,
        help_text=_(
            "Accept a proposal by marking it open. Close it when the change has happened "
            "or can go no further"
        ),
        widget=forms.RadioSelect(attrs={"class": "govuk-fieldset__legend--s"}),
        error_messages={"required": _("Select a status")},
    )


class TagCaseForm(forms.Form):
    """Tag a case: choose a system issue (or propose one) and, optionally, one of its issues."""

    system_issue = forms.ChoiceField(
        label=_("Which system issue does this case show?"),
        widget=forms.RadioSelect(attrs={"class": "govuk-fieldset__legend--m"}),
        error_messages={"required": _("Select a system issue, or choose to propose a new one")},
    )
    title = forms.CharField(
        label=_("Title of the new system issue"),
        help_text=_("Only if you are proposing a new one. Do not include anyone's name"),
        max_length=200,
        required=False,
        error_messages={"max_length": _("Title must be 200 characters or fewer")},
    )
    theme = forms.ChoiceField(
        label=_("Theme of the new system issue"),
        choices=[("", _("Choose a theme")), *Theme.choices],
        required=False,
    )
    description = forms.CharField(
        label=_("What is happening"),
        help_text=_("What you have seen, and why it needs change beyond this person"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    issue = forms.ChoiceField(
        label=_("Which of the person's issues shows it? (optional)"),
        required=False,
        widget=forms.RadioSelect(attrs={"class": "govuk-fieldset__legend--m"}),
    )
    challenge = forms.ChoiceField(
        label=_("Which challenge shows it? (optional)"),
        required=False,
        widget=forms.RadioSelect(attrs={"class": "govuk-fieldset__legend--m"}),
    )

    def __init__(self, *args, system_issues=(), issues=(), challenges=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.system_issues = {str(item.pk): item for item in system_issues}
        self.issues = {str(item.pk): item for item in issues}
        self.challenges = {str(item.pk): item for item in challenges}
        self.fields["system_issue"].choices = [
            *[
                (pk, item.title + (" (proposed)" if item.status == "proposed" else ""))
                for pk, item in self.system_issues.items()
            ],
            (NEW, _("None of these: propose a new system issue")),
        ]
        if self.issues:
            self.fields["issue"].choices = [
                (WHOLE_CASE, _("The case as a whole")),
                *[(pk, _shorten(item.in_their_words)) for pk, item in self.issues.items()],
            ]
            self.initial.setdefault("issue", WHOLE_CASE)
        else:
            del self.fields["issue"]
        if self.challenges:
            self.fields["challenge"].choices = [
                (NONE, _("No particular challenge")),
                *[(pk, str(item)) for pk, item in self.challenges.items()],
            ]
            self.initial.setdefault("challenge", NONE)
        else:
            del self.fields["challenge"]

    def clean(self):
        data = super().clean()
        if data.get("system_issue") == NEW:
            if not data.get("title"):
                self.add_error("title", _("Enter a title for the new system issue"))
            if not data.get("theme"):
                self.add_error("theme", _("Select a theme for the new system issue"))
            if not data.get("description"):
                self.add_error("description", _("Enter what is happening"))
        return data

    def chosen_system_issue(self):
        """The existing system issue chosen, or None when proposing a new one."""
        return self.system_issues.get(self.cleaned_data["system_issue"])

    def chosen_issue(self):
        return self.issues.get(self.cleaned_data.get("issue") or "")

    def chosen_challenge(self):
        return self.challenges.get(self.cleaned_data.get("challenge") or "")

    def proposal(self) -> dict:
        return {
            "title": self.cleaned_data["title"],
            "theme": self.cleaned_data["theme"],
            "description": self.cleaned_data["description"],
        }


def _shorten(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class ActionForm(forms.Form):
    description = forms.CharField(
        label=_("Action"),
        help_text=_(
            "What will be done, and by whom outside the organisation if anyone. "
            "Do not include the names of people who use the service"
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Enter the action")},
    )
    owner = forms.ChoiceField(label=_("Owner"), required=False)
    due_on = GovukDateField(
        label=_("Due date (optional)"),
        error_label=_("Due date"),
        help_text=_("For example, 31 3 2026"),
        required=False,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=ActionStatus.choices,
        initial=ActionStatus.NOT_STARTED,
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline govuk-fieldset__legend--s"}),
        error_messages={"required": _("Select a status")},
    )
    what_changed = forms.CharField(
        label=_("What changed (optional)"),
        help_text=_(
            "What is different as a result, for example a policy rewritten or "
            "leaflets now in Easy Read"
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {str(member.pk): member for member in members}
        self.fields["owner"].choices = [
            ("", _("No owner yet")),
            *[(pk, member.user.full_name) for pk, member in self.members.items()],
        ]

    def clean_owner(self):
        value = self.cleaned_data["owner"]
        if value and value not in self.members:
            raise forms.ValidationError(_("Choose a current member of staff"))
        return self.members.get(value)


class ShareForm(forms.Form):
    share = forms.ChoiceField(
        label=_("Share an anonymised summary with the network?"),
        choices=[("yes", _("Yes, share it")), ("no", _("No, do not share it"))],
        widget=forms.RadioSelect(attrs={"class": "govuk-fieldset__legend--m"}),
        error_messages={"required": _("Select whether to share this system issue")},
    )


class RegisterFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("current", _("Open and proposed")),
            ("open", _("Open")),
            ("proposed", _("Proposed")),
            ("closed", _("Closed")),
            ("all", _("All")),
        ],
    )
    growing = forms.BooleanField(label=_("Only growing system issues"), required=False)
