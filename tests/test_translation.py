"""Every user-visible string in a template is marked for translation, and the compiled Welsh
catalogue matches its source."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.template.base import DebugLexer, TokenType

HEARD = Path(settings.BASE_DIR)
TEMPLATES = sorted(
    path
    for pattern in ("**/templates/**/*.html", "**/templates/**/*.txt")
    for path in HEARD.glob(pattern)
)
WORD = re.compile(r"[A-Za-z]")
# Attributes a screen reader reads out or a browser shows.
VISIBLE_ATTRIBUTES = re.compile(r'\s(aria-label|alt|title|placeholder)="([^"]*)"')
TRANSLATING = {"blocktranslate": "endblocktranslate", "blocktrans": "endblocktrans"}
SKIPPED = {"comment": "endcomment", "verbatim": "endverbatim"}


def _strip_template_syntax(value: str) -> str:
    return re.sub(r"\{%.*?%\}|\{\{.*?\}\}", "", value)


def untranslated_text(source: str, plain_text: bool = False) -> list[str]:
    """Visible text outside ``{% translate %}``/``{% blocktranslate %}``: words between HTML
    tags (or anywhere in a plain-text email) and words in visible attributes. Punctuation,
    numbers and variables are allowed."""
    found: list[str] = []
    inside_tag, tag, raw_text_element = False, "", False
    closing: list[str] = []
    for token in DebugLexer(source).tokenize():
        raw = source[token.position[0] : token.position[1]]
        if closing:
            if token.token_type == TokenType.BLOCK and token.contents.split()[0] == closing[-1]:
                closing.pop()
            if inside_tag:
                tag += "{% %}"
            continue
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0]
            if name in TRANSLATING or name in SKIPPED:
                closing.append({**TRANSLATING, **SKIPPED}[name])
            if inside_tag:
                tag += raw
            continue
        if token.token_type != TokenType.TEXT:
            if inside_tag:
                tag += raw
            continue
        if plain_text:
            found += [text.strip() for text in raw.splitlines() if WORD.search(text)]
            continue
        text = ""
        for char in raw:
            if inside_tag:
                tag += char
                if (tag.startswith("<!--") and tag.endswith("-->")) or (
                    not tag.startswith("<!--") and char == ">"
                ):
                    inside_tag = False
                    lowered = tag.lower()
                    raw_text_element = lowered.startswith(("<script", "<style")) or (
                        raw_text_element and not lowered.startswith(("</script", "</style"))
                    )
                    for attribute, value in VISIBLE_ATTRIBUTES.findall(_strip_template_syntax(tag)):
                        if WORD.search(_strip_template_syntax(value)):
                            found.append(f'{attribute}="{value}"')
            elif char == "<":
                if text.strip() and WORD.search(text) and not raw_text_element:
                    found.append(text.strip())
                text, tag, inside_tag = "", "<", True
            else:
                text += char
        if not inside_tag and WORD.search(text) and not raw_text_element:
            found.append(text.strip())
    return found


def test_the_check_catches_unmarked_text_and_allows_marked_text():
    """The test below would fail on a plain heading, an unmarked label or an email line."""
    assert untranslated_text("<h1>Cases</h1>") == ["Cases"]
    assert untranslated_text('<div aria-label="People waiting"></div>') == [
        'aria-label="People waiting"'
    ]
    assert untranslated_text("Hello {{ name }},", plain_text=True) == ["Hello"]
    marked = (
        '{% load i18n %}<h1>{% translate "Cases" %}</h1><p>{{ count }} – ({{ total }})</p>'
        '<div aria-label="{% translate "People" %}"></div>'
        "{% blocktranslate %}<b>Hello</b> {{ name }}{% endblocktranslate %}"
        "<script>var words = 1;</script>{% comment %}Not shown{% endcomment %}"
    )
    assert untranslated_text(marked) == []


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda path: str(path.relative_to(HEARD)))
def test_every_template_string_is_marked_for_translation(path):
    """Wrap visible text in {% translate %} or {% blocktranslate %} (with ``count`` for plurals)."""
    assert untranslated_text(path.read_text(), plain_text=path.suffix == ".txt") == []


# --- the Welsh catalogue ---------------------------------------------------------------------

PO = HEARD / "locale" / "cy" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def test_the_compiled_welsh_catalogue_matches_its_source():
    """Run `make messages` after editing django.po: the .mo must hold the same translations."""
    source = {
        (entry.msgctxt, entry.msgid): entry.msgstr or entry.msgstr_plural.get(0, "")
        for entry in polib.pofile(str(PO)).translated_entries()
    }
    compiled = {
        (entry.msgctxt, entry.msgid): entry.msgstr or entry.msgstr_plural.get(0, "")
        for entry in polib.mofile(str(MO))
        if entry.msgid
    }
    assert compiled == source


def test_welsh_translations_are_never_fuzzy():
    """Fuzzy entries are dropped from the compiled catalogue; mark for review with a comment."""
    assert [entry.msgid for entry in polib.pofile(str(PO)) if "fuzzy" in entry.flags] == []


def test_the_header_and_sign_in_speak_welsh(client):
    """Choosing Cymraeg turns the sign-in page Welsh, and the switch offers English back."""
    response = client.post("/i18n/setlang/", {"language": "cy", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert response.url == "/accounts/login/"
    body = client.get("/accounts/login/").content.decode()
    assert '<html lang="cy"' in body
    assert "Mewngofnodi" in body
    assert 'value="en" lang="en"' in body


def test_the_public_referral_starts_in_welsh(client, organisation):
    """A person who chooses Cymraeg is asked to refer in Welsh from the first page."""
    client.post("/i18n/setlang/", {"language": "cy", "next": "/"})
    body = client.get(f"/refer/{organisation.slug}/", follow=True).content.decode()
    assert f"Atgyfeirio at {organisation.name}" in body
    assert "Parhau" in body


def test_english_stays_the_default(client):
    """Without a choice or a Welsh browser, pages are in English."""
    body = client.get("/accounts/login/").content.decode()
    assert '<html lang="en-GB"' in body and "Sign in to Heard" in body


# --- Python: flash messages, form labels and validation messages ------------------------------

PYTHON_SKIPPED = ("tests", "migrations", "management", "settings", "demo", "backups")
MARKERS = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy"}
FORM_TEXT = {"label", "help_text", "empty_label", "title", "error_label"}
# Exceptions whose text only a developer or the command line sees.
DEVELOPER_ERRORS = {
    "ValueError",
    "TypeError",
    "KeyError",
    "RuntimeError",
    "AttributeError",
    "LookupError",
    "ImproperlyConfigured",
    "CommandError",
    "BackupError",
    "DecryptionError",
    "CensusFileError",
    "NotImplementedError",
}
WORDS = re.compile(r"[A-Za-z]{2,}")


def _is_text(node) -> bool:
    import ast

    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(WORDS.search(node.value))
    if isinstance(node, ast.JoinedStr):  # an f-string: a sentence built outside gettext
        return any(isinstance(v, ast.Constant) and WORDS.search(v.value) for v in node.values)
    return False


def unmarked_python_text(source: str, *, model_module: bool = False) -> list[str]:
    """Plain strings given to ``messages.*``, ``ValidationError``, ``add_error``, a refusal
    (an exception named ``…Error``/``…Refused``), a field's ``label``/``help_text``/``choices``
    or ``error_messages``: each must be wrapped in ``gettext``/``gettext_lazy``."""
    import ast

    found = []
    for call in ast.walk(ast.parse(source)):
        if not isinstance(call, ast.Call):
            continue
        func = call.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        if name in MARKERS:
            continue
        texts = []
        owner = getattr(func, "value", None)
        if isinstance(owner, ast.Name) and owner.id == "messages":
            texts += call.args[1:]
        if name == "add_error":
            texts += call.args[1:2]
        if name not in DEVELOPER_ERRORS and (
            name in ("ValidationError", "PermissionDenied") or name.endswith(("Error", "Refused"))
        ):
            texts += call.args[:1]
        for keyword in call.keywords:
            if keyword.arg in FORM_TEXT and not (model_module and keyword.arg == "help_text"):
                texts.append(keyword.value)
            if keyword.arg == "error_messages" and isinstance(keyword.value, ast.Dict):
                texts += keyword.value.values
            if keyword.arg == "choices" and isinstance(keyword.value, ast.List | ast.Tuple):
                texts += [
                    pair.elts[1]
                    for pair in keyword.value.elts
                    if isinstance(pair, ast.Tuple) and len(pair.elts) == 2
                ]
        found += [f"line {t.lineno}: {ast.unparse(t)[:80]}" for t in texts if _is_text(t)]
    return found


PYTHON_MODULES = sorted(
    path
    for path in HEARD.rglob("*.py")
    if not set(path.relative_to(HEARD).parts) & set(PYTHON_SKIPPED)
    # The API's OpenAPI descriptions are for developers; seed data is the demo's content.
    and path.name not in ("schema.py", "seed.py")
)


def test_the_python_check_catches_an_unmarked_flash_message_and_label():
    source = (
        "messages.success(request, f'Case {case.reference} is closed')\n"
        "messages.info(request, _('Saved'))\n"
        "forms.CharField(label='Name', help_text=_('Full name'))\n"
        "raise ValidationError('Enter a date')\n"
        "raise ValueError('developer text')\n"
    )
    assert len(unmarked_python_text(source)) == 3


@pytest.mark.parametrize("path", PYTHON_MODULES, ids=lambda path: str(path.relative_to(HEARD)))
def test_every_python_message_and_label_is_marked_for_translation(path):
    """Flash messages, refusals and form wording say ``_("…")``, with ``%(name)s`` placeholders
    for what changes: never an f-string, which makemessages cannot collect."""
    model_module = path.name in ("models.py", "api.py") or path.parent.name == "api"
    assert unmarked_python_text(path.read_text(), model_module=model_module) == []
