from django.http import HttpResponse
from django.urls import path

app_name = "eligibility"
# Placeholder until this app's issue builds its views.
urlpatterns = [path("", lambda request: HttpResponse("TODO"), name="regions")]
