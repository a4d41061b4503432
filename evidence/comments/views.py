"""The panel's buttons: start a thread, reply, resolve, reopen. Each posts the change form (formaction), calls one
service, says what happened and returns to the article's comments. Behind the admin's sign-in (urls.py)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.permissions import has_verb
from evidence.comments import services
from evidence.comments.forms import CommentForm, ReplyForm
from evidence.comments.models import Comment
from evidence.models import Article


def _back(article_id):
    return HttpResponseRedirect(reverse("admin:evidence_article_change", args=[article_id]) + "#comments")


def _readable(request, article):
    if not has_verb(request.user, "view", article):
        raise PermissionDenied


def _attempt(request, write, done: str):
    try:
        write()
    except (ValidationError, PermissionDenied) as error:
        text = getattr(error, "message", None) or " ".join(getattr(error, "messages", [])) or str(error)
        messages.error(request, text)
    else:
        messages.success(request, done)


@require_POST
def comment_add(request, object_id):
    article = get_object_or_404(Article, pk=object_id)
    _readable(request, article)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Write the comment before adding it.")
        return _back(article.pk)
    data = form.cleaned_data
    _attempt(
        request,
        lambda: services.comment_add(
            article=article,
            by=request.user,
            field=data["field"],
            quote=data["quote"],
            position=data["position"],
            text=data["text"],
        ),
        "Comment added; the people in the thread will be e-mailed.",
    )
    return _back(article.pk)


@require_POST
def comment_reply(request, comment_id):
    comment = get_object_or_404(Comment.objects.select_related("article"), pk=comment_id)
    _readable(request, comment.article)
    form = ReplyForm(request.POST, comment=comment)
    if not form.is_valid():
        messages.error(request, "Write the reply before sending it.")
    else:
        text = form.cleaned_data["text"]
        _attempt(request, lambda: services.comment_reply(comment=comment, by=request.user, text=text), "Reply added.")
    return _back(comment.article_id)


@require_POST
def comment_resolve(request, comment_id):
    comment = get_object_or_404(Comment.objects.select_related("article"), pk=comment_id)
    _readable(request, comment.article)
    _attempt(request, lambda: services.comment_resolve(comment=comment, by=request.user), "Comment resolved.")
    return _back(comment.article_id)


@require_POST
def comment_reopen(request, comment_id):
    comment = get_object_or_404(Comment.objects.select_related("article"), pk=comment_id)
    _readable(request, comment.article)
    _attempt(request, lambda: services.comment_reopen(comment=comment, by=request.user), "Comment reopened.")
    return _back(comment.article_id)
