"""Compare HTML by structure: tags, classes, key attributes and text, ignoring layout."""

from html.parser import HTMLParser

VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
KEY_ATTRIBUTES = frozenset(
    {
        "aria-describedby",
        "autocomplete",
        "checked",
        "data-module",
        "disabled",
        "draggable",
        "for",
        "href",
        "id",
        "inputmode",
        "multiple",
        "name",
        "role",
        "rows",
        "selected",
        "spellcheck",
        "type",
        "value",
    }
)


class _Outliner(HTMLParser):
    def __init__(self, attributes):
        super().__init__(convert_charrefs=True)
        self.attributes = attributes
        self.lines: list[str] = []
        self.depth = 0
        self.text: list[str] = []

    def _flush_text(self):
        text = " ".join("".join(self.text).split())
        if text:
            self.lines.append("  " * self.depth + repr(text))
        self.text = []

    def handle_starttag(self, tag, attrs):
        self._flush_text()
        attrs = dict(attrs)
        classes = " ".join(sorted((attrs.pop("class", None) or "").split()))
        kept = ", ".join(
            f"{name}={'' if value is None else value!r}"
            for name, value in sorted(attrs.items())
            if name in self.attributes
        )
        self.lines.append("  " * self.depth + f"<{tag} .{classes} [{kept}]>")
        if tag not in VOID_ELEMENTS:
            self.depth += 1

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS:
            self.depth -= 1

    def handle_endtag(self, tag):
        if tag in VOID_ELEMENTS:
            return
        self._flush_text()
        self.depth -= 1

    def handle_data(self, data):
        self.text.append(data)

    def close(self):
        super().close()
        self._flush_text()


def outline(html: str, ignore=(), attributes=KEY_ATTRIBUTES) -> list[str]:
    """One line per element (tag, sorted classes, key attributes) or run of text, indented."""
    parser = _Outliner(attributes - set(ignore))
    parser.feed(str(html))
    parser.close()
    return parser.lines
