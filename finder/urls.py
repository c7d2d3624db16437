from django.urls import path

from . import views

app_name = "finder"
urlpatterns = [
    path("search/", views.search, name="search"),
    path("search/places/", views.places, name="places"),
    path("org/<slug:slug>/", views.organization, name="organization"),
    path("point/<int:pk>/", views.service_point, name="service_point"),
    path("region/<str:code>/", views.region, name="region"),
]
