from django.urls import path

from . import views

app_name = "insights"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("summary/", views.summary, name="summary"),
    path("export.csv", views.export, name="export"),
    path("centre/", views.centre, name="centre"),
    path("centre/export.csv", views.centre_export, name="centre_export"),
    path("what-we-record/", views.what_we_record, name="what_we_record"),
    path("evidence/", views.evidence, name="evidence"),
    path("evidence/print/", views.evidence, {"printable": True}, name="evidence_print"),
    path("evidence.csv", views.evidence_export, name="evidence_export"),
]
