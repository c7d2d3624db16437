from django.urls import path

from referrals import views

app_name = "referrals"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("request/<int:sal_id>/", views.request_new, name="request_new"),
]
