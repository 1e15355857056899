"""How fields, forms and the template tags render (beyond the fixture comparisons)."""

from django import forms
from django.template import Context, Template

from heard.design_system.fields import GovukDateField
from heard.design_system.renderers import GovukFormRenderer
from heard.design_system.widgets import GovukDateInput

from .helpers import make_form
from .htmltree import outline


def render(template, **context):
    return Template(template).render(Context(context))


def input_line(html, id_):
    [line] = [line for line in outline(html) if f"id='{id_}'" in line and "<input" in line]
    return line


def test_forms_use_the_govuk_renderer():
    form = make_form({"name": forms.CharField()})
    assert isinstance(form.renderer, GovukFormRenderer)


def test_no_required_attribute():
    # GOV.UK forms validate on the server; the <form> should have `novalidate`.
    form = make_form({"name": forms.CharField(required=True)})
    assert "required" not in str(form["name"])


def test_width_and_label_classes_from_widget_attrs():
    widget = forms.TextInput(attrs={"class": "govuk-input--width-10 govuk-label--m"})
    form = make_form({"postcode": forms.CharField(widget=widget)})
    lines = outline(form["postcode"].as_field_group())
    assert "  <label .govuk-label govuk-label--m [for='postcode']>" in lines
    assert (
        "  <input .govuk-input govuk-input--width-10 [id='postcode', name='postcode', type='text']>"
        in lines
    )


def test_email_input():
    form = make_form({"email": forms.EmailField()})
    line = input_line(str(form["email"]), "email")
    assert "autocomplete='email'" in line
    assert "spellcheck='false'" in line
    assert "type='email'" in line


def test_email_autocomplete_can_be_overridden():
    widget = forms.EmailInput(attrs={"autocomplete": "off"})
    form = make_form({"email": forms.EmailField(widget=widget)})
    assert "autocomplete='off'" in input_line(str(form["email"]), "email")


def test_number_input_is_text_with_numeric_inputmode():
    form = make_form({"count": forms.IntegerField(), "amount": forms.DecimalField()})
    count = input_line(str(form["count"]), "count")
    assert "type='text'" in count
    assert "inputmode='numeric'" in count
    amount = input_line(str(form["amount"]), "amount")
    assert "type='text'" in amount
    assert "inputmode" not in amount


def test_number_value_kept_on_error():
    form = make_form({"count": forms.IntegerField()}, data={"count": "twelve"})
    line = input_line(form["count"].as_field_group(), "count")
    assert "value='twelve'" in line
    assert "govuk-input--error" in line


def test_password_and_url_inputs():
    form = make_form(
        {
            "password": forms.CharField(widget=forms.PasswordInput),
            "site": forms.URLField(assume_scheme="https"),
        }
    )
    assert "type='password'" in input_line(str(form["password"]), "password")
    assert "spellcheck='false'" in input_line(str(form["site"]), "site")


def test_hidden_input_is_just_the_input():
    form = make_form({"token": forms.CharField(widget=forms.HiddenInput)})
    assert outline(form["token"].as_field_group()) == [
        "<input . [id='token', name='token', type='hidden']>"
    ]


def test_single_checkbox():
    field = forms.BooleanField(
        label="Send a copy",
        help_text="We'll email it",
        widget=forms.CheckboxInput(attrs={"class": "govuk-checkboxes--small"}),
    )
    form = make_form({"copy": field}, errors={"copy": "Choose"})
    lines = outline(form["copy"].as_field_group())
    assert lines[0] == "<div .govuk-form-group govuk-form-group--error []>"
    assert any(
        "<div .govuk-checkboxes govuk-checkboxes--small [data-module='govuk-checkboxes']>" in line
        for line in lines
    )
    assert any(
        "aria-describedby='copy-error copy-item-hint'" in line and "govuk-checkboxes__input" in line
        for line in lines
    )
    assert any(
        "<div .govuk-checkboxes__hint govuk-hint [id='copy-item-hint']>" in line for line in lines
    )


def test_textarea_rows_can_be_set():
    form = make_form({"notes": forms.CharField(widget=forms.Textarea(attrs={"rows": 8}))})
    assert 'rows="8"' in str(form["notes"])
    assert "cols" not in str(make_form({"n": forms.CharField(widget=forms.Textarea)})["n"])


def test_clearable_file_input_with_a_current_file():
    current = type(
        "FieldFile", (), {"url": "/media/letter.pdf", "__str__": lambda self: "letter.pdf"}
    )()
    form = make_form(
        {"letter": forms.FileField(required=False)}, initial={"letter": current}, auto_id="id_%s"
    )
    html = form["letter"].as_field_group()
    assert 'class="govuk-file-upload"' in html
    assert '<a class="govuk-link" href="/media/letter.pdf">letter.pdf</a>' in html
    assert 'name="letter-clear"' in html


def test_multiple_errors_in_one_message():
    form = make_form({"name": forms.CharField(required=False)}, errors={"name": ["One", "Two"]})
    lines = outline(form["name"].as_field_group())
    start = lines.index("  <p .govuk-error-message [id='name-error']>")
    assert lines[start + 1 :] == [
        "    <span .govuk-visually-hidden []>",
        "      'Error:'",
        "    'One'",
        "    <br . []>",
        "    'Two'",
        "  <input .govuk-input govuk-input--error"
        " [aria-describedby='name-error', id='name', name='name', type='text']>",
    ]


