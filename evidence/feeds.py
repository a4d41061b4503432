"""/feeds/articles/: an Atom feed of the newest live articles (RSS readers accept Atom)."""

import uuid

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from evidence import selectors
from evidence.presenters.pages import live_conditions_of

FEED_SIZE = 20


class LatestArticlesFeed(Feed):
    feed_type = Atom1Feed
    title = "Evidence Desk: new and updated summaries"
    link = reverse_lazy("evidence:article_list")
    subtitle = "Plain-language summaries of published research on regenerative medicine, each medically reviewed."

    def items(self):
        return selectors.live_articles()[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # The summary, not the body: readers come to the page for sources, evidence and disclaimers.
        # Atom sends it as <summary type="html">, which feed readers render as HTML: the writer's plain
        # text is escaped, or "<img onerror=…>" typed in a summary would run in a subscriber's reader.
        return escape(item.summary)

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        # Stable while the slug and title change, so a feed reader shows an update, not a new entry.
        return uuid.uuid5(uuid.NAMESPACE_URL, f"evidence-desk:article:{item.item_id}").urn

    item_guid_is_permalink = False

    def item_author_name(self, item):
        return item.author.byline

    def item_pubdate(self, item):
        return item.item.first_published_at or item.published_at

    def item_updateddate(self, item):
        return item.published_at

    def item_categories(self, item):
        return [condition.name for condition in live_conditions_of(item)]
