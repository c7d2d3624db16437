"""Managers keep their organisation's listing right. Every object is reached through a manager-only helper."""

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.access import managed_organization_ids, staff_required
from directory.models import Location, Organization, Service
from referrals.audit import audited_form_save, audited_formset_save
from referrals.listing import (
    LanguageFormSet,
    LocationForm,
    LocationPhoneFormSet,
    OrganizationForm,
    OrganizationPhoneFormSet,
    ScheduleFormSet,
    ServiceForm,
    ServicePointFormSet,
    listing_confirm,
)


def _get_organization_for_manager(request: HttpRequest, pk: int) -> Organization:
    return get_object_or_404(Organization, pk=pk, pk__in=managed_organization_ids(request.user))


def _get_service_for_manager(request: HttpRequest, pk: int) -> Service:
    return get_object_or_404(
        Service.objects.select_related("organization"),
        pk=pk,
        organization_id__in=managed_organization_ids(request.user),
    )


def _get_location_for_manager(request: HttpRequest, pk: int) -> Location:
    return get_object_or_404(
        Location.objects.select_related("organization"),
        pk=pk,
        organization_id__in=managed_organization_ids(request.user),
    )


@require_safe
@staff_required
def listing(request: HttpRequest) -> HttpResponse:
    organizations = (
        Organization.objects.filter(pk__in=managed_organization_ids(request.user))
        .prefetch_related("services", "locations")
        .order_by("name")
    )
    return render(request, "referrals/listing.html", {"organizations": organizations})


@require_POST
@staff_required
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    organization = _get_organization_for_manager(request, pk)
    listing_confirm(organization=organization, by=request.user)
    messages.success(request, _("Thank you: your listing is marked as verified today."))
    return redirect("referrals:listing")


def _save_all(request: HttpRequest, form, *formsets) -> bool:
    if form.is_valid() and all(formset.is_valid() for formset in formsets):
        with transaction.atomic():
            audited_form_save(form, actor=request.user)
            for formset in formsets:
                audited_formset_save(formset, actor=request.user)
        return True
    return False


@require_http_methods(["GET", "POST"])
@staff_required
def organization_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organization = _get_organization_for_manager(request, pk)
    data = request.POST if request.method == "POST" else None
    form = OrganizationForm(data, instance=organization)
    phones = OrganizationPhoneFormSet(data, instance=organization, prefix="phones")
    if request.method == "POST" and _save_all(request, form, phones):
        messages.success(request, _("Changes saved."))
        return redirect("referrals:listing")
    return render(
        request,
        "referrals/listing_edit.html",
        {"title": organization.name, "form": form, "formsets": [(_("Phone numbers"), phones)]},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@staff_required
def service_edit(request: HttpRequest, pk: int) -> HttpResponse:
    service = _get_service_for_manager(request, pk)
    data = request.POST if request.method == "POST" else None
    form = ServiceForm(data, instance=service)
    languages = LanguageFormSet(data, instance=service, prefix="languages")
    points = ServicePointFormSet(data, instance=service, prefix="points")
    if request.method == "POST" and _save_all(request, form, languages, points):
        messages.success(request, _("Changes saved."))
        return redirect("referrals:listing")
    return render(
        request,
        "referrals/listing_edit.html",
        {
            "title": service.name,
            "form": form,
            "formsets": [(_("Languages"), languages), (_("Service points"), points)],
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@staff_required
def location_edit(request: HttpRequest, pk: int) -> HttpResponse:
    location = _get_location_for_manager(request, pk)
    data = request.POST if request.method == "POST" else None
    form = LocationForm(data, instance=location)
    schedules = ScheduleFormSet(data, instance=location, prefix="hours")
    phones = LocationPhoneFormSet(data, instance=location, prefix="phones")
    if request.method == "POST" and _save_all(request, form, schedules, phones):
        messages.success(request, _("Changes saved."))
        return redirect("referrals:listing")
    return render(
        request,
        "referrals/listing_edit.html",
        {
            "title": location.name,
            "form": form,
            "formsets": [(_("Opening hours"), schedules), (_("Phone numbers"), phones)],
        },
        status=400 if request.method == "POST" else 200,
    )