def test_form_renders_fields_in_order_non_field_errors_and_hidden_fields():
    form = make_form(
        {
            "first": forms.CharField(required=False),
            "second": forms.CharField(required=False),
            "token": forms.CharField(required=False, widget=forms.HiddenInput),
        },
        errors={None: "Those details don't match"},
    )
    html = str(form)
    assert html.index("Those details don") < html.index('id="first"') < html.index('id="second"')
    assert 'type="hidden"' in html


def test_radios_ids_and_label_class():
    widget = forms.RadioSelect(attrs={"class": "govuk-fieldset__legend--m"})
    field = forms.ChoiceField(choices=[("a", "A"), ("b", "B"), ("c", "C")], widget=widget)
    form = make_form({"choice": field}, auto_id="id_%s")
    lines = outline(form["choice"].as_field_group())
    ids = [line.split("id='")[1].split("'")[0] for line in lines if "<input" in line]
    assert ids == ["id_choice", "id_choice-2", "id_choice-3"]
    assert any("<legend .govuk-fieldset__legend govuk-fieldset__legend--m []>" in x for x in lines)
    assert any("<div .govuk-radios [data-module='govuk-radios']>" in x for x in lines)


# Error summary and title ---------------------------------------------------------------------


def _invalid_form():
    return make_form(
        {
            "name": forms.CharField(),
            "colour": forms.ChoiceField(choices=[("r", "Red")], widget=forms.RadioSelect),
            "date_of_birth": GovukDateField(label="Date of birth", widget=GovukDateInput),
            "token": forms.CharField(widget=forms.HiddenInput),
        },
        data={"date_of_birth-day": "1", "date_of_birth-year": "1990"},
        auto_id="id_%s",
    )


def test_error_summary_links_to_first_inputs():
    html = render("{% govuk_error_summary form %}", form=_invalid_form())
    lines = outline(html)
    hrefs = [line.split("href='")[1].split("'")[0] for line in lines if "href=" in line]
    assert hrefs == ["#id_name", "#id_colour", "#id_date_of_birth-month"]
    assert "    <h2 .govuk-error-summary__title []>" in lines
    assert any("(Hidden field token) This field is required." in line for line in lines)
    assert any("[data-module='govuk-error-summary']" in line for line in lines)
    assert any("[role='alert']" in line for line in lines)


def test_error_summary_for_several_forms_and_nothing_when_valid():
    valid = make_form({"name": forms.CharField(required=False)}, data={})
    assert render("{% govuk_error_summary form %}", form=valid).strip() == ""
    unbound = make_form({"name": forms.CharField()})
    assert render("{% govuk_error_summary form %}", form=unbound).strip() == ""
    other = make_form({"other": forms.CharField()}, data={})
    html = render("{% govuk_error_summary a b %}", a=_invalid_form(), b=other)
    assert 'href="#other"' in html
    assert 'href="#id_name"' in html
    html = render("{% govuk_error_summary forms %}", forms=[valid, other])
    assert 'href="#other"' in html


def test_error_summary_for_a_formset():
    formset_class = forms.formset_factory(
        type("ItemForm", (forms.Form,), {"item": forms.CharField()}), extra=0
    )
    formset = formset_class(
        data={"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-0-item": ""}
    )
    assert 'href="#id_form-0-item"' in render("{% govuk_error_summary fs %}", fs=formset)
    assert render("{{ fs|govuk_title_prefix }}", fs=formset) == "Error: "


def test_title_prefix():
    template = "{{ form|govuk_title_prefix }}Add a person"
    assert render(template, form=make_form({"name": forms.CharField()})) == "Add a person"
    assert render(template, form=_invalid_form()) == "Error: Add a person"
    valid = make_form({"name": forms.CharField(required=False)}, data={})
    assert render(template, form=valid) == "Add a person"
    assert render(template, form=[valid, _invalid_form()]) == "Error: Add a person"


def test_error_summary_links_to_the_first_input_of_other_multiwidgets():
    form = make_form({"when": forms.SplitDateTimeField()}, data={}, auto_id="id_%s")
    html = render("{% govuk_error_summary form %}", form=form)
    assert 'href="#id_when_0"' in html
    assert 'id="id_when_0"' in form["when"].as_field_group()


def test_widget_aria_describedby_goes_first_and_on_the_fieldset_for_radios():
    widget = forms.TextInput(attrs={"aria-describedby": "extra"})
    form = make_form({"name": forms.CharField(help_text="Hint", widget=widget)})
    assert 'aria-describedby="extra name-hint"' in str(form["name"])
    widget = forms.RadioSelect(attrs={"aria-describedby": "extra"})
    field = forms.ChoiceField(choices=[("a", "A")], widget=widget, help_text="Hint")
    lines = outline(make_form({"pick": field})["pick"].as_field_group())
    assert "  <fieldset .govuk-fieldset [aria-describedby='extra pick-hint']>" in lines
    assert sum("aria-describedby" in line for line in lines) == 1
