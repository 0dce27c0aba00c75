"""The wording of docs/glossary.md holds everywhere: no banned variant in the Vietnamese translations
(msgstr), in the English source strings (msgid) or in the text of any template."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "docs" / "glossary.md"
PO = ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po"
TEMPLATE_DIRS = ("events", "checkin", "training", "feedback", "reports", "config")
NONE = "—"


def _variants(cell: str) -> list[str]:
    return [] if cell.strip() == NONE else [v.strip() for v in cell.split(";") if v.strip()]


def glossary() -> list[dict]:
    """The table's rows: concept, vi, en, banned_vi, banned_en."""
    rows = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 5 or cells[0] in ("concept", "---") or not line.startswith("|"):
            continue
        concept, vi, en, banned_vi, banned_en = cells
        rows.append(
            {
                "concept": concept,
                "vi": vi,
                "en": en,
                "banned_vi": _variants(banned_vi),
                "banned_en": _variants(banned_en),
            }
        )
    return rows


def po_entries(path: Path = PO) -> list[tuple[str, str]]:
    """(msgid, msgstr) of every entry, plural forms joined, continuation lines joined."""
    entries, current, field = [], {"msgid": "", "msgstr": ""}, None
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d+\])?) "(.*)"$', line)
        if match:
            key = "msgid" if match.group(1).startswith("msgid") else "msgstr"
            if match.group(1) == "msgid" and current["msgid"]:
                entries.append((current["msgid"], current["msgstr"]))
                current = {"msgid": "", "msgstr": ""}
            field = key
            current[field] += " " + match.group(2)
        elif line.startswith('"') and field:
            current[field] += line[1:-1]
        else:
            field = None if not line.strip() else field
    if current["msgid"]:
        entries.append((current["msgid"], current["msgstr"]))
    return [(msgid.strip(), msgstr.strip()) for msgid, msgstr in entries]


def template_text(source: str) -> str:
    """The words a reader sees: translated literals, block-translated text and plain text, without
    template code, HTML tags or attributes (where class names like `waitlist` live)."""
    literals = re.findall(r"""{%\s*(?:translate|trans)\s+(?:"([^"]*)"|'([^']*)')""", source)
    source = re.sub(r"{#.*?#}", " ", source, flags=re.S)
    source = re.sub(r"{%.*?%}|{{.*?}}", " ", source, flags=re.S)
    source = re.sub(r"<[^>]*>", " ", source, flags=re.S)
    return " ".join([source, *(a or b for a, b in literals)])


def templates() -> list[Path]:
    return sorted(
        path
        for folder in TEMPLATE_DIRS
        for path in (ROOT / folder).rglob("templates/**/*")
        if path.suffix in (".html", ".txt") and path.is_file()
    )


def found(variant: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(variant)}(?!\w)", text, flags=re.IGNORECASE) is not None


def test_glossary_table_is_read():
    rows = glossary()

    assert len(rows) >= 15
    check_in = next(row for row in rows if row["concept"].startswith("check in"))
    assert check_in["vi"] == "điểm danh, lượt điểm danh"
    assert check_in["banned_vi"] == ["check-in", "check in"]


def test_banned_variant_is_found_in_a_translation_and_a_template():
    text = template_text('<p class="waitlist">{% translate "Join the wait list" %} {{ event.waitlist }}</p>')

    assert found("khóa học", "Thông tin Khóa học") is True
    assert found("pass", "password") is False
    assert found("wait list", text) is True
    assert found("waitlist", text) is False
    entries = dict(po_entries())
    assert entries["Reason"] == "Lý do"
    assert entries["Offline scans sent: %(n)s; refused: %(bad)s (see the check-in records)."] == (
        "Đã gửi các lượt quét ngoại tuyến: %(n)s; bị từ chối: %(bad)s (xem nhật ký điểm danh)."
    )


@pytest.mark.parametrize("row", glossary(), ids=lambda row: row["concept"])
def test_no_banned_vietnamese_variant_in_translations(row):
    hits = [msgstr for _msgid, msgstr in po_entries() for v in row["banned_vi"] if found(v, msgstr)]

    assert hits == []


@pytest.mark.parametrize("row", glossary(), ids=lambda row: row["concept"])
def test_no_banned_english_variant_in_source_strings(row):
    hits = [msgid for msgid, _msgstr in po_entries() for v in row["banned_en"] if found(v, msgid)]

    assert hits == []


@pytest.mark.parametrize("row", glossary(), ids=lambda row: row["concept"])
def test_no_banned_variant_in_templates(row):
    # Templates are written in English: Vietnamese variants that are English words are checked in the po.
    variants = row["banned_en"] + [v for v in row["banned_vi"] if not v.isascii()]
    texts = {path: template_text(path.read_text(encoding="utf-8")) for path in templates()}

    hits = [
        f"{path.relative_to(ROOT)}: {v}" for path, text in texts.items() for v in variants if found(v, text)
    ]

    assert hits == []
