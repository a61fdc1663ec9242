from django.dispatch import receiver
from wagtail.signals import page_published

from .models import EventPage
from .services.notices import event_published


@receiver(page_published, sender=EventPage)
def on_event_published(sender, instance, **kwargs):
    event_published(instance)
