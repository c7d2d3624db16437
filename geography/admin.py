"""Read-only admin for the reference geography: it comes in through ``manage.py load_geography`` only."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .models import ForwardSortationArea, LoadRecord, Municipality, PlaceName, PostalCode, Region


class ReadOnlyAdminMixin:
    """Viewable by staff with the view permission; edited only by reloading the bundled files."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Region)
class RegionAdmin(ReadOnlyAdminMixin, TranslationAdmin):
    list_display = ["code", "name", "population"]
    search_fields = ["code", "name_fr", "name_en"]
    exclude = ["boundary"]  # a few thousand coordinates: unreadable in a form


@admin.register(Municipality)
class MunicipalityAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "designation", "region", "mrc_name", "population", "fsa_code"]
    list_filter = ["region"]
    list_select_related = ["region"]
    search_fields = ["name", "name_key", "code", "fsa_code"]


@admin.register(ForwardSortationArea)
class ForwardSortationAreaAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "place_name", "is_rural", "region"]
    list_filter = ["is_rural", "region"]
    list_select_related = ["region"]
    search_fields = ["code", "name", "place_name"]


@admin.register(PostalCode)
class PostalCodeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "place_name", "fsa", "latitude", "longitude"]
    search_fields = ["=code", "place_name"]
    show_full_result_count = False  # 225,000 rows: skip the second COUNT


@admin.register(PlaceName)
class PlaceNameAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "region", "fsa", "population", "n_postal_codes"]
    list_filter = ["region"]
    list_select_related = ["region", "fsa"]
    search_fields = ["name", "name_key"]


@admin.register(LoadRecord)
class LoadRecordAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "checksum", "loaded_at"]
