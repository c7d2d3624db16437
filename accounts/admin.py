from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organization"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["email", "first_name", "last_name", "is_network_admin", "is_analyst", "is_active", "last_login"]
    list_filter = ["is_network_admin", "is_analyst", "is_active", "is_staff"]
    search_fields = ["email", "first_name", "last_name"]
    ordering = ["email"]
    inlines = [MembershipInline]
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        (_("Trouve ton X"), {"fields": ["preferred_language", "is_network_admin", "is_analyst"]}),
    ]
