"""Forms for the network hub. Field markup comes from the design system renderer."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from heard.design_system.fields import GovukDateField

from .models import (
    QuestionKind,
    ResourceAudience,
    ResourceKind,
    ResourceLanguage,
    ResourceNation,
)

RADIOS = {"class": "govuk-fieldset__legend--s"}


def _text(rows=5):
    return forms.Textarea(attrs={"rows": rows})


class NetworkForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the network"),
        max_length=200,
        error_messages={"required": _("Enter the name of the network")},
    )
    description = forms.CharField(
        label=_("What the network is for (optional)"), required=False, widget=_text(3)
    )


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class InviteForm(forms.Form):
    organisation = OrganisationChoiceField(
        label=_("Organisation"),
        queryset=None,
        empty_label=_("Choose an organisation"),
        error_messages={
            "required": _("Choose an organisation to invite"),
            "invalid_choice": _("Choose an organisation from the list"),
        },
    )
    region = forms.CharField(
        label=_("Region (optional)"),
        help_text=_("Used for regional views of the national picture, like North West"),
        required=False,
        max_length=60,
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class CoordinatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.user.full_name or obj.user.email


class CoordinatorForm(forms.Form):
    membership = CoordinatorChoiceField(
        label=_("Coordinator"),
        queryset=None,
        empty_label=_("Choose a person"),
        error_messages={
            "required": _("Choose a person"),
            "invalid_choice": _("Choose a person from the list"),
        },
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = candidates


class AgreementForm(forms.Form):
    text = forms.CharField(
        label=_("The agreement"),
        widget=_text(12),
        error_messages={"required": _("Enter the text of the agreement")},
    )
    summary_of_changes = forms.CharField(
        label=_("What has changed"),
        help_text=_("Members' admins read this before accepting the new version"),
        required=False,
        widget=_text(3),
    )


class ConfirmForm(forms.Form):
    """A button that posts; nothing to fill in."""


class InvitationForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Do you want to join this network?"),
        choices=[("accept", _("Yes, join the network")), ("decline", _("No, decline"))],
        widget=forms.RadioSelect(attrs=RADIOS),
        error_messages={"required": _("Select whether to join the network")},
    )


class TopicForm(forms.Form):
    title = forms.CharField(
        label=_("Topic"), max_length=120, error_messages={"required": _("Enter the topic")}
    )
    description = forms.CharField(label=_("Description (optional)"), required=False, max_length=300)


class PostFields(forms.Form):
    anonymous = forms.BooleanField(
        label=_("Post anonymously"),
        help_text=_("Other members will not see your name or organisation. Moderators will."),
        required=False,
    )
    confirmed = forms.BooleanField(
        label=_("I have checked: this identifies nobody I support"), required=False
    )


class ThreadForm(PostFields):
    title = forms.CharField(
        label=_("Title"), max_length=150, error_messages={"required": _("Enter a title")}
    )
    body = forms.CharField(
        label=_("Your post"),
        help_text=_(
            "Share practice, not people. Never include names, dates of birth, NHS "
            "numbers or addresses."
        ),
        widget=_text(8),
        max_length=10_000,
        error_messages={"required": _("Enter your post")},
    )
    field_order = ["title", "body", "anonymous", "confirmed"]


class ReplyForm(PostFields):
    body = forms.CharField(
        label=_("Your reply"),
        help_text=_(
            "Share practice, not people. Never include names, dates of birth, NHS "
            "numbers or addresses."
        ),
        widget=_text(6),
        max_length=10_000,
        error_messages={"required": _("Enter your reply")},
    )
    field_order = ["body", "anonymous", "confirmed"]


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you reporting this post?"),
        widget=_text(4),
        max_length=2000,
        error_messages={"required": _("Enter why you are reporting this post")},
    )


class ModerateForm(forms.Form):
    action = forms.ChoiceField(
        label=_("What do you want to do?"),
        choices=[
            ("hide", _("Hide the post")),
            ("show", _("Show the post again")),
            ("edit", _("Edit the post")),
        ],
        widget=forms.RadioSelect(attrs=RADIOS),
        error_messages={"required": _("Select what to do with the post")},
    )
    body = forms.CharField(
        label=_("New text (when editing)"), required=False, widget=_text(6), max_length=10_000
    )
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("Shown to readers beside the post"),
        max_length=300,
        error_messages={"required": _("Enter the reason")},
    )


class SuspendForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=300, error_messages={"required": _("Enter the reason")}
    )
    until = GovukDateField(
        label=_("Suspended until (optional)"),
        error_label=_("Date"),
        help_text=_("Leave empty to suspend until a coordinator lifts it. For example, 27 3 2026"),
        required=False,
    )


class SurveyForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=200, error_messages={"required": _("Enter a title")}
    )
    introduction = forms.CharField(label=_("Introduction"), required=False, widget=_text(4))
    introduction_easy_read = forms.CharField(
        label=_("Easy Read introduction (optional)"), required=False, widget=_text(4)
    )
    title_cy = forms.CharField(label=_("Title in Welsh (optional)"), required=False, max_length=200)
    introduction_cy = forms.CharField(
        label=_("Introduction in Welsh (optional)"), required=False, widget=_text(4)
    )


class QuestionForm(forms.Form):
    text = forms.CharField(
        label=_("Question"), max_length=300, error_messages={"required": _("Enter the question")}
    )
    kind = forms.ChoiceField(
        label=_("Type of answer"),
        choices=QuestionKind.choices,
        widget=forms.RadioSelect(attrs=RADIOS),
        error_messages={"required": _("Select the type of answer")},
    )
    choices = forms.CharField(
        label=_("Answers to choose from"),
        help_text=_("For single and multiple choice: one answer on each line"),
        required=False,
        widget=_text(5),
    )
    required = forms.BooleanField(label=_("People must answer this question"), required=False)
    text_easy_read = forms.CharField(
        label=_("Easy Read wording (optional)"), required=False, max_length=300
    )
    text_cy = forms.CharField(label=_("Welsh wording (optional)"), required=False, max_length=300)


class SurveyStatusForm(forms.Form):
    status = forms.ChoiceField(
        choices=[("open", _("Open")), ("closed", _("Closed"))],
        widget=forms.HiddenInput,
    )


class ReportSummaryForm(forms.Form):
    summary = forms.CharField(
        label=_("What the results show"),
        widget=_text(8),
        error_messages={"required": _("Enter a summary of what the results show")},
    )


class SurveyAnswerForm(forms.Form):
    """One field per question, worded for the version chosen (standard, Easy Read or Welsh)."""

    def __init__(self, *args, questions, version="standard", **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            label = question.text
            if version == "easy_read" and question.text_easy_read:
                label = question.text_easy_read
            elif version == "cy" and question.text_cy:
                label = question.text_cy
            if not question.required:
                label = _("%(question)s (optional)") % {"question": label}
            required = {
                "required": _("Answer this question"),
                "invalid_choice": _("Choose an answer from the list"),
            }
            options = [(o, o) for o in question.options()]
            if question.kind == QuestionKind.MULTIPLE:
                field = forms.MultipleChoiceField(
                    choices=options,
                    widget=forms.CheckboxSelectMultiple(attrs=RADIOS),
                    help_text=_("Select all that apply"),
                )
                required["invalid_choice"] = _("Choose answers from the list")
            elif question.kind == QuestionKind.TEXT:
                field = forms.CharField(widget=_text(4), max_length=2000)
                required["max_length"] = _("Answer in 2,000 characters or fewer")
            else:
                field = forms.ChoiceField(
                    choices=options,
                    widget=forms.RadioSelect(attrs=RADIOS),
                    help_text=_("1 is the lowest, 5 the highest")
                    if question.kind == QuestionKind.SCALE
                    else "",
                )
            field.label = label
            field.required = question.required
            field.error_messages.update(required)
            self.fields[f"q{question.pk}"] = field
        self.fields["share_organisation"] = forms.BooleanField(
            label=_("You may record which organisation I work for and the month I answered"),
            help_text=_("Optional. Your name is never recorded."),
            required=False,
        )

    def clean(self):
        from .personal_data import check_text

        cleaned = super().clean()
        for question in self.questions:
            name = f"q{question.pk}"
            if question.kind == QuestionKind.TEXT and cleaned.get(name):
                check = check_text(cleaned[name])
                if check.blocks:
                    self.add_error(name, check.blocks[0])
        return cleaned

    def answers(self) -> dict:
        result = {}
        for question in self.questions:
            value = self.cleaned_data.get(f"q{question.pk}")
            if value:
                result[str(question.pk)] = value
        return result


class PeriodForm(forms.Form):
    start = GovukDateField(
        label=_("From"), error_label=_("Start date"), help_text=_("For example, 1 4 2026")
    )
    end = GovukDateField(
        label=_("To"), error_label=_("End date"), help_text=_("For example, 30 6 2026")
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end date must be the same as or after the start date"))
        return cleaned


class FiguresUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Upload a member's signed figures file"),
        help_text=_("The JSON file a member's Heard made"),
        widget=forms.FileInput(attrs={"accept": ".json"}),
        error_messages={
            "required": _("Select a file"),
            "empty": _("The selected file is empty"),
            "invalid": _("Select a file"),
        },
    )


class InstallationForm(forms.Form):
    public_key = forms.CharField(
        label=_("The member's public key"),
        help_text=_("Shown on the Figures page of the member's own Heard"),
        max_length=64,
        error_messages={"required": _("Enter the member's public key")},
    )


def _file_field(label):
    from heard.casework.services.documents import ACCEPT_ATTRIBUTE

    return forms.FileField(
        label=label,
        widget=forms.FileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
        error_messages={
            "required": _("Select a file"),
            "empty": _("The selected file is empty"),
            "invalid": _("Select a file"),
        },
    )


class _UploadForm(forms.Form):
    def __init__(self, *args, upload_refused=False, **kwargs):
        from heard.casework.services.documents import ACCEPTED_LABEL, max_bytes, size_label

        super().__init__(*args, **kwargs)
        limit = size_label(max_bytes())
        self.fields["file"].help_text = _("%(types)s. Smaller than %(limit)s") % {
            "types": ACCEPTED_LABEL,
            "limit": limit,
        }
        if upload_refused:
            self.fields["file"].error_messages["required"] = _(
                "The selected file must be smaller than %(limit)s"
            ) % {"limit": limit}


class ResourceForm(_UploadForm):
    title = forms.CharField(
        label=_("Title"), max_length=200, error_messages={"required": _("Enter a title")}
    )
    summary = forms.CharField(label=_("Summary (optional)"), required=False, widget=_text(3))
    kind = forms.ChoiceField(
        label=_("Type of resource"),
        choices=ResourceKind.choices,
        widget=forms.RadioSelect(attrs=RADIOS),
        error_messages={"required": _("Select the type of resource")},
    )
    audience = forms.ChoiceField(
        label=_("Who is it for?"),
        choices=ResourceAudience.choices,
        widget=forms.RadioSelect(attrs=RADIOS),
        error_messages={"required": _("Select who it is for")},
    )
    nation = forms.ChoiceField(
        label=_("Which law does it follow?"),
        choices=ResourceNation.choices,
        initial=ResourceNation.BOTH,
        widget=forms.RadioSelect(attrs=RADIOS),
        error_messages={"required": _("Select which nation's law it follows")},
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=ResourceLanguage.choices,
        initial=ResourceLanguage.ENGLISH,
        widget=forms.RadioSelect(attrs=RADIOS),
        error_messages={"required": _("Select the language")},
    )
    easy_read = forms.BooleanField(label=_("It is in Easy Read"), required=False)
    tags = forms.CharField(
        label=_("Tags (optional)"),
        help_text=_("Separate tags with commas, like DoLS, care homes"),
        required=False,
        max_length=300,
    )
    file = _file_field(_("Upload the file"))

    def clean_tags(self):
        seen = []
        for tag in self.cleaned_data["tags"].split(","):
            tag = tag.strip()[:40]
            if tag and tag.lower() not in [t.lower() for t in seen]:
                seen.append(tag)
        return seen[:10]


class VersionForm(_UploadForm):
    file = _file_field(_("Upload the new version"))
    note = forms.CharField(label=_("What changed (optional)"), required=False, max_length=300)


class ResourceFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types")), *ResourceKind.choices]
    )
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("All languages")), *ResourceLanguage.choices],
    )
    nation = forms.ChoiceField(
        label=_("Nation"), required=False, choices=[("", _("All")), *ResourceNation.choices]
    )
    easy_read = forms.BooleanField(label=_("Easy Read only"), required=False)


class RemoteHubForm(forms.Form):
    """A hub on another installation. The token is write-only: it is never put back in the
    page, and on a change a blank token keeps the saved one."""

    name = forms.CharField(
        label=_("Network name"),
        help_text=_("As the hub's coordinator names it. It is sent with your figures."),
        max_length=200,
        error_messages={"required": _("Enter the network's name")},
    )
    url = forms.URLField(
        label=_("Hub address"),
        help_text=_(
            "The figures address the hub's coordinator gave you, starting https:// and "
            "ending /api/v1/network/figures/"
        ),
        max_length=200,
        assume_scheme="https",
        error_messages={
            "required": _("Enter the hub's address"),
            "invalid": _(
                "Enter the hub's address in the right format, like https://hub.example.org/api/v1/network/figures/"
            ),
        },
    )
    token = forms.CharField(
        label=_("Network token"),
        help_text=_("The token the hub's coordinator issued to your organisation"),
        max_length=200,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        error_messages={"required": _("Enter the network token")},
    )
    active = forms.BooleanField(
        label=_("Send figures to this hub each quarter"),
        help_text=_("Untick to pause sending without removing the hub"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, masked_token: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if masked_token:
            token = self.fields["token"]
            token.required = False
            token.label = _("New network token (optional)")
            token.help_text = _(
                "A token is saved (%(masked)s). It is not shown again. Leave this empty to "
                "keep it, or enter a new one the hub's coordinator issued."
            ) % {"masked": masked_token}
