from django.core.management.base import BaseCommand

from cms.demo.loader import DemoLoader


class Command(BaseCommand):
    help = (
        "Build the demo site (English and French pages, settings, sample data). "
        "Safe to run again: a second run changes nothing."
    )

    def handle(self, *args, **options):
        DemoLoader(stdout=self.stdout).run()
