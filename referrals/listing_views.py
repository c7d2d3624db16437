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
from referrals.claims import claim_confirm
from referrals.listing import (
    LanguageFormSet,
    LocationForm,
    LocationPhoneFormSet,
    OrganizationForm,
    OrganizationPhoneFormSet,
    ScheduleFormSet,
    ServiceForm,
    ServicePointFormSet,
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
    claim_confirm(organization=organization, by=request.user)  # shown as verified "by the centre", never by a person
    messages.success(request, _("Thank you: your listing is marked as verified today."))
    return redirect("referrals:listing")


def _edit_page(request: HttpRequest, *, instance, form_class, formsets: list) -> HttpResponse:
    """Show or save one listing object with its inline formsets: [(heading, formset class, prefix), ...]."""
    data = request.POST if request.method == "POST" else None
    form = form_class(data, instance=instance)
    bound = [
        (heading, formset_class(data, instance=instance, prefix=prefix)) for heading, formset_class, prefix in formsets
    ]
    if data is not None and form.is_valid() and all(formset.is_valid() for _heading, formset in bound):
        with transaction.atomic():
            audited_form_save(form, actor=request.user)
            for _heading, formset in bound:
                audited_formset_save(formset, actor=request.user)
        messages.success(request, _("Changes saved."))
        return redirect("referrals:listing")
    return render(
        request,
        "referrals/listing_edit.html",
        {"title": str(instance), "form": form, "formsets": bound},
        status=400 if data is not None else 200,
    )


@require_http_methods(["GET", "POST"])
@staff_required
def organization_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit_page(
        request,
        instance=_get_organization_for_manager(request, pk),
        form_class=OrganizationForm,
        formsets=[(_("Phone numbers"), OrganizationPhoneFormSet, "phones")],
    )


@require_http_methods(["GET", "POST"])
@staff_required
def service_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit_page(
        request,
        instance=_get_service_for_manager(request, pk),
        form_class=ServiceForm,
        formsets=[(_("Languages"), LanguageFormSet, "languages"), (_("Service points"), ServicePointFormSet, "points")],
    )


@require_http_methods(["GET", "POST"])
@staff_required
def location_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit_page(
        request,
        instance=_get_location_for_manager(request, pk),
        form_class=LocationForm,
        formsets=[(_("Opening hours"), ScheduleFormSet, "hours"), (_("Phone numbers"), LocationPhoneFormSet, "phones")],
    )
