"""The words of an article's figures, for the claim check: captions and alt text make claims too."""

from evidence.media.markers import figure_ids_in, has_figures
from evidence.media.models import Figure


def figure_text(item) -> str:
    """Each placed figure's caption and alt text, one per line.

    A saved revision is read from its snapshots (what the reviewer approves); a working copy or an unsaved
    draft from the figures as they are now (what saving would snapshot).
    """
    if not has_figures(getattr(item, "body", "")):
        return ""
    if hasattr(item, "figure_snapshots"):
        shown = list(item.figure_snapshots.all())
    else:
        found = Figure.objects.in_bulk(figure_ids_in(item.body))
        shown = [found[i] for i in figure_ids_in(item.body) if i in found]
    return "\n".join(line for figure in shown for line in (figure.caption, figure.alt_text) if line)
