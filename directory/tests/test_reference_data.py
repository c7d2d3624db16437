"""The session-wide reference data holds the whole sample directory, ready for the finder."""

from django.db.models import Count

from directory.models import Clientele, Organization, ServiceAtLocation
from directory.queries import service_points_for_listing


def test_the_sample_directory_is_loaded_with_the_reference_data(reference_data, db):
    assert Organization.objects.filter(is_sample=True).exclude(slug__startswith="gen-").count() >= 100
    regions = ServiceAtLocation.objects.values("region").distinct().count()
    assert regions == 17


def test_every_clientele_is_served_somewhere(reference_data, db):
    unserved = Clientele.objects.annotate(n=Count("services")).filter(n=0).values_list("slug", flat=True)
    assert list(unserved) == []


def test_service_points_are_where_their_locations_are(reference_data, db):
    for point in service_points_for_listing()[:50]:
        assert (point.latitude, point.longitude, point.region_id) == (
            point.location.latitude,
            point.location.longitude,
            point.location.region_id,
        )
        assert point.location.municipality.region_id == point.region_id


def test_the_whole_sample_directory_exports_in_a_form_the_importer_accepts(reference_data, db):
    from directory.export import directory_export, organizations_for_export
    from directory.importer import directory_import

    data = directory_export(organizations_for_export().filter(is_sample=True).exclude(slug__startswith="gen-"))
    assert len(data["organizations"]) >= 100
    report = directory_import(data, dry_run=True)
    assert report.rejected == []
