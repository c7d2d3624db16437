from django.urls import path

from referrals import listing_views, portal_views, public_views

app_name = "referrals"
urlpatterns = [
    # Public
    path("request/<int:sal_id>/", public_views.request_new, name="request_new"),
    path("request/sent/<str:reference>/", public_views.request_sent, name="request_sent"),
    path("my-data/", public_views.privacy_request, name="privacy_request"),
    path("my-data/delete/<str:token>/", public_views.privacy_delete, name="privacy_delete"),
    # Staff
    path("", portal_views.inbox, name="inbox"),
    path("requests/<int:pk>/", portal_views.detail, name="detail"),
    path("requests/<int:pk>/status/", portal_views.change_status, name="change_status"),
    path("requests/<int:pk>/assign/", portal_views.assign, name="assign"),
    path("requests/<int:pk>/notes/", portal_views.add_note, name="add_note"),
    path("requests/<int:pk>/transfer/", portal_views.transfer, name="transfer"),
    path("network/", portal_views.network, name="network"),
    path("listing/", listing_views.listing, name="listing"),
    path("listing/organizations/<int:pk>/", listing_views.organization_edit, name="organization_edit"),
    path("listing/organizations/<int:pk>/confirm/", listing_views.confirm, name="listing_confirm"),
    path("listing/services/<int:pk>/", listing_views.service_edit, name="service_edit"),
    path("listing/locations/<int:pk>/", listing_views.location_edit, name="location_edit"),
]
