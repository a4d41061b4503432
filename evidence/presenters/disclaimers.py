"""Where a page puts its disclaimers: those chosen for its subject before the text, the general ones after."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class PageDisclaimers:
    specific: list = field(default_factory=list)  # chosen for this article or its conditions: a warning up front
    general: list = field(default_factory=list)  # shown on every page: after the text


def page_disclaimers(disclaimers) -> PageDisclaimers:
    """Split the disclaimers a selector chose for a page (evidence.selectors.disclaimers) by where they go."""
    disclaimers = list(disclaimers)
    return PageDisclaimers(
        specific=[d for d in disclaimers if d.placement == "before"],
        general=[d for d in disclaimers if d.placement == "after"],
    )
