"""Keep ServiceAtLocation.clientele_mask right when the ORM changes a service's clientèles or its points."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from .clientele_mask import masks_refresh
from .models import Clientele, Service, ServiceAtLocation


@receiver(m2m_changed, sender=Service.clienteles.through)
def clienteles_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse:  # service.clienteles.add(…): one service
        masks_refresh([instance.pk])
    else:  # clientele.service_set.add(…): these services, or every one when cleared
        masks_refresh(pk_set if action != "post_clear" else None)


@receiver(post_save, sender=ServiceAtLocation)
def point_saved(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        masks_refresh([instance.service_id])


@receiver(post_delete, sender=Clientele)
def clientele_deleted(sender, instance, **kwargs) -> None:
    # The links went with the clientèle (a cascade sends no m2m signal): its bit must leave every mask.
    masks_refresh()
