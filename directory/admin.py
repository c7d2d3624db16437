"""Admin of the directory: organisations with their services, locations with their details, the taxonomy."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline, TranslationTabularInline

from .models import (
    Accessibility,
    Address,
    Clientele,
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceKind,
)
from .writes import location_points_sync, point_copy_location


@admin.register(Clientele)
class ClienteleAdmin(TranslationAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["slug", "name_fr", "name_en"]


@admin.register(ServiceKind)
class ServiceKindAdmin(TranslationAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["slug", "name_fr", "name_en"]


class PhoneInline(TranslationTabularInline):
    model = Phone
    extra = 0
    fields = ["number", "extension", "phone_type", "description"]


class ScheduleInline(TranslationTabularInline):
    model = Schedule
    extra = 0
    fields = ["byday", "opens_at", "closes_at", "description"]


class LanguageInline(TranslationTabularInline):
    model = Language
    extra = 0
    fields = ["code", "name"]


class ServiceInline(TranslationStackedInline):
    model = Service
    extra = 0
    fields = ["slug", "name", "status", "assured_date", "assurer"]
    show_change_link = True


class LocationSummaryInline(admin.TabularInline):
    """Locations are edited on their own page (their details and service points depend on them)."""

    model = Location
    extra = 0
    fields = ["slug", "name", "municipality", "region"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Organization)
class OrganizationAdmin(TranslationAdmin):
    list_display = ["name", "slug", "is_member", "is_sample", "updated_at"]
    list_filter = ["is_member", "is_sample", ("locations__region", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["slug", "name_fr", "name_en", "alternate_name"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [ServiceInline, LocationSummaryInline, PhoneInline]
    change_list_template = "admin/directory/organization/change_list_hsds.html"

    def get_queryset(self, request):
        return super().get_queryset(request).distinct()

    def get_urls(self):
        from .hsds.admin_views import hsds_urls  # the HSDS import page

        return hsds_urls(self.admin_site) + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        from .hsds.admin_views import allowed

        return super().changelist_view(request, {**(extra_context or {}), "hsds_import_allowed": allowed(request)})


class ServiceAtLocationInline(TranslationTabularInline):
    model = ServiceAtLocation
    extra = 0
    fields = ["location", "is_active", "description"]
    raw_id_fields = ["location"]


class ServiceAreaInline(TranslationTabularInline):
    model = ServiceArea
    extra = 0
    fields = ["name", "region", "municipality", "description"]
    raw_id_fields = ["municipality"]


@admin.register(Service)
class ServiceAdmin(TranslationAdmin):
    list_display = ["name", "organization", "status", "assured_date"]
    list_filter = ["status", "clienteles", "kinds", "service_at_locations__region", "organization__is_sample"]
    list_select_related = ["organization"]
    search_fields = ["slug", "name_fr", "name_en", "organization__name_fr", "organization__slug"]
    raw_id_fields = ["organization"]
    filter_horizontal = ["clienteles", "kinds"]
    date_hierarchy = "assured_date"
    inlines = [ServiceAtLocationInline, ScheduleInline, LanguageInline, PhoneInline, ServiceAreaInline]

    def get_queryset(self, request):
        return super().get_queryset(request).distinct()

    def save_formset(self, request, form, formset, change):
        if formset.model is ServiceAtLocation:
            for inline_form in formset.forms:
                point = inline_form.instance
                if point.location_id:
                    point_copy_location(point)
        super().save_formset(request, form, formset, change)


class AddressInline(admin.TabularInline):
    model = Address
    extra = 0


class AccessibilityInline(TranslationTabularInline):
    model = Accessibility
    extra = 0


@admin.register(Location)
class LocationAdmin(TranslationAdmin):
    list_display = ["name", "organization", "municipality", "region", "placed_from_postal_code"]
    list_filter = ["region", "organization__is_sample", "placed_from_postal_code"]
    list_select_related = ["organization", "municipality", "region"]
    search_fields = ["slug", "name_fr", "name_en", "organization__name_fr", "municipality__name"]
    raw_id_fields = ["organization", "municipality"]
    readonly_fields = ["region", "placed_from_postal_code"]
    inlines = [AddressInline, PhoneInline, ScheduleInline, LanguageInline, AccessibilityInline]

    def save_model(self, request, obj, form, change):
        obj.region_id = obj.municipality.region_id
        super().save_model(request, obj, form, change)
        location_points_sync(location=obj)


@admin.register(ServiceAtLocation)
class ServiceAtLocationAdmin(TranslationAdmin):
    list_display = ["__str__", "region", "is_active"]
    list_filter = ["region", "is_active", "service__clienteles", "service__organization__is_sample"]
    list_select_related = ["service__organization", "location", "region"]
    search_fields = ["service__name_fr", "service__organization__name_fr", "location__name_fr"]
    raw_id_fields = ["service", "location"]
    readonly_fields = ["latitude", "longitude", "region"]

    def save_model(self, request, obj, form, change):
        point_copy_location(obj)
        super().save_model(request, obj, form, change)


@admin.register(Phone)
class PhoneAdmin(TranslationAdmin):
    list_display = ["number", "phone_type", "organization", "service", "location"]
    list_filter = ["phone_type"]
    search_fields = ["number"]
    raw_id_fields = ["organization", "service", "location"]


@admin.register(Schedule)
class ScheduleAdmin(TranslationAdmin):
    list_display = ["__str__", "service", "location"]
    list_filter = ["byday"]
    raw_id_fields = ["service", "location"]


@admin.register(Language)
class LanguageAdmin(TranslationAdmin):
    list_display = ["code", "name", "service", "location"]
    list_filter = ["code"]
    raw_id_fields = ["service", "location"]


@admin.register(Accessibility)
class AccessibilityAdmin(TranslationAdmin):
    list_display = ["description", "location"]
    search_fields = ["description_fr", "description_en"]
    raw_id_fields = ["location"]


@admin.register(ServiceArea)
class ServiceAreaAdmin(TranslationAdmin):
    list_display = ["name", "service", "region"]
    list_filter = ["region"]
    raw_id_fields = ["service", "municipality"]


@admin.register(Address)
class AddressAdmin(admin.ModelAdmin):
    list_display = ["__str__", "address_type", "location"]
    list_filter = ["address_type", ("location__region", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["address_1", "city", "postal_code"]
    raw_id_fields = ["location"]


from directory import admin_import  # noqa: E402, F401  (going live: the spreadsheet import pages)
