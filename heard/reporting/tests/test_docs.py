from pathlib import Path

from heard.reporting.docs import measures_markdown

PAGE = Path(__file__).resolve().parents[3] / "docs" / "reporting.md"


def test_the_docs_list_every_measure_with_its_exact_definition():
    """Run ``heard measure-definitions --write docs/reporting.md`` when this fails."""
    assert measures_markdown() in PAGE.read_text()
