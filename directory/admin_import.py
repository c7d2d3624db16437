"""Spreadsheet import in the admin, for network administrators: download the template, upload, preview what each row
will do (created, updated, unchanged, rejected and why), confirm.

The upload is kept in the database between the preview and the confirmation (app servers keep no state), and the
confirmation imports it again from scratch: what is saved is what the same checks say at that moment.
"""

import hashlib

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lib.adminpages import NetworkAdminPage

from .models import SheetUpload
from .sheet_template import template_csv, template_xlsx
from .spreadsheet import MAX_BYTES, SheetFileError, sheet_import, sheet_read

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class SheetUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (XLSX or CSV)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)})
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Upload the template as .xlsx or .csv."))
        return upload


def _protected() -> frozenset[str]:
    from referrals.claims import claimed_slugs

    return claimed_slugs()


@admin.register(SheetUpload)
class SheetUploadAdmin(NetworkAdminPage, admin.ModelAdmin):
    """The list page of "uploaded spreadsheets" is the import page itself."""

    can_delete = True

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("", wrap(self.upload_view), name="directory_sheetupload_changelist"),
            path("template.<str:fmt>", wrap(self.template_view), name="directory_sheet_template"),
            path("<int:pk>/", wrap(self.preview_view), name="directory_sheet_preview"),
            path("<int:pk>/confirm/", wrap(self.confirm_view), name="directory_sheet_confirm"),
        ]

    def _context(self, request: HttpRequest, title: str, **extra) -> dict:
        return {**self.admin_site.each_context(request), "title": title, "opts": self.opts, **extra}

    def upload_view(self, request: HttpRequest) -> HttpResponse:
        if not self._allowed(request):
            raise PermissionDenied
        form = SheetUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            content = upload.read()
            try:
                sheet_read(content, upload.name)
            except SheetFileError as exc:
                form.add_error("file", str(exc))
            else:
                SheetUpload.objects.filter(uploaded_by=request.user.email).delete()  # one pending upload each
                stored = SheetUpload.objects.create(
                    filename=upload.name[:200],
                    content=content,
                    digest=hashlib.sha256(content).hexdigest(),
                    uploaded_by=request.user.email,
                )
                return redirect("admin:directory_sheet_preview", stored.pk)
        context = self._context(request, _("Import the network's spreadsheet"), form=form)
        return TemplateResponse(
            request, "admin/directory/sheet_upload.html", context, status=400 if form.errors else 200
        )

    def template_view(self, request: HttpRequest, fmt: str) -> HttpResponse:
        if not self._allowed(request):
            raise PermissionDenied
        language = "en" if request.GET.get("lang") == "en" else "fr"
        name = "modele-points-de-service" if language == "fr" else "service-points-template"
        if fmt == "xlsx":
            response = HttpResponse(template_xlsx(language), content_type=XLSX)
        elif fmt == "csv":
            response = HttpResponse(template_csv(language), content_type="text/csv; charset=utf-8")
        else:
            return HttpResponse(status=404)
        response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
        return response

    def _upload(self, request: HttpRequest, pk: int) -> SheetUpload:
        if not self._allowed(request):
            raise PermissionDenied
        return get_object_or_404(SheetUpload, pk=pk)

    def preview_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        upload = self._upload(request, pk)
        try:
            report = sheet_import(
                sheet_read(bytes(upload.content), upload.filename), dry_run=True, protected=_protected()
            )
        except SheetFileError as exc:  # pragma: no cover - checked at upload
            messages.error(request, str(exc))
            return redirect("admin:directory_sheetupload_changelist")
        rejected = [row for row in report.rows if row.action == "rejected"]
        context = self._context(
            request,
            _("Preview: %(file)s") % {"file": upload.filename},
            upload=upload,
            report=report,
            rejected=rejected,
            rows=report.rows,
            placed=sum(1 for row in report.rows if row.placed_from_postal_code and row.action != "rejected"),
            nothing_to_do=not (report.created or report.updated),
        )
        return TemplateResponse(request, "admin/directory/sheet_preview.html", context)

    def confirm_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        upload = self._upload(request, pk)
        if request.method != "POST":
            return redirect("admin:directory_sheet_preview", upload.pk)
        report = sheet_import(sheet_read(bytes(upload.content), upload.filename), protected=_protected())
        upload.delete()
        messages.success(
            request,
            _(
                "Imported: %(created)s service points created, %(updated)s updated, %(unchanged)s unchanged, "
                "%(rejected)s rejected. Next: invite the organisations to claim their listing."
            )
            % {
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "rejected": len(report.rejected),
            },
        )
        return redirect("admin:referrals_listingclaim_changelist")
