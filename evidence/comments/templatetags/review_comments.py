"""Comments on the article's admin pages: `{% comments_panel %}` beside the text, `{% compare_since_review %}`
(the query that opens "Revisions" on last reviewed → latest) and `{% comments_beside_diff %}` on the comparison."""

from django import template
from django.urls import reverse

from evidence.comments import permissions, selectors
from evidence.comments.forms import CommentForm
from evidence.comments.panel import editor_marks, texts_of, thread_views
from evidence.models import Article

register = template.Library()


@register.inclusion_tag("admin/evidence/includes/comments.html", takes_context=True)
def comments_panel(context):
    article, request = context.get("original"), context["request"]
    if not isinstance(article, Article):
        return {"panel": None}
    views = thread_views(selectors.threads_for(article), texts_of(article), request.user)
    return {
        "csp_nonce": context.get("csp_nonce"),  # the panel's script tag carries the page's CSP nonce
        "panel": {
            "article": article,
            "threads": views,
            "open": sum(1 for v in views if not v.comment.is_resolved),
            "marks": editor_marks(views),
            "can_comment": permissions.may_comment(request.user) and article.latest_revision is not None,
            "form": CommentForm(),
            "add_url": reverse("comments:add", args=[article.pk]),
        },
    }


@register.simple_tag
def compare_since_review(article) -> str:
    """ "?a=<last reviewed>&b=<latest>" for an article reviewed before and changed since; "" otherwise."""
    if not isinstance(article, Article):
        return ""
    reviewed, latest = selectors.last_reviewed_number(article), article.latest_revision
    if reviewed is None or latest is None:
        return ""
    return f"?a={reviewed}&b={latest.number}"


@register.inclusion_tag("admin/evidence/includes/comments_beside_diff.html")
def comments_beside_diff(article, comparison):
    """The threads made up to the newer revision that were open or made on the compared revisions, with their
    words looked for in the newer one."""
    if not isinstance(article, Article) or not comparison:
        return {"threads": None}
    older, newer = comparison["older"], comparison["newer"]
    threads = [
        t
        for t in selectors.threads_for(article, up_to=newer.number)
        if not t.is_resolved or t.revision.number >= older.number
    ]
    return {"threads": thread_views(threads, texts_of(newer)), "newer": newer}
