from django.contrib import admin

from outbox.models import OutgoingMail


@admin.register(OutgoingMail)
class OutgoingMailAdmin(admin.ModelAdmin):
    # Read only, and no recipient or body: the outbox may hold a person's address until the purge.
    list_display = ["created_at", "kind", "status", "attempts", "last_error", "next_attempt_at", "sent_at"]
    list_filter = ["status", "kind"]
    fields = list_display

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
