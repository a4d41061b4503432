"""/feeds/articles/: an Atom feed of the newest live articles (RSS readers accept Atom)."""

import uuid
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed, Enclosure
from django.utils.html import escape

from evidence import selectors
from evidence.media.presenters import figures_of, lead_figure
from evidence.media.selectors import attach_figures
from evidence.presenters.pages import live_conditions_of

FEED_SIZE = 20


class LatestArticlesFeed(Feed):
    feed_type = Atom1Feed
    title = "Evidence Desk: new and updated summaries"
    link = reverse_lazy("evidence:article_list")
    subtitle = "Plain-language summaries of published research on regenerative medicine, each medically reviewed."

    def items(self):
        articles = list(selectors.live_articles()[:FEED_SIZE])
        attach_figures(articles)  # the reviewed figures of the live revisions, one query for all
        return articles

    def item_enclosures(self, item):
        # The live revision's lead figure (its approved snapshot), as feed readers show a picture per entry.
        shown = lead_figure(figures_of(item))
        if shown is None:
            return []
        image = shown.open_graph
        return [Enclosure(urljoin(settings.EVIDENCE_SITE_URL, image.file.url), str(image.size), image.content_type)]

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
