"""Listing self-management: forms for a centre's own directory entries and the one-click confirmation."""

from django import forms
from django.db import transaction
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from directory.models import Language, Location, Organization, Phone, Schedule, Service, ServiceAtLocation
from referrals.audit import audited_field_update


def listing_confirm(*, organization: Organization, by: User, assurer: str = "") -> int:
    """Mark every service of the organisation as verified today by this person, or by ``assurer`` when given (e.g.
    the centre's name); each change audited."""
    today = timezone.localdate()
    assurer = (assurer or by.get_full_name() or by.email)[:200]
    count = 0
    with transaction.atomic():
        for service in Service.objects.filter(organization=organization):
            audited_field_update(service, fields={"assured_date": today, "assurer": assurer}, actor=by)
            count += 1
    return count


class OrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["description_fr", "description_en", "email", "website"]
        labels = {"description_fr": _("Description (French)"), "description_en": _("Description (English)")}


class ServiceForm(forms.ModelForm):
    class Meta:
        model = Service
        fields = [
            "name_fr",
            "name_en",
            "description_fr",
            "description_en",
            "status",
            "url",
            "email",
            "fees_description_fr",
            "fees_description_en",
            "eligibility_description_fr",
            "eligibility_description_en",
            "application_process_fr",
            "application_process_en",
            "clienteles",
            "kinds",
        ]
        labels = {
            "name_fr": _("Name (French)"),
            "name_en": _("Name (English)"),
            "description_fr": _("Description (French)"),
            "description_en": _("Description (English)"),
            "status": _("Status"),
            "fees_description_fr": _("Fees (French)"),
            "fees_description_en": _("Fees (English)"),
            "eligibility_description_fr": _("Who can use it (French)"),
            "eligibility_description_en": _("Who can use it (English)"),
            "application_process_fr": _("How to start (French)"),
            "application_process_en": _("How to start (English)"),
        }
        widgets = {"clienteles": forms.CheckboxSelectMultiple, "kinds": forms.CheckboxSelectMultiple}


class LocationForm(forms.ModelForm):
    class Meta:
        model = Location
        fields = ["name_fr", "name_en", "description_fr", "description_en", "transportation_fr", "transportation_en"]
        labels = {
            "name_fr": _("Name (French)"),
            "name_en": _("Name (English)"),
            "description_fr": _("Description (French)"),
            "description_en": _("Description (English)"),
            "transportation_fr": _("Getting there (French)"),
            "transportation_en": _("Getting there (English)"),
        }


class ScheduleForm(forms.ModelForm):
    class Meta:
        model = Schedule
        fields = ["byday", "opens_at", "closes_at", "description_fr", "description_en"]
        labels = {
            "byday": _("Day"),
            "opens_at": _("Opens at"),
            "closes_at": _("Closes at"),
            "description_fr": _("Note (French)"),
            "description_en": _("Note (English)"),
        }
        widgets = {
            "opens_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "closes_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def clean(self):
        data = super().clean()
        if data.get("opens_at") and data.get("closes_at") and data["opens_at"] >= data["closes_at"]:
            self.add_error("closes_at", _("The closing time must be after the opening time."))
        return data


class PhoneForm(forms.ModelForm):
    class Meta:
        model = Phone
        fields = ["number", "extension", "phone_type", "description_fr", "description_en"]
        labels = {
            "number": _("Number"),
            "extension": _("Extension"),
            "phone_type": _("Type"),
            "description_fr": _("Description (French)"),
            "description_en": _("Description (English)"),
        }


class LanguageForm(forms.ModelForm):
    class Meta:
        model = Language
        fields = ["code", "name_fr", "name_en"]
        labels = {"code": _("Code (ISO 639-1, e.g. fr)"), "name_fr": _("Name (French)"), "name_en": _("Name (English)")}


class ServicePointForm(forms.ModelForm):
    class Meta:
        model = ServiceAtLocation
        fields = ["description_fr", "description_en", "is_active"]
        labels = {
            "description_fr": _("Notes for this service point (French)"),
            "description_en": _("Notes for this service point (English)"),
            "is_active": _("Shown in the finder"),
        }


ScheduleFormSet = inlineformset_factory(Location, Schedule, form=ScheduleForm, extra=1, can_delete=True)
LocationPhoneFormSet = inlineformset_factory(Location, Phone, form=PhoneForm, extra=1, can_delete=True)
OrganizationPhoneFormSet = inlineformset_factory(Organization, Phone, form=PhoneForm, extra=1, can_delete=True)
LanguageFormSet = inlineformset_factory(Service, Language, form=LanguageForm, extra=1, can_delete=True)
ServicePointFormSet = inlineformset_factory(
    Service, ServiceAtLocation, form=ServicePointForm, extra=0, can_delete=False
)
