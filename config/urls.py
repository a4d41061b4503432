from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Evidence Desk"
admin.site.site_title = "Evidence Desk admin"
admin.site.index_title = "Evidence library"

# A database outage that escapes the middleware (e.g. while saving a session) still answers 503.
handler500 = "config.views.server_error"
handler403 = "config.views.permission_denied"

urlpatterns = [
    path("admin/", include("accounts.urls")),  # password reset and two-factor setup, before the admin's own pages
    path("admin/workbench/", include("evidence.workbench.urls")),  # the editor's live preview and autosave
    path("admin/comments/", include("evidence.comments.urls")),  # reviewers' comment threads on the text
    path("", include("evidence.media.urls")),  # figure files (local storage) and the figure chooser, before the admin
    path("admin/", admin.site.urls),
    path("api/v1/", include("evidence.api.urls")),
    path("", include("evidence.enquiries.urls")),
    path("", include("evidence.urls")),
]
