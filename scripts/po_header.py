"""Keep the Welsh catalogue's header fit to compile: not fuzzy, with Welsh plural forms.

makemessages writes a fresh header marked fuzzy, and msgfmt ignores a fuzzy header, which
would drop the plural rule from the compiled catalogue.
"""

import sys

import polib

WELSH_PLURALS = "nplurals=4; plural=(n==1) ? 0 : (n==2) ? 1 : (n != 8 && n != 11) ? 2 : 3;"


def main(path: str) -> None:
    catalogue = polib.pofile(path, wrapwidth=0)
    catalogue.metadata_is_fuzzy = False
    catalogue.header = (
        "Welsh translations of Heard. Entries with the translator comment `needs-review`\n"
        "await a Welsh speaker's review: see docs/welsh.md."
    )
    catalogue.metadata.update(
        {
            "Project-Id-Version": "Heard",
            "Language": "cy",
            "Language-Team": "Welsh <cy@heard.invalid>",
            "Plural-Forms": WELSH_PLURALS,
            "Content-Type": "text/plain; charset=UTF-8",
        }
    )
    catalogue.metadata.pop("Last-Translator", None)
    catalogue.save(path)


if __name__ == "__main__":
    main(sys.argv[1])
