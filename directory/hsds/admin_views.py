"""The HSDS import page of the admin, for network administrators: upload a publication, check it (the default, a
dry run) or import it, and read the report. Stateless: the upload is read from a temporary file and removed."""

import shutil
import tempfile
from pathlib import Path

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directory.importer import ImportFileError

from .importing import hsds_import

MAX_UPLOAD_BYTES = 200 * 1024 * 1024


class HsdsUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("HSDS publication (.json, .ndjson or .zip)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,.ndjson,.jsonl,.zip"}),
    )
    dry_run = forms.BooleanField(label=gettext_lazy("Check only, save nothing"), required=False, initial=True)
    language = forms.ChoiceField(
        label=gettext_lazy("Language of the publication's text"),
        choices=[("fr", gettext_lazy("French")), ("en", gettext_lazy("English"))],
        initial="fr",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB.") % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        if not upload.name.lower().endswith((".json", ".ndjson", ".jsonl", ".zip")):
            raise forms.ValidationError(_("Upload a .json, .ndjson or .zip file."))
        return upload


def allowed(request: HttpRequest) -> bool:
    user = request.user
    return user.is_active and (user.is_superuser or getattr(user, "is_network_admin", False))


def hsds_urls(site):
    def view(request: HttpRequest):
        if not allowed(request):
            raise PermissionDenied
        context = {**site.each_context(request), "title": _("Import an HSDS publication"), "report": None}
        form = HsdsUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            folder = Path(tempfile.mkdtemp(prefix="hsds-upload-"))
            try:
                target = folder / Path(upload.name).name
                with target.open("wb") as handle:
                    for chunk in upload.chunks():
                        handle.write(chunk)
                context["report"] = hsds_import(
                    target, dry_run=form.cleaned_data["dry_run"], language=form.cleaned_data["language"]
                )
            except ImportFileError as exc:
                context["error"] = str(exc)
            finally:
                shutil.rmtree(folder, ignore_errors=True)
        context["form"] = form
        return TemplateResponse(request, "admin/directory/hsds_import.html", context)

    return [path("import-hsds/", site.admin_view(view), name="directory_hsds_import")]
