from django.http import HttpResponse
from django.urls import path

app_name = "finder"
# Placeholder until this app's issue builds its views.
urlpatterns = [path("search/", lambda request: HttpResponse("TODO"), name="search")]
