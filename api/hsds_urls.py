from django.urls import path, re_path

from .hsds import hsds_api, profile_document
from .urls import not_found

urlpatterns = [
    path("profile", profile_document, name="hsds-profile"),
    path("", hsds_api.urls),
    re_path(r"^(?P<rest>.*)$", not_found),
]
