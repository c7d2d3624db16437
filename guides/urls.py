from django.urls import path

from guides import views

app_name = "guides"
urlpatterns = [path("", views.guide_index, name="index")]
