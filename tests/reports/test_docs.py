"""docs/indicators.md defines every indicator the code computes."""

from pathlib import Path

from reports.indicators import DEFINITIONS

DOC = Path(__file__).resolve().parents[2] / "docs" / "indicators.md"


def test_docs_define_every_indicator():
    text = DOC.read_text(encoding="utf-8")

    assert [key for key in DEFINITIONS if f"| `{key}` |" not in text] == []
