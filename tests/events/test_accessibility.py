"""The accessibility statement, the footer link to it, the icons, and form errors that assistive
technology can find (Django 5.2 points aria-describedby at `<id>_error`; our templates must carry that id)."""

import json
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from PIL import Image

pytestmark = pytest.mark.django_db

STATEMENT = {"vi": "/kha-nang-tiep-can/", "en": "/en/accessibility/"}


@pytest.mark.parametrize(
    ("language", "heading"), [("vi", "Tuyên bố về khả năng tiếp cận"), ("en", "Accessibility statement")]
)
def test_statement_page_in_each_language(client, language, heading):
    response = client.get(STATEMENT[language])

    assert response.status_code == 200
    assert re.findall(r"<h1>(.*?)</h1>", response.content.decode()) == [heading]
    assert f'<html lang="{language}">' in response.content.decode()


def test_statement_gives_the_contact_address_when_one_is_set(client, settings):
    settings.ACCESSIBILITY_CONTACT_EMAIL = "tiepcan@dmst.hochiminhcity.gov.vn"

    page = client.get(STATEMENT["en"]).content.decode()

    assert page.count('href="mailto:tiepcan@dmst.hochiminhcity.gov.vn"') == 1


def test_statement_without_a_contact_address_sends_people_to_the_organiser(client, settings):
    settings.ACCESSIBILITY_CONTACT_EMAIL = ""

    page = client.get(STATEMENT["en"]).content.decode()

    assert "mailto:" not in page
    assert "tell the organiser of your course or event" in page


@pytest.mark.parametrize("path", ["/", "/en/", "/khong-co/", "/en/news/"])
def test_every_page_starts_with_a_skip_link_and_links_the_statement_in_its_footer(client, path):
    page = client.get(path).content.decode()
    language = "en" if path.startswith("/en/") else "vi"

    body = page.split("<body>", 1)[1].lstrip()
    assert body.startswith('<a class="skip-link" href="#main">')
    assert page.count('<main class="container" id="main" tabindex="-1">') == 1
    footer = page.split('<footer class="site-footer">', 1)[1]
    assert f'<a href="{STATEMENT[language]}">' in footer


def test_icons_are_linked_and_exist_in_their_sizes(client):
    page = client.get("/").content.decode()
    links = dict(re.findall(r'<link rel="(icon|apple-touch-icon|manifest)" href="([^"]+)"', page))
    icons = re.findall(r'<link rel="icon" href="([^"]+)"', page)

    assert [Path(href).name for href in icons] == ["favicon.ico", "icon.svg"]
    assert Path(links["apple-touch-icon"]).name == "apple-touch-icon.png"
    manifest_path = finders.find("events/icons/site.webmanifest")
    manifest = json.loads(Path(manifest_path).read_text(encoding="utf-8"))
    sizes = {}
    for icon in manifest["icons"]:
        file = Path(manifest_path).parent / icon["src"]
        if icon["type"] == "image/png":
            with Image.open(file) as image:
                sizes[icon["src"]] = f"{image.width}x{image.height}"
                assert icon["sizes"] == sizes[icon["src"]]
    assert sizes == {"icon-192.png": "192x192", "icon-512.png": "512x512", "icon-maskable-512.png": "512x512"}
    with Image.open(finders.find("events/icons/favicon.ico")) as favicon:
        assert sorted(favicon.info["sizes"]) == [(16, 16), (32, 32), (48, 48)]
    with Image.open(finders.find("events/icons/apple-touch-icon.png")) as touch:
        assert (touch.size, touch.mode) == ((180, 180), "RGB")


def test_register_form_errors_are_announced_and_linked_to_their_fields(client, event):
    page = client.post(f"/events/{event.slug}/register/", {"csrfmiddlewaretoken": "x"}).content.decode()

    invalid = re.findall(r'<(?:input|select)[^>]*aria-invalid="true"[^>]*>', page)
    described = [re.search(r'aria-describedby="([^"]+)"', tag).group(1) for tag in invalid]
    names = [re.search(r'name="([^"]+)"', tag).group(1) for tag in invalid]
    assert names == ["full_name", "email", "phone", "consent"]
    assert described == [f"id_{name}_error" for name in names]
    assert [page.count(f'id="{target}"') for target in described] == [1, 1, 1, 1]
    assert page.count('role="alert"') == 1  # one announcement for the whole form, not one per field
