"""The public news section: list, post, Atom feed and the latest posts on the home page, in both
languages; drafts and scheduled posts stay hidden until their time."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from events.enums import EventStatus
from events.news.models import NewsPost
from tests.factories import EventFactory, NewsPostFactory

from .helpers import ATOM, atom, entries, texts

pytestmark = pytest.mark.django_db


def _ago(**delta) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(**delta)


# --- addresses ----------------------------------------------------------------------------------------------


def test_news_addresses_are_translated():
    with translation.override("vi"):
        vietnamese = (reverse("events:news_list"), reverse("events:news_feed"))
    with translation.override("en"):
        english = (reverse("events:news_list"), reverse("events:news_feed"))

    assert vietnamese == ("/tin-tuc/", "/tin-tuc/feed.atom")
    assert english == ("/en/news/", "/en/news/feed.atom")


def test_news_list_answers_at_each_languages_own_address_only(client):
    assert [
        client.get(path).status_code for path in ("/tin-tuc/", "/en/news/", "/news/", "/en/tin-tuc/")
    ] == [
        200,
        200,
        404,
        404,
    ]


def test_language_switch_on_a_post_points_at_the_translated_address(client):
    post = NewsPostFactory(slug="ngay-hoi-khoi-nghiep")

    response = client.get(post.get_absolute_url())

    assert texts(response.content, "news-post__title") == [post.title_vi]
    assert 'href="/en/news/ngay-hoi-khoi-nghiep/" hreflang="en"' in response.content.decode()


# --- list ---------------------------------------------------------------------------------------------------


def test_news_list_shows_titles_in_the_active_language_with_diacritics(client):
    NewsPostFactory(title_vi="Ngày hội khởi nghiệp đổi mới sáng tạo", title_en="Innovation startup day")
    NewsPostFactory(title_vi="Tập huấn cho cơ quan nhà nước", title_en="", published_at=_ago(days=1))

    assert texts(client.get("/tin-tuc/").content, "news-card__title") == [
        "Ngày hội khởi nghiệp đổi mới sáng tạo",
        "Tập huấn cho cơ quan nhà nước",
    ]
    # No English title: the Vietnamese one, as events do
    assert texts(client.get("/en/news/").content, "news-card__title") == [
        "Innovation startup day",
        "Tập huấn cho cơ quan nhà nước",
    ]


def test_news_list_hides_drafts_and_scheduled_posts(client):
    NewsPostFactory(title_vi="Đã đăng")
    NewsPostFactory(title_vi="Bản nháp", status="draft")
    NewsPostFactory(title_vi="Hẹn giờ", published_at=timezone.now() + datetime.timedelta(hours=2))

    assert texts(client.get("/tin-tuc/").content, "news-card__title") == ["Đã đăng"]


def test_news_list_is_paginated_newest_first(client):
    for day in range(12):
        NewsPostFactory(title_vi=f"Tin ngày {day}", published_at=_ago(days=day))

    first = client.get("/tin-tuc/")
    second = client.get("/tin-tuc/?page=2")

    assert texts(first.content, "news-card__title") == [f"Tin ngày {day}" for day in range(10)]
    assert texts(second.content, "news-card__title") == ["Tin ngày 10", "Tin ngày 11"]


def test_news_list_query_count_same_for_one_and_many_posts(client):
    NewsPostFactory(event=EventFactory(), image="news/2025/a.jpg")
    with CaptureQueriesContext(connection) as one:
        assert client.get("/tin-tuc/").status_code == 200

    for _ in range(30):
        NewsPostFactory(event=EventFactory(), image="news/2025/a.jpg")
    with CaptureQueriesContext(connection) as many:
        response = client.get("/tin-tuc/")

    assert len(response.context["posts"]) == 10
    assert len(many) == len(one)


# --- one post -----------------------------------------------------------------------------------------------


def test_post_page_shows_the_text_in_each_language_and_its_event(client):
    event = EventFactory(title_vi="Lớp tập huấn ươm tạo", title_en="Incubation course")
    post = NewsPostFactory(
        slug="khai-giang",
        title_vi="Khai giảng lớp ươm tạo",
        title_en="Incubation course opens",
        body_vi="<h2>Đối tượng</h2><p>Cán bộ các trung tâm hỗ trợ khởi nghiệp.</p>",
        body_en="<h2>Who</h2><p>Staff of startup-support centres.</p>",
        event=event,
    )

    assert post.get_absolute_url() == "/tin-tuc/khai-giang/"

    vietnamese = client.get("/tin-tuc/khai-giang/")
    english = client.get("/en/news/khai-giang/")

    assert (vietnamese.status_code, english.status_code) == (200, 200)
    assert texts(vietnamese.content, "news-post__title") == ["Khai giảng lớp ươm tạo"]
    assert texts(english.content, "news-post__title") == ["Incubation course opens"]
    assert texts(vietnamese.content, "news-post__body") == [
        "Đối tượngCán bộ các trung tâm hỗ trợ khởi nghiệp."
    ]
    assert texts(english.content, "news-post__body") == ["WhoStaff of startup-support centres."]
    assert texts(vietnamese.content, "news-post__event") == ["Về: Lớp tập huấn ươm tạo"]
    assert texts(english.content, "news-post__event") == ["About: Incubation course"]


def test_post_page_names_no_event_that_is_still_a_draft(client):
    NewsPostFactory(slug="sap-co", event=EventFactory(status=EventStatus.DRAFT))

    assert texts(client.get("/tin-tuc/sap-co/").content, "news-post__event") == []


def test_draft_and_scheduled_posts_are_not_found(client):
    NewsPostFactory(slug="ban-nhap", status="draft")
    NewsPostFactory(slug="hen-gio", published_at=timezone.now() + datetime.timedelta(minutes=5))

    assert [client.get(path).status_code for path in ("/tin-tuc/ban-nhap/", "/en/news/hen-gio/")] == [
        404,
        404,
    ]


def test_scheduled_post_appears_when_its_time_comes(client):
    post = NewsPostFactory(slug="hen-gio", published_at=timezone.now() + datetime.timedelta(hours=1))
    assert client.get("/tin-tuc/hen-gio/").status_code == 404

    in_an_hour = timezone.now() + datetime.timedelta(hours=1, seconds=1)
    assert list(NewsPost.objects.visible(in_an_hour)) == [post]
    NewsPost.objects.filter(pk=post.pk).update(published_at=_ago(seconds=1))  # the hour has passed
    assert client.get("/tin-tuc/hen-gio/").status_code == 200


# --- home page ----------------------------------------------------------------------------------------------


def test_home_page_lists_the_three_latest_posts(client):
    for day in range(4):
        NewsPostFactory(title_vi=f"Tin {day}", title_en=f"News {day}", published_at=_ago(days=day + 1))
    NewsPostFactory(title_vi="Bản nháp", status="draft")
    NewsPostFactory(title_vi="Hẹn giờ", published_at=timezone.now() + datetime.timedelta(days=1))

    assert texts(client.get("/").content, "latest-news__title") == ["Tin 0", "Tin 1", "Tin 2"]
    assert texts(client.get("/en/").content, "latest-news__title") == ["News 0", "News 1", "News 2"]


def test_home_page_without_news_shows_no_news_box(client):
    assert "latest-news" not in client.get("/").content.decode()


# --- Atom feed ----------------------------------------------------------------------------------------------


def test_atom_feed_per_language(client):
    NewsPostFactory(slug="moi", title_vi="Tin mới nhất về ươm tạo", title_en="Latest on incubation")
    NewsPostFactory(slug="cu", title_vi="Tin cũ", title_en="Older news", published_at=_ago(days=3))
    NewsPostFactory(slug="nhap", title_vi="Bản nháp", status="draft")

    vietnamese = client.get("/tin-tuc/feed.atom")
    english = client.get("/en/news/feed.atom")

    assert vietnamese["Content-Type"] == "application/atom+xml; charset=utf-8"
    vi_feed, en_feed = atom(vietnamese.content), atom(english.content)
    assert vi_feed.find(f"{ATOM}title").text == "Đổi mới sáng tạo TP.HCM — tin tức"
    assert en_feed.find(f"{ATOM}title").text == "HCMC Innovation — news"
    assert vi_feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "vi"
    assert en_feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert entries(vi_feed) == [
        ("Tin mới nhất về ươm tạo", "http://testserver/tin-tuc/moi/"),
        ("Tin cũ", "http://testserver/tin-tuc/cu/"),
    ]
    assert entries(en_feed) == [
        ("Latest on incubation", "http://testserver/en/news/moi/"),
        ("Older news", "http://testserver/en/news/cu/"),
    ]
    [first, _] = en_feed.findall(f"{ATOM}entry")
    assert first.find(f"{ATOM}summary").text == "The city supports innovative startup projects."
