"""Figures as a page shows them, drawn from a revision's snapshots (the words its reviewer approved), never from
the figure's current words. No queries: evidence.media.selectors.attach_figures prefetches what is read here.

A snapshot is shown only while its figure still holds the same pixels (the digests match) and has renditions;
otherwise it is left out, so a reader may see less than was approved, never more.
"""

from dataclasses import dataclass

from django.template.loader import render_to_string

from evidence.media.markers import FIGURE_MARKER, PLACED_MARKER, has_figures
from evidence.media.models import ImageFormat

# The article column is 44rem wide at most (static/css/site.css, --measure) less its padding.
SIZES = "(min-width: 46rem) 41.5rem, calc(100vw - 2.5rem)"
OPEN_GRAPH_WIDTH = 1200  # what Facebook and LinkedIn ask for


@dataclass(frozen=True)
class ShownFigure:
    figure_id: int
    number: int
    alt_text: str
    decorative: bool
    caption: str
    credit: str
    licence: str
    source_url: str
    source_study: object  # the study's live revision, or None
    width: int
    height: int
    webp: list  # renditions, narrowest first
    fallback: list

    sizes = SIZES

    @staticmethod
    def _srcset(renditions):
        return ", ".join(f"{r.file.url} {r.width}w" for r in renditions)

    @property
    def webp_srcset(self):
        return self._srcset(self.webp)

    @property
    def fallback_srcset(self):
        return self._srcset(self.fallback)

    @property
    def src(self):
        """The fallback no wider than the column's largest need, for browsers that ignore srcset."""
        fitting = [r for r in self.fallback if r.width <= 1200] or self.fallback
        return fitting[-1]

    @property
    def largest(self):
        return self.fallback[-1]

    @property
    def open_graph(self):
        """The fallback closest to 1200 pixels wide (social sites read JPEG and PNG, not always WebP)."""
        return min(self.fallback, key=lambda r: abs(r.width - OPEN_GRAPH_WIDTH))

    @property
    def alt(self):
        return "" if self.decorative else self.alt_text


def _shown(snapshot):
    figure = snapshot.figure
    if figure is None or figure.file_digest != snapshot.file_digest:
        return None
    renditions = sorted(figure.renditions.all(), key=lambda r: r.width)
    webp = [r for r in renditions if r.format == ImageFormat.WEBP]
    fallback = [r for r in renditions if r.format != ImageFormat.WEBP]
    if not fallback:
        return None
    study = snapshot.source_study
    return ShownFigure(
        figure_id=figure.pk,
        number=snapshot.position,
        alt_text=snapshot.alt_text,
        decorative=snapshot.decorative,
        caption=snapshot.caption,
        credit=snapshot.credit,
        licence=snapshot.licence,
        source_url=snapshot.source_url,
        source_study=getattr(study, "live_study", None) if study is not None else None,
        width=fallback[-1].width,
        height=fallback[-1].height,
        webp=webp,
        fallback=fallback,
    )


def figures_of(revision) -> list[ShownFigure]:
    """The figures an article revision shows, in order of first use, from its `figure_snapshots` (a workbench
    draft carries unsaved ones); none when it has no snapshots to read."""
    if not has_figures(getattr(revision, "body", "")) or not hasattr(revision, "figure_snapshots"):
        return []
    return [shown for shown in map(_shown, revision.figure_snapshots.all()) if shown is not None]


def place_figures(body_html: str, figures: list[ShownFigure]) -> str:
    """Put each figure where its marker stands alone in a paragraph; remove every other marker."""
    if "[[figure:" not in body_html:
        return body_html
    by_id = {shown.figure_id: shown for shown in figures}

    def placed(match):
        shown = by_id.get(int(match.group(1)))
        return render_to_string("evidence/includes/figure.html", {"figure": shown}) if shown else ""

    return FIGURE_MARKER.sub("", PLACED_MARKER.sub(placed, body_html))


def lead_figure(figures: list[ShownFigure]) -> ShownFigure | None:
    """The figure that stands for the article in link previews: the first that is not decorative."""
    return next((shown for shown in figures if not shown.decorative), None)


def image_objects(figures: list[ShownFigure], absolute) -> list[dict]:
    """schema.org ImageObjects for JSON-LD, from the same figures the page shows."""
    objects = []
    for shown in figures:
        if shown.decorative:
            continue
        largest = shown.largest
        data = {
            "@type": "ImageObject",
            "contentUrl": absolute(largest.file.url),
            "width": largest.width,
            "height": largest.height,
            "description": shown.alt_text,
        }
        if shown.caption:
            data["caption"] = shown.caption
        if shown.credit:
            data["creditText"] = shown.credit
        if shown.licence:
            data["copyrightNotice"] = shown.licence
        objects.append(data)
    return objects
