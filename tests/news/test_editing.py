"""Staff write posts in the admin: the body's HTML is sanitised on save, the picture re-encoded, and the
editor works under the strict Content Security Policy (no inline script)."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from events.news.models import NewsPost
from events.news.sanitize import clean_html
from tests.factories import NewsPostFactory

pytestmark = pytest.mark.django_db

HOSTILE = (
    '<h1>Tiêu đề</h1><h2 style="color:red" onclick="steal()">Ươm tạo</h2>'
    '<p>Xin chào<script>alert("x")</script><style>p{display:none}</style></p>'
    '<p><a href="javascript:alert(1)">bấm</a> <a href="https://khoinghiep.vn" target="_blank">trang</a></p>'
    '<p><img src="https://anh.vn/a.png" alt="ảnh" onerror="steal()"><img src="http://anh.vn/b.png">'
    '<img src="data:image/png;base64,AAAA"></p><iframe src="https://x.vn"></iframe>'
    "<ul><li><b>Đậm</b> <i>nghiêng</i></li></ul><!-- ghi chú -->"
)
CLEAN = (
    "Tiêu đề<h2>Ươm tạo</h2><p>Xin chào</p>"
    '<p><a rel="noopener noreferrer">bấm</a> '
    '<a href="https://khoinghiep.vn" rel="noopener noreferrer">trang</a></p>'
    '<p><img src="https://anh.vn/a.png" alt="ảnh"><img><img></p>'
    "<ul><li><b>Đậm</b> <i>nghiêng</i></li></ul>"
)


def test_clean_html_keeps_the_article_and_removes_everything_active():
    assert clean_html(HOSTILE) == CLEAN


def test_saving_a_post_stores_its_bodies_sanitised():
    post = NewsPostFactory(body_vi=HOSTILE, body_en='<p onmouseover="x()">Hi</p>')

    post.refresh_from_db()
    assert (post.body_vi, post.body_en) == (CLEAN, "<p>Hi</p>")


def _form(**overrides) -> dict:
    data = {
        "title_vi": "Kết nối thị trường cho dự án khởi nghiệp",
        "summary_vi": "Hơn 50 dự án gặp gỡ nhà đầu tư.",
        "body_vi": HOSTILE,
        "title_en": "",
        "summary_en": "",
        "body_en": "",
        "slug": "ket-noi-thi-truong",
        "event": "",
        "status": "published",
        "published_at_0": "01/03/2025",
        "published_at_1": "09:00:00",
    }
    return {**data, **overrides}


def test_staff_post_from_the_admin_is_stored_sanitised(admin_client):
    response = admin_client.post(reverse("admin:events_newspost_add"), _form())

    assert response.status_code == 302
    post = NewsPost.objects.get()
    assert (post.slug, post.body_vi) == ("ket-noi-thi-truong", CLEAN)
    assert post.created_by.username == "admin"


def test_admin_picture_is_re_encoded_as_jpeg_at_most_1600_px(admin_client, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    raw = io.BytesIO()
    Image.new("RGBA", (3200, 1000), (200, 30, 30, 128)).save(raw, format="PNG")
    picture = SimpleUploadedFile("anh.png", raw.getvalue(), content_type="image/png")

    response = admin_client.post(reverse("admin:events_newspost_add"), _form(image=picture))

    assert response.status_code == 302
    stored = NewsPost.objects.get().image
    with Image.open(stored.path) as image:
        assert (image.format, image.size, image.mode) == ("JPEG", (1600, 500), "RGB")


def test_admin_refuses_a_file_that_is_not_a_picture(admin_client, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    fake = SimpleUploadedFile("anh.png", b"<script>alert(1)</script>", content_type="image/png")

    response = admin_client.post(reverse("admin:events_newspost_add"), _form(image=fake))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["image"] == [
        "Hãy tải lên một ảnh hợp lệ. Tệp vừa tải lên không phải là ảnh hoặc đã bị hỏng."
    ]
    assert NewsPost.objects.count() == 0


def test_admin_refuses_a_picture_too_small_to_show(admin_client, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    raw = io.BytesIO()
    Image.new("RGB", (40, 40), (0, 0, 0)).save(raw, format="PNG")
    picture = SimpleUploadedFile("anh.png", raw.getvalue(), content_type="image/png")

    response = admin_client.post(reverse("admin:events_newspost_add"), _form(image=picture))

    assert response.context["adminform"].form.errors["image"] == [
        "Ảnh quá nhỏ (mỗi cạnh tối thiểu 64 điểm ảnh)."
    ]
    assert NewsPost.objects.count() == 0


def test_admin_editor_page_keeps_the_strict_content_security_policy(admin_client):
    response = admin_client.get(reverse("admin:events_newspost_add"))
    html = response.content.decode()
    policy = {
        name: values
        for name, *values in (part.split() for part in response["Content-Security-Policy"].split(";"))
    }

    assert response.status_code == 200
    assert policy["script-src"] == ["'self'"]
    # The editor is a static script; no <script> of the page is inline, and no element has a handler.
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert [tag for tag in scripts if " src=" not in tag] == []
    assert '<script src="/static/news/editor.js">' in scripts
    assert re.findall(r"\son[a-z]+=", html) == []
    assert html.count("data-rich-text-labels=") == 2
