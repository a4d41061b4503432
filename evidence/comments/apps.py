from django.apps import AppConfig


class CommentsConfig(AppConfig):
    """Reviewers' comments on the text of an article: threads anchored to a quote, a paragraph or a field, with
    replies; the writer resolves them, and approval waits while one made since the last approval is open."""

    name = "evidence.comments"
    label = "comments"
    verbose_name = "Comments on the text"
