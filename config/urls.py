from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Evidence Desk"
admin.site.site_title = "Evidence Desk admin"
admin.site.index_title = "Evidence library"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("evidence.api.urls")),
    path("", include("evidence.enquiries.urls")),
    path("", include("evidence.urls")),
]
