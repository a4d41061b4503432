from django.urls import path

from . import views

app_name = "evidence"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("articles/<slug:slug>/", views.article_detail, name="article_detail"),
    path("conditions/<slug:slug>/", views.condition_detail, name="condition_detail"),
    path("studies/<slug:key>/", views.study_detail, name="study_detail"),
]
