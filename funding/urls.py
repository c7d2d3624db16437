from django.urls import path

from . import report_views, views

app_name = "funding"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:org_id>/week/", views.week, name="week"),
    path("<int:org_id>/week/copy/", views.week_copy, name="week_copy"),
    path("<int:org_id>/records/", views.record_list, name="records"),
    path("<int:org_id>/records/<int:pk>/", views.record_edit, name="record_edit"),
    path("<int:org_id>/import/", views.record_import, name="import"),
    path("<int:org_id>/periods/", views.periods, name="periods"),
    path("<int:org_id>/periods/<int:pk>/close/", views.period_change, {"action": "close"}, name="period_close"),
    path("<int:org_id>/periods/<int:pk>/reopen/", views.period_change, {"action": "reopen"}, name="period_reopen"),
    path("<int:org_id>/follow-ups/", views.followups, name="followups"),
    path("<int:org_id>/parameters/", views.parameters, name="parameters"),
    path("<int:org_id>/consent/", views.consent, name="consent"),
    path("<int:org_id>/report/", report_views.centre_report, name="report"),
    path("<int:org_id>/report.csv", report_views.centre_report, {"fmt": "csv"}, name="report_csv"),
    path("<int:org_id>/report.xlsx", report_views.centre_report, {"fmt": "xlsx"}, name="report_xlsx"),
    path("network/", report_views.network_report, name="network"),
    path("network.csv", report_views.network_report, {"fmt": "csv"}, name="network_csv"),
    path("network.xlsx", report_views.network_report, {"fmt": "xlsx"}, name="network_xlsx"),
]
