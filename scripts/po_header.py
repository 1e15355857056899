"""Keep the Welsh catalogue fit to compile: no fuzzy header or guesses, Welsh plural forms.

makemessages writes a fresh header marked fuzzy, and msgfmt ignores a fuzzy header, which
would drop the plural rule from the compiled catalogue. msgmerge also guesses translations
for new strings from similar ones and marks them fuzzy; a guess is usually wrong (a
different body, a different law), so it is cleared for a translator to write.
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
    for entry in catalogue:
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.msgstr = ""
            entry.tcomment = ""
            entry.msgstr_plural = {index: "" for index in entry.msgstr_plural}
            entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
    catalogue.save(path)


if __name__ == "__main__":
    main(sys.argv[1])
