from django.db import transaction
from django.dispatch import receiver
from wagtail.signals import page_published

from .models import FlyerPage


@receiver(page_published, sender=FlyerPage)
def prerender_on_publish(sender, instance, **kwargs):
    from .tasks import prerender_flyer

    transaction.on_commit(lambda: prerender_flyer.delay(instance.pk))
