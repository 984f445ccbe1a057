"""Atom feed of new and updated articles, per language (only the articles that exist in it)."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from articles.models import Article

FEED_LENGTH = 30


class ArticleFeed(Feed):
    feed_type = Atom1Feed
    title = _("MésoInfo: new and updated articles")
    subtitle = _("Plain, sourced information on mesotherapy for patients.")

    def link(self):
        return reverse("articles:index")

    def feed_url(self):
        return reverse("feed")

    def items(self):
        articles = Article.objects.published().available_in(get_language()).select_related("category", "author")
        return articles.order_by("-updated_at")[:FEED_LENGTH]

    def item_title(self, item):
        return item.title  # Atom titles are plain text: the feed generator escapes them

    def item_description(self, item):
        return escape(item.summary)  # Atom summaries are HTML

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.author.name if item.author else None

    def item_categories(self, item):
        return [item.category.name]
