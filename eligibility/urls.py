from django.urls import path

from . import views

app_name = "eligibility"
urlpatterns = [
    path("", views.regions, name="regions"),
    path("regions.csv", views.regions_csv, name="regions_csv"),
    path("simulator/", views.simulator, name="simulator"),
    path("simulator.csv", views.simulator_csv, name="simulator_csv"),
    path("questions/", views.questionnaire, name="questionnaire"),
]
