"""What the article's admin pages show of its threads: each with where its words stand now, and what the person
looking may do. Built from rows already selected (evidence.comments.selectors.threads_for); no queries."""

from dataclasses import dataclass

from evidence.comments import permissions
from evidence.comments.anchors import Found, Location, locate, normalise
from evidence.comments.models import CommentedField

# Characters of today's text shown either side of the highlighted words.
SHOWN_CONTEXT = 60

_SAYS = {
    Found.HOLDS: "",
    Found.MOVED: "The words are still there; the text around them changed.",
    Found.CHANGED: "The words changed since the comment; highlighted is what reads most like them now.",
    Found.PARAGRAPH: "",
    Found.FIELD: "",
    Found.REMOVED: "The text this comment pointed at was removed.",
}


@dataclass
class Thread:
    comment: object
    location: Location
    before: str = ""
    words: str = ""
    after: str = ""
    can_reply: bool = False
    can_resolve: bool = False
    can_reopen: bool = False

    @property
    def says(self) -> str:
        return _SAYS[self.location.found]

    @property
    def where(self) -> str:
        field = self.comment.get_field_display().lower()
        if self.location.found == Found.FIELD:
            return f"the whole {field}"
        if self.comment.paragraph is not None and not self.comment.quote:
            return f"paragraph {self.comment.paragraph + 1} of the {field}"
        return f"the {field}"


def texts_of(source) -> dict:
    """Each commented field's text in `source` (an article or one of its revisions), where anchors are looked for."""
    return {name: getattr(source, name) or "" for name in CommentedField.values}


def thread_views(threads, texts: dict, person=None) -> list[Thread]:
    """`texts`: each field's text now ({"body": …}), where the anchors are looked for."""
    views = []
    for comment in threads:
        text = normalise(texts.get(comment.field, ""))
        location = locate(comment.anchor, text)
        view = Thread(comment, location)
        if not location.is_lost:
            view.before = text[max(0, location.start - SHOWN_CONTEXT) : location.start]
            view.words = text[location.start : location.end]
            view.after = text[location.end : location.end + SHOWN_CONTEXT]
        if person is not None:
            view.can_reply = permissions.may_reply(person, comment)
            view.can_resolve = not comment.is_resolved and permissions.may_resolve(person, comment)
            view.can_reopen = comment.is_resolved and permissions.may_reopen(person, comment)
        views.append(view)
    return views


def editor_marks(views) -> list[dict]:
    """Where the editor highlights each open thread's words (offsets in the field's text, as CodeMirror counts)."""
    return [
        {
            "id": v.comment.pk,
            "field": v.comment.field,
            "start": v.location.start,
            "end": v.location.end,
            "words": v.words,
        }
        for v in views
        if not v.comment.is_resolved and v.location.found in (Found.HOLDS, Found.MOVED, Found.CHANGED)
    ]
