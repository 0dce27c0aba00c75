"""The public news pages (list, post) and the Atom feed, in the active language."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView

from events.enums import EventStatus

from .models import NewsPost
from .selectors import news_public

FEED_SIZE = 20


class NewsListView(ListView):
    template_name = "news/news_list.html"
    context_object_name = "posts"
    paginate_by = 10

    def get_queryset(self):
        return news_public()


def news_detail(request, slug):
    post = get_object_or_404(NewsPost.objects.visible().select_related("event"), slug=slug)
    event = post.event
    return render(
        request,
        "news/news_detail.html",
        # A draft event has no public page: the post then names no event.
        {"post": post, "event": event if event and event.status != EventStatus.DRAFT else None},
    )


class NewsFeed(Feed):
    """The latest posts as Atom, in the language of the address (/tin-tuc/feed.atom, /en/news/feed.atom)."""

    feed_type = Atom1Feed
    title = _("HCMC Innovation — news")
    subtitle = _("News of Ho Chi Minh City's programme to support innovation and startups.")

    def link(self):
        return reverse("events:news_list")

    def feed_url(self):
        return reverse("events:news_feed")

    def items(self):
        return news_public()[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at
