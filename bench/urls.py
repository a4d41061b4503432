"""The site's URLs plus /bench/constant/<size>/, the reference the benchmark compares every page with."""

from django.urls import path

from bench import views
from config import urls as site_urls

handler500 = site_urls.handler500

urlpatterns = [
    path("bench/constant/<int:size>/", views.constant_page, name="bench_constant"),
    *site_urls.urlpatterns,
]
