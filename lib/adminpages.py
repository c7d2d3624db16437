"""Admin pages for network administrators only, whose list page is a page of its own (an import, a dashboard)."""

from django.http import HttpRequest


class NetworkAdminPage:
    """Mixin for a ModelAdmin: seen and opened by network administrators (and superusers) only; nothing is added or
    changed through the stock admin forms. ``can_delete`` says whether the stock delete stays available."""

    can_delete = False

    def _allowed(self, request: HttpRequest) -> bool:
        user = request.user
        return user.is_active and (user.is_superuser or getattr(user, "is_network_admin", False))

    def has_module_permission(self, request) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return self.can_delete and self._allowed(request)
