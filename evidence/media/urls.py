from django.urls import path

from evidence.media import views

app_name = "media"

urlpatterns = [
    path("admin/figures/chooser/", views.chooser, name="chooser"),
    path("media/<path:name>", views.figure_file, name="figure_file"),  # MEDIA_URL, for local storage
]
