"""Included under /admin/comments/ (config/urls.py); every view is behind the admin's sign-in and staff check."""

from django.contrib import admin
from django.urls import path

from evidence.comments import views

app_name = "comments"


def _staff(view):
    return admin.site.admin_view(view)


urlpatterns = [
    path("article/<int:object_id>/add/", _staff(views.comment_add), name="add"),
    path("<int:comment_id>/reply/", _staff(views.comment_reply), name="reply"),
    path("<int:comment_id>/resolve/", _staff(views.comment_resolve), name="resolve"),
    path("<int:comment_id>/reopen/", _staff(views.comment_reopen), name="reopen"),
]
