"""Included under /admin/workbench/ (config/urls.py); every view is behind the admin's sign-in and staff check."""

from django.contrib import admin
from django.urls import path

from evidence.workbench import views

app_name = "workbench"


def _staff(view):
    return admin.site.admin_view(view)


urlpatterns = [
    path("studies/search/", _staff(views.library_search), name="library_search"),
    path("studies/add/", _staff(views.study_add), name="study_add"),
    path("study/lookup/", _staff(views.study_lookup), name="study_lookup"),
    path("article/add/preview/", _staff(views.article_preview), name="article_preview_add"),
    path("article/<int:object_id>/preview/", _staff(views.article_preview), name="article_preview"),
    path("<str:kind>/add/autosave/", _staff(views.autosave), name="autosave_add"),
    path("<str:kind>/<int:object_id>/autosave/", _staff(views.autosave), name="autosave"),
    path("<str:kind>/add/autosave/discard/", _staff(views.discard_autosave), name="discard_add"),
    path("<str:kind>/<int:object_id>/autosave/discard/", _staff(views.discard_autosave), name="discard"),
]
