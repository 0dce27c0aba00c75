"""Small readers for the news pages and feeds."""

import re
import xml.etree.ElementTree as ET

ATOM = "{http://www.w3.org/2005/Atom}"


def texts(content: bytes, css_class: str) -> list[str]:
    """The text of each element whose class is exactly `css_class` (tags inside it removed)."""
    html = content.decode()
    found = re.findall(rf'<(\w+) class="{css_class}"[^>]*>(.*?)</\1>', html, re.DOTALL)
    return [re.sub(r"<[^>]+>", "", inner).strip() for _, inner in found]


def atom(content: bytes) -> ET.Element:
    return ET.fromstring(content)  # noqa: S314  (our own feed, in a test)


def entries(feed: ET.Element) -> list[tuple[str, str]]:
    """(title, link) of each entry of an Atom feed."""
    return [
        (entry.find(f"{ATOM}title").text, entry.find(f"{ATOM}link").get("href"))
        for entry in feed.findall(f"{ATOM}entry")
    ]
