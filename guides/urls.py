from django.urls import path

from guides import views

app_name = "guides"
urlpatterns = [
    path("", views.guide_index, name="index"),
    path("start/", views.where_to_start, name="start"),
    path("<slug:slug>/", views.guide_detail, name="detail"),
    path("<slug:slug>/preview/", views.guide_preview, name="preview"),
]
