from django.http import HttpResponse
from django.urls import path

app_name = "accounts"
# Placeholder until this app's issue builds its views.
urlpatterns = [path("login/", lambda request: HttpResponse("TODO"), name="login")]
