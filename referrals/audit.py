"""Every change a centre makes to its listing through the portal is recorded (who, when, old → new) as
django-auditlog entries.

Entries are written explicitly here rather than by registering the directory models globally: a global registration
would also log every row of each directory import (thousands of entries per load) and runs every model's __str__ on
each save, which other apps' test factories do not expect. Admin edits are already recorded by Django's admin log.
"""

from auditlog.models import LogEntry
from django.db import models
from django.db.models import QuerySet


def _display(value) -> str:
    if isinstance(value, QuerySet | list | tuple | set):
        return ", ".join(sorted(str(item) for item in value))
    if value is None:
        return ""
    return str(value)


def form_changes(form) -> dict[str, list[str]]:
    """{field: [old, new]} for the fields a bound, valid ModelForm changed."""
    return {
        name: [_display(form.initial.get(name)), _display(form.cleaned_data.get(name))] for name in form.changed_data
    }


def _log(instance: models.Model, action: int, changes: dict, actor) -> None:
    LogEntry.objects.log_create(instance, action=action, changes=changes, actor=actor, force_log=True)


def audited_form_save(form, *, actor):
    """Save a ModelForm and record what changed."""
    changes = form_changes(form)
    instance = form.save()
    if changes:
        _log(instance, LogEntry.Action.UPDATE, changes, actor)
    return instance


def audited_formset_save(formset, *, actor) -> None:
    """Save an inline formset and record each created, changed and deleted row."""
    for form in formset.deleted_forms:
        if form.instance.pk:
            _log(form.instance, LogEntry.Action.DELETE, {}, actor)
    created = {id(form) for form in formset.forms if form.instance.pk is None}
    changes = {id(form): form_changes(form) for form in formset.forms if form.has_changed()}
    formset.save()
    for form in formset.forms:
        if form in formset.deleted_forms or id(form) not in changes or form.instance.pk is None:
            continue
        action = LogEntry.Action.CREATE if id(form) in created else LogEntry.Action.UPDATE
        _log(form.instance, action, changes[id(form)], actor)


def audited_field_update(instance: models.Model, *, fields: dict, actor) -> None:
    """Set some fields, save them and record the change (used by the one-click confirmation)."""
    changes = {}
    for name, value in fields.items():
        old = getattr(instance, name)
        if old != value:
            changes[name] = [_display(old), _display(value)]
        setattr(instance, name, value)
    instance.save(update_fields=[*fields, "updated_at"] if hasattr(instance, "updated_at") else list(fields))
    if changes:
        _log(instance, LogEntry.Action.UPDATE, changes, actor)
