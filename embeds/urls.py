from django.urls import path

from . import views

app_name = "embeds"
urlpatterns = [
    path("", views.finder, name="finder"),
    path("results/", views.results, name="results"),
    path("snippet/", views.snippet, name="snippet"),
]
