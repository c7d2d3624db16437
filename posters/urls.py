from django.urls import path

from . import views

app_name = "posters"
urlpatterns = [
    path("preview/<str:kind>/<str:key>.png", views.preview, name="preview"),
    path("<str:kind>/<str:key>/", views.choose, name="choose"),
    path("<str:kind>/<str:key>/<str:fmt>-<str:language>.pdf", views.poster, name="file"),
]
