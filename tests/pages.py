"""Reading a rendered page the way a person does, for assertions in tests."""

import html
import re


def text_of(response) -> str:
    """The page's visible words: tags, scripts and styles dropped, entities decoded.

    Decoding matters: Django escapes an apostrophe as ``&#x27;``, so a name like
    "Joe O'Connor" is only found in the page once entities are turned back into text.
    """
    markup = response.content.decode()
    markup = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", markup, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def markup_of(response) -> str:
    """The page's HTML with runs of whitespace collapsed, for asserting on links and titles."""
    return re.sub(r"\s+", " ", response.content.decode())
