from django.urls import path

from . import views

# Under `news/` (translated: /tin-tuc/ in Vietnamese, /en/news/ in English); see events/urls.py.
urlpatterns = [
    path("", views.NewsListView.as_view(), name="news_list"),
    path("feed.atom", views.NewsFeed(), name="news_feed"),
    path("<slug:slug>/", views.news_detail, name="news_detail"),
]
